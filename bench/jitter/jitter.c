// SPDX-License-Identifier: MIT
/*
 * bench/jitter: a selfish-detour loop. It reads the monotonic clock as fast
 * as it can for SECONDS; any gap between two readings longer than THRESHOLD
 * ns is a detour: time the core spent on something other than this loop
 * (an interrupt, the host preempting the vCPU, a page fault). The same C
 * source runs on Linux and on Eremit.
 *   jitter [SECONDS] [THRESHOLD_NS] [CSV]   (defaults 5, 1000; CSV: histogram file)
 * Prints "name value" lines for run.sh, and with CSV a log2 histogram of the
 * detours (bucket_ns,count).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BUCKETS 40

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 5;
	long long threshold = argc > 2 ? atoll(argv[2]) : 1000;
	const char *csv = argc > 3 ? argv[3] : 0;
	long long hist[BUCKETS] = {0}, detours = 0, detour_ns = 0, max = 0, loops = 0;
	long long start, end, prev, t, min = 1LL << 62;

	if (seconds <= 0 || threshold <= 0) {
		fprintf(stderr, "usage: %s [SECONDS] [THRESHOLD_NS] [CSV]\n", argv[0]);
		return 2;
	}
	start = prev = now_ns();
	end = start + (long long)(seconds * 1e9);
	do {
		long long gap;

		t = now_ns();
		gap = t - prev;
		prev = t;
		loops++;
		if (gap < min)
			min = gap;
		if (gap <= threshold)
			continue;
		detours++;
		detour_ns += gap;
		if (gap > max)
			max = gap;
		int b = 0;
		while (b < BUCKETS - 1 && (1LL << (b + 1)) <= gap)
			b++;
		hist[b]++;
	} while (t < end);

	double total = (double)(t - start);
	printf("loops %lld\n", loops);
	printf("loop_ns %.1f\n", total / (double)loops);
	printf("min_gap_ns %lld\n", min);
	printf("detours %lld\n", detours);
	printf("detours_per_s %.1f\n", (double)detours / (total * 1e-9));
	printf("max_detour_us %.3f\n", (double)max / 1e3);
	printf("noise_pct %.5f\n", 100.0 * (double)detour_ns / total);
	if (csv) {
		FILE *f = fopen(csv, "w");
		if (!f) {
			perror(csv);
			return 1;
		}
		fprintf(f, "bucket_ns,count\n");
		for (int b = 0; b < BUCKETS; b++)
			if (hist[b])
				fprintf(f, "%lld,%lld\n", 1LL << b, hist[b]);
		if (fclose(f)) {
			perror(csv);
			return 1;
		}
	}
	return 0;
}
