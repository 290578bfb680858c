// SPDX-License-Identifier: MIT
/* Unbounded recursion hits the guard page under the stack and is named as such. */
// eremit-test: status 139
// eremit-test: stderr-re stack overflow: the guard page below the stack was hit
// eremit-test: stderr-re <recurse\+0x[0-9a-f]+>
#include <stdio.h>

__attribute__((noinline)) long recurse(long depth)
{
	volatile char frame[512];
	frame[0] = (char)depth;
	return recurse(depth + 1) + frame[0];
}

int main(void)
{
	printf("%ld\n", recurse(0));
	return 0;
}
