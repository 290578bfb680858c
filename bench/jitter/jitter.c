// SPDX-License-Identifier: MIT
/*
 * bench/jitter: a selfish-detour loop on every core at once. Each core reads
 * the monotonic clock as fast as it can for SECONDS; any gap between two
 * readings longer than THRESHOLD ns is a detour: time the core spent on
 * something other than this loop (an interrupt, the host preempting the
 * vCPU or thread, a page fault). The same C source runs on Linux and on
 * Eremit (bench/common/par.h starts the cores).
 *   jitter [SECONDS] [THRESHOLD_NS] [CSV] [CORES]
 *   (defaults 5 s, 1000 ns, no CSV, every core)
 * Prints "key.CORE value" lines for run.sh, CORE being 0..CORES-1 or "all",
 * and with CSV the log2 histogram of detour lengths, one column per core.
 */
#include "../common/par.h"
#include <time.h>

#define BUCKETS 40

/* One core's results, written by that core only. */
struct core {
	_Alignas(PAR_LINE) long long loops, detours, detour_ns, max, min, t0, t1;
	long long irqs;	  /* timer interrupts during the loop, -1 if unknown */
	int cpu, cpu_end; /* where it ran (Eremit: core; Linux: host CPU) at start and end */
	long long hist[BUCKETS];
};

static struct core core[PAR_MAX];
static long long run_ns, threshold;

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void detour_loop(unsigned i, void *unused)
{
	struct core *c = &core[i];
	long long hist[BUCKETS] = {0}, detours = 0, detour_ns = 0, max = 0, loops = 0;
	long long start, end, prev, t, min = 1LL << 62, irqs;

	(void)unused;
	c->cpu = par_cpu();
	irqs = par_timer_irqs();
	start = prev = now_ns();
	end = start + run_ns;
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

	long long after = par_timer_irqs();
	c->irqs = irqs < 0 || after < 0 ? -1 : after - irqs;
	c->cpu_end = par_cpu();
	c->loops = loops;
	c->detours = detours;
	c->detour_ns = detour_ns;
	c->max = max;
	c->min = min;
	c->t0 = start;
	c->t1 = t;
	for (int b = 0; b < BUCKETS; b++)
		c->hist[b] = hist[b];
}

static void report(const char *key, const struct core *c)
{
	double ns = (double)(c->t1 - c->t0);

	/* One clock read: the loop's time without the detours. */
	printf("loop_ns.%s %.2f\n", key,
	       (ns - (double)c->detour_ns) / (double)(c->loops - c->detours));
	printf("min_gap_ns.%s %lld\n", key, c->min);
	printf("detours.%s %lld\n", key, c->detours);
	printf("detours_per_s.%s %.1f\n", key, (double)c->detours / (ns * 1e-9));
	printf("max_detour_us.%s %.3f\n", key, (double)c->max / 1e3);
	printf("noise_pct.%s %.5f\n", key, 100.0 * (double)c->detour_ns / ns);
	printf("timer_irqs.%s %lld\n", key, c->irqs);
}

static int write_csv(const char *path, unsigned n)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "bucket_ns");
	for (unsigned i = 0; i < n; i++)
		fprintf(f, ",core%u", i);
	fprintf(f, ",all\n");
	for (int b = 0; b < BUCKETS; b++) {
		long long all = 0;

		for (unsigned i = 0; i < n; i++)
			all += core[i].hist[b];
		if (!all)
			continue;
		fprintf(f, "%lld", 1LL << b);
		for (unsigned i = 0; i < n; i++)
			fprintf(f, ",%lld", core[i].hist[b]);
		fprintf(f, ",%lld\n", all);
	}
	if (fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 5;
	const char *csv = argc > 3 && argv[3][0] ? argv[3] : 0;
	long cores = argc > 4 ? atol(argv[4]) : (long)par_cores();

	threshold = argc > 2 ? atoll(argv[2]) : 1000;
	if (seconds <= 0 || threshold <= 0 || cores < 1 || cores > (long)par_cores()) {
		fprintf(stderr, "usage: %s [SECONDS] [THRESHOLD_NS] [CSV] [CORES (1..%u)]\n",
			argv[0], par_cores());
		return 2;
	}
	run_ns = (long long)(seconds * 1e9);
	unsigned n = (unsigned)cores;
	if (par_run(n, detour_loop, 0))
		return 1;

	/* "all": the cores together, rates per second of core time (the cores' mean). */
	struct core all = {.min = 1LL << 62};
	printf("cores %u\n", n);
	for (unsigned i = 0; i < n; i++) {
		char key[16];
		struct core *c = &core[i];

		snprintf(key, sizeof key, "%u", i);
		report(key, c);
		printf("cpu.%u %d\n", i, c->cpu);
		if (c->cpu != c->cpu_end)
			fprintf(stderr, "jitter: core %u moved from CPU %d to %d\n", i, c->cpu,
				c->cpu_end);
		all.t1 += c->t1 - c->t0;
		all.loops += c->loops;
		all.detours += c->detours;
		all.detour_ns += c->detour_ns;
		all.max = c->max > all.max ? c->max : all.max;
		all.min = c->min < all.min ? c->min : all.min;
		all.irqs = all.irqs < 0 || c->irqs < 0 ? -1 : all.irqs + c->irqs;
	}
	report("all", &all);
	return csv ? write_csv(csv, n) : 0;
}
