// SPDX-License-Identifier: MIT
/*
 * bench/malloc: malloc/free throughput, the same C source on Linux (glibc)
 * and on Eremit (newlib's malloc today). Three patterns over a set of live
 * blocks: same-size churn (64 B) and mixed small sizes (16 B..4 KiB) over
 * 4096 blocks, large blocks (64 KiB..1 MiB) over 256 (at most 256 MiB live); each writes the first
 * and last byte of a block so that memory is really handed out. malloc [MILLION_OPS]     (default
 * 10)     prints "pattern Mops/s" lines One thread for now: with threads it also runs N threads at
 * once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SLOTS 4096

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t size_for(int pattern)
{
	switch (pattern) {
	case 0:
		return 64;
	case 1:
		return 16 + next() % 4081;
	default:
		return (64u << 10) + next() % (960u << 10);
	}
}

/* ops times: replace a random slot's block with a new one. */
static double run(int pattern, long ops)
{
	static char *slot[SLOTS];
	unsigned slots = pattern == 2 ? SLOTS / 16 : SLOTS;
	double t0 = now_s();

	for (long i = 0; i < ops; i++) {
		unsigned s = (unsigned)(next() % slots);
		size_t n = size_for(pattern);

		free(slot[s]);
		slot[s] = malloc(n);
		if (!slot[s]) {
			fprintf(stderr, "out of memory after %ld operations\n", i);
			exit(1);
		}
		slot[s][0] = 1;
		slot[s][n - 1] = 1;
	}
	double t = now_s() - t0;
	for (unsigned s = 0; s < SLOTS; s++) {
		free(slot[s]);
		slot[s] = 0;
	}
	return (double)ops / t / 1e6;
}

int main(int argc, char **argv)
{
	long mops = argc > 1 ? atol(argv[1]) : 10;

	if (mops <= 0) {
		fprintf(stderr, "usage: %s [MILLION_OPS]\n", argv[0]);
		return 2;
	}
	run(1, 100000); /* warm up the heap */
	printf("same_64B %.2f\n", run(0, mops * 1000000));
	printf("mixed_16B_4KiB %.2f\n", run(1, mops * 1000000));
	printf("large_64KiB_1MiB %.3f\n", run(2, mops * 10000));
	return 0;
}
