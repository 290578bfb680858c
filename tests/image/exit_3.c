// SPDX-License-Identifier: MIT
/* exit(3) flushes an unterminated line and ends the VM with status 3. */
// eremit-test: status 3
// eremit-test: stdout-exact
// eremit-test: stdout before exit, no newline
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("before exit, no newline");
	exit(3);
}
