// SPDX-License-Identifier: MIT
/* Prints "mark N" lines 200 ms apart, for the host to time (sleep_host.sh). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MARKS 4

int main(void)
{
	for (int i = 0; i < MARKS; i++) {
		char line[32];
		int n = snprintf(line, sizeof(line), "mark %d\n", i);
		/* write, not stdio: the line leaves the guest now, not at a flush. */
		if (write(1, line, (size_t)n) != n)
			return 1;
		if (i + 1 < MARKS && nanosleep(&(struct timespec){0, 200000000}, NULL))
			return 1;
	}
	return 0;
}
