// SPDX-License-Identifier: MIT
/* The program tests/monitor/gdb.sh debugs: a global, a function with arguments and a local. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int counter = 41;
volatile int spinning; /* "spin": loops until a debugger clears it */

__attribute__((noinline)) int add_scaled(int a, int b)
{
	int scaled = b * 10;

	counter += a;
	return a + scaled;
}

int main(int argc, char **argv)
{
	int r;

	if (argc > 1 && !strcmp(argv[1], "spin")) {
		spinning = 1;
		write(2, "spinning\n", 9); /* tells gdb.sh when to press ctrl-C */
		while (spinning)
			;
		printf("spun\n");
		return 5;
	}
	if (argc > 1 && !strcmp(argv[1], "crash"))
		*(volatile int *)8 = 1;
	r = add_scaled(1, 2);
	printf("result %d counter %d\n", r, counter);
	return r == 21 ? 7 : 1;
}
