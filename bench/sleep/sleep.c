// SPDX-License-Identifier: MIT
/* Sleep accuracy: how long nanosleep of 50 us, 1 ms and 200 ms really takes. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* n sleeps of req_ns: prints "NAME_min/_median/_max MICROSECONDS" lines. */
static void measure(const char *name, long long req_ns, int n)
{
	long long *took = malloc(sizeof(*took) * (size_t)n);
	if (!took)
		exit(1);
	struct timespec req = {req_ns / 1000000000LL, req_ns % 1000000000LL};
	for (int i = 0; i < n; i++) {
		long long t0 = now_ns();
		if (nanosleep(&req, NULL))
			exit(1);
		took[i] = now_ns() - t0;
	}
	qsort(took, (size_t)n, sizeof(*took), cmp);
	printf("%s_min %.3f\n%s_median %.3f\n%s_max %.3f\n", name, took[0] / 1e3, name,
	       took[n / 2] / 1e3, name, took[n - 1] / 1e3);
	free(took);
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	if (scale < 1)
		return fprintf(stderr, "usage: sleep [SCALE >= 1]\n"), 2;
	measure("50us", 50000, 200 * scale);
	measure("1ms", 1000000, 100 * scale);
	measure("200ms", 200000000, 5 * scale);
	return 0;
}
