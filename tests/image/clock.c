// SPDX-License-Identifier: MIT
/* time(), gettimeofday() and clock() give the host's date and advance. */
// eremit-test: stdout wall clock is after 2024
// eremit-test: stdout time advances
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

int main(void)
{
	struct timeval a, b;
	gettimeofday(&a, NULL);
	if (time(NULL) < 1704067200) /* 2024-01-01 */
		return printf("time() = %lld\n", (long long)time(NULL)), 1;
	printf("wall clock is after 2024\n");
	clock_t c0 = clock();
	volatile double x = 0;
	for (long i = 0; i < 20000000; i++)
		x += 1e-9 * i;
	gettimeofday(&b, NULL);
	clock_t c1 = clock();
	long long us = (b.tv_sec - a.tv_sec) * 1000000LL + (b.tv_usec - a.tv_usec);
	if (us <= 0 || c1 <= c0)
		return printf("no progress: %lld us, clock %ld -> %ld\n", us, (long)c0, (long)c1),
		       1;
	printf("time advances\n");
	return 0;
}
