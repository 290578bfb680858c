// SPDX-License-Identifier: MIT
/* Under QEMU there are no host files: every file call fails with ENOSYS, clearly. */
// eremit-test: runner qemu
// eremit-test: stdout open: Function not implemented
// eremit-test: stdout stat: Function not implemented
// eremit-test: stdout fopen: Function not implemented
// eremit-test: stdout-exact
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(void)
{
	struct stat st;

	if (open("input.dat", O_RDONLY) < 0)
		printf("open: %s\n", strerror(errno));
	if (stat(".", &st) < 0)
		printf("stat: %s\n", strerror(errno));
	if (!fopen("out.dat", "w"))
		printf("fopen: %s\n", strerror(errno));
	return 0;
}
