// SPDX-License-Identifier: MIT
/* __thread variables: initialised (.tdata) and zeroed (.tbss), aligned. */
// eremit-test: stdout-exact
// eremit-test: stdout tdata=1234 tbss=0 aligned=1
// eremit-test: stdout after write: 1235 7
#include <stdint.h>
#include <stdio.h>

__thread int initialised = 1234;
__thread long zeroed;
__thread _Alignas(64) char line[64] = "x";

int main(void)
{
	printf("tdata=%d tbss=%ld aligned=%d\n", initialised, zeroed,
	       ((uintptr_t)line % 64) == 0 && line[0] == 'x');
	initialised++;
	zeroed = 7;
	printf("after write: %d %ld\n", initialised, zeroed);
	return 0;
}
