// SPDX-License-Identifier: MIT
/* The smallest program: output, arguments, exit status 0. */
// eremit-test: args alpha beta
// eremit-test: stdout Hello from Eremit!
// eremit-test: stdout argc=3
// eremit-test: stdout argv[1]=alpha
// eremit-test: stdout argv[2]=beta
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("Hello from Eremit!\n");
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	return 0;
}
