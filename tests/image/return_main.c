// SPDX-License-Identifier: MIT
/* Returning from main is exit(): atexit handlers run, stdio is flushed. */
// eremit-test: status 42
// eremit-test: stdout-exact
// eremit-test: stdout in main
// eremit-test: stdout atexit handler ran
#include <stdio.h>
#include <stdlib.h>

static void on_exit_handler(void)
{
	printf("atexit handler ran\n");
}

int main(void)
{
	atexit(on_exit_handler);
	printf("in main\n");
	return 42;
}
