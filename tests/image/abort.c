// SPDX-License-Identifier: MIT
/* abort() ends the VM with 128 + SIGABRT and says so. */
// eremit-test: status 134
// eremit-test: stdout printed before abort
// eremit-test: stderr-re terminated by signal 6, SIGABRT
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("printed before abort\n");
	fflush(stdout);
	abort();
}
