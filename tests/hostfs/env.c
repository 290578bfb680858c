// SPDX-License-Identifier: MIT
/* Prints argc, each argv[i] and the environment, one per line, for the monitor's tests. */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("getenv(OMP_NUM_THREADS)=%s\n",
	       getenv("OMP_NUM_THREADS") ? getenv("OMP_NUM_THREADS") : "(null)");
	for (char **e = environ; *e; e++)
		printf("env %s\n", *e);
	return 0;
}
