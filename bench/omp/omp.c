// SPDX-License-Identifier: MIT
/*
 * bench/omp: what OpenMP constructs cost, measured the way the EPCC OpenMP
 * micro-benchmarks (syncbench, schedbench) do; written here from that method
 * alone. The same C source runs on Linux (the host's libgomp) and on Eremit
 * (libgomp built for it).
 *
 * Every instance of a construct wraps a fixed delay (a chain of dependent
 * floating-point adds, DELAY_US long); the same delays run one after another on
 * one thread are the reference (its fastest run). Overhead = time per construct
 * - reference time per construct. A test repeats its construct REPS times; REPS
 * doubles until one test takes TEST_MS, so cheap and dear constructs get about
 * the same time.
 * OUTER such tests are the samples: their mean with its 95 % confidence
 * interval (Student's t), their median and their minimum, in microseconds.
 *
 *   omp [TEST_MS] [OUTER] [DELAY_US] [SCHED_DELAY_US]   (defaults 2 50 0.1 1)
 *
 * Synchronisation (syncbench): PARALLEL, FOR, PARALLEL_FOR, BARRIER, SINGLE,
 * CRITICAL, LOCK_UNLOCK, ATOMIC, REDUCTION. Scheduling (schedbench): one
 * `omp for` over 128 iterations per thread, each a SCHED_DELAY_US delay, under
 * schedule(static) and static, dynamic and guided with chunks 1, 8 and 64; its
 * reference is 128 such delays.
 * Output: "# ..." lines describing the run, "thread T cpu C place P" for each
 * thread, then "NAME mean_us ci95_us median_us min_us reps" for each test. The
 * threads come from OMP_NUM_THREADS and friends. Results that come out wrong
 * (a lost atomic update, a bad reduction) end the run with status 1.
 */
#define _GNU_SOURCE /* sched_getcpu on glibc */
#include <math.h>
#include <omp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHED_ITERS 128 /* iterations per thread of a scheduled loop (EPCC's default) */
#define MAX_REPS    (1L << 40)

static int nthreads;
static long delay_len;       /* delay() iterations of one DELAY_US delay */
static long sched_delay_len; /* ... of one SCHED_DELAY_US delay */
static int chunk;            /* the chunk size of the scheduling test running */
static double target_s;      /* TEST_MS */
static int outer;
/*
 * What the threads fight over, each on lines of its own: laid out next to the
 * variables above, which every thread reads, it would make the cost depend on
 * where each side's linker happens to put them.
 */
static struct {
	_Alignas(128) double sum; /* updated by ATOMIC */
	char pad[128 - sizeof(double)];
} atomic_cell;
static struct {
	_Alignas(128) omp_lock_t lock; /* LOCK_UNLOCK's */
	char pad[128 - sizeof(omp_lock_t)];
} lock_cell;
static volatile double plain_sum; /* updated by ATOMIC's reference, one thread */
static long wrong; /* results that came out wrong; written by the main thread only */

/*
 * The unit of work. noinline: every construct and every reference call the same
 * code. The chain of adds cannot be vectorised or folded (no -ffast-math), and
 * the test on a keeps it.
 */
__attribute__((noinline)) static void delay(long n)
{
	double a = 0;

	for (long i = 0; i < n; i++)
		a += (double)i;
	if (a < 0)
		printf("%f\n", a);
}

/* The references: the work of one construct instance done sequentially. */

static void ref_delay(long reps)
{
	for (long j = 0; j < reps; j++)
		delay(delay_len);
}

static void ref_atomic(long reps)
{
	for (long j = 0; j < reps; j++)
		plain_sum += 1.0;
}

static void ref_sched(long reps)
{
	for (long j = 0; j < reps; j++)
		for (int i = 0; i < SCHED_ITERS; i++)
			delay(sched_delay_len);
}

/* syncbench. REPS is always a multiple of the thread count (see measure()). */

static void sync_parallel(long reps)
{
	for (long j = 0; j < reps; j++) {
#pragma omp parallel
		delay(delay_len);
	}
}

static void sync_for(long reps)
{
#pragma omp parallel
	for (long j = 0; j < reps; j++) {
#pragma omp for
		for (int i = 0; i < nthreads; i++)
			delay(delay_len);
	}
}

static void sync_parallel_for(long reps)
{
	for (long j = 0; j < reps; j++) {
#pragma omp parallel for
		for (int i = 0; i < nthreads; i++)
			delay(delay_len);
	}
}

static void sync_barrier(long reps)
{
#pragma omp parallel
	for (long j = 0; j < reps; j++) {
		delay(delay_len);
#pragma omp barrier
	}
}

static void sync_single(long reps)
{
#pragma omp parallel
	for (long j = 0; j < reps; j++) {
#pragma omp single
		delay(delay_len);
	}
}

/* CRITICAL, LOCK_UNLOCK and ATOMIC: REPS instances in all, shared by the threads. */

static void sync_critical(long reps)
{
	long entered = 0, each = reps / nthreads;

#pragma omp parallel
	for (long j = 0; j < each; j++) {
#pragma omp critical
		{
			delay(delay_len);
			entered++;
		}
	}
	wrong += entered != reps;
}

static void sync_lock(long reps)
{
	long entered = 0, each = reps / nthreads;

#pragma omp parallel
	for (long j = 0; j < each; j++) {
		omp_set_lock(&lock_cell.lock);
		delay(delay_len);
		entered++;
		omp_unset_lock(&lock_cell.lock);
	}
	wrong += entered != reps;
}

static void sync_atomic(long reps)
{
	long each = reps / nthreads;

	atomic_cell.sum = 0;
#pragma omp parallel
	for (long j = 0; j < each; j++) {
#pragma omp atomic
		atomic_cell.sum += 1.0;
	}
	wrong += atomic_cell.sum != (double)reps;
}

static void sync_reduction(long reps)
{
	for (long j = 0; j < reps; j++) {
		int n = 0;

#pragma omp parallel reduction(+ : n)
		{
			delay(delay_len);
			n += 1;
		}
		wrong += n != nthreads;
	}
}

/* schedbench: the loop's barrier at its end is part of the construct. */

static void sched_static(long reps)
{
#pragma omp parallel
	for (long j = 0; j < reps; j++) {
#pragma omp for schedule(static)
		for (int i = 0; i < SCHED_ITERS * nthreads; i++)
			delay(sched_delay_len);
	}
}

static void sched_static_chunk(long reps)
{
#pragma omp parallel
	for (long j = 0; j < reps; j++) {
#pragma omp for schedule(static, chunk)
		for (int i = 0; i < SCHED_ITERS * nthreads; i++)
			delay(sched_delay_len);
	}
}

static void sched_dynamic(long reps)
{
#pragma omp parallel
	for (long j = 0; j < reps; j++) {
#pragma omp for schedule(dynamic, chunk)
		for (int i = 0; i < SCHED_ITERS * nthreads; i++)
			delay(sched_delay_len);
	}
}

static void sched_guided(long reps)
{
#pragma omp parallel
	for (long j = 0; j < reps; j++) {
#pragma omp for schedule(guided, chunk)
		for (int i = 0; i < SCHED_ITERS * nthreads; i++)
			delay(sched_delay_len);
	}
}

/* Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom. */
static const double t975[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
			      2.228,  2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
			      2.093,  2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
			      2.048,  2.045, 2.042};

static double t_quantile(int df)
{
	const double z = 1.959964;

	if (df <= 30)
		return t975[df - 1];
	/* Cornish-Fisher's first correction to the normal quantile: within 0.1 % beyond 30. */
	return z + (z * z * z + z) / (4.0 * df);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct stats {
	double mean, ci, median, min;
};

/* Sorts x[0..n-1] (n >= 2) and summarises it. */
static struct stats stats_of(double *x, int n)
{
	struct stats s = {0};
	double ss = 0;

	qsort(x, n, sizeof *x, cmp_double);
	for (int i = 0; i < n; i++)
		s.mean += x[i] / n;
	for (int i = 0; i < n; i++)
		ss += (x[i] - s.mean) * (x[i] - s.mean);
	s.ci = t_quantile(n - 1) * sqrt(ss / (n - 1)) / sqrt(n);
	s.median = n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
	s.min = x[0];
	return s;
}

/* Seconds one call of fn(reps) takes. */
static double time_once(void (*fn)(long), long reps)
{
	double t0 = omp_get_wtime();

	fn(reps);
	return omp_get_wtime() - t0;
}

/*
 * Runs fn with REPS doubled from the thread count until it takes TEST_MS (a
 * multiple of the thread count: CRITICAL and friends share REPS out), then
 * OUTER times more; prints the time per instance minus ref_us (microseconds)
 * and returns the smallest unadjusted time. That is what a reference gives the
 * tests: a sequential loop takes its shortest time whenever the host leaves it
 * alone, and anything longer is the host's noise.
 */
static double measure(const char *name, void (*fn)(long), double ref_us)
{
	double us[1000];
	long reps = nthreads;

	/*
	 * A first run wakes the team's threads, which may have gone to sleep during
	 * a long sequential reference. The doubling starts where the reference
	 * alone fills an eighth of the test, so that a slow start or the host's
	 * noise cannot leave REPS so small that the samples measure them; and it
	 * uses the shorter of two runs, for the same reason.
	 */
	fn(nthreads);
	while (ref_us > 0 && reps * ref_us * 1e-6 < target_s / 8)
		reps *= 2;
	while (fmin(time_once(fn, reps), time_once(fn, reps)) < target_s) {
		reps *= 2;
		if (reps > MAX_REPS) {
			fprintf(stderr, "omp: %s: %ld repetitions still take less than %g ms\n", name,
				reps, target_s * 1e3);
			exit(1);
		}
	}
	for (int k = 0; k < outer; k++)
		us[k] = time_once(fn, reps) * 1e6 / reps - ref_us;
	struct stats s = stats_of(us, outer);
	printf("%s %.4f %.4f %.4f %.4f %ld\n", name, s.mean, s.ci, s.median, s.min, reps);
	fflush(stdout);
	if (wrong) {
		fprintf(stderr, "omp: %s: %ld results came out wrong\n", name, wrong);
		exit(1);
	}
	return s.min + ref_us;
}

/*
 * delay() iterations that take US microseconds on this core: the best of 5 long
 * runs, after 0.2 s of the same work (a CPU still raising its clock would make
 * the delays shorter than asked; the reference measures them anyway).
 */
static long delay_calibrate(double us)
{
	const long n = 1000000;
	double best = 1e30;

	for (double t0 = omp_get_wtime(); omp_get_wtime() - t0 < 0.2;)
		delay(n);

	for (int k = 0; k < 5; k++) {
		double t = time_once(delay, n);
		if (t < best)
			best = t;
	}
	long len = lround(us * 1e-6 * n / best);
	return len < 1 ? 1 : len;
}

#define USAGE "usage: omp [TEST_MS] [OUTER] [DELAY_US] [SCHED_DELAY_US]   (defaults 2 50 0.1 1)\n"

/*
 * argv[i] as a number in [lo, hi] (a whole one if whole is set), or def when
 * absent; bad input ends the run with a message and status 2.
 */
static double arg(int argc, char **argv, int i, const char *what, double def, double lo, double hi,
		  int whole)
{
	char *end;
	double v;

	if (argc <= i)
		return def;
	v = strtod(argv[i], &end);
	if (end == argv[i] || *end || !(v >= lo && v <= hi) || (whole && v != floor(v))) {
		fprintf(stderr, "omp: %s must be a %s from %g to %g, not '%s'\n" USAGE, what,
			whole ? "whole number" : "number", lo, hi, argv[i]);
		exit(2);
	}
	return v;
}

static void print_placement(void)
{
	int cpu[256], place[256];

#pragma omp parallel
	{
		int t = omp_get_thread_num();
		if (t < 256) {
			cpu[t] = sched_getcpu();
			place[t] = omp_get_place_num();
		}
	}
	for (int t = 0; t < nthreads && t < 256; t++)
		printf("thread %d cpu %d place %d\n", t, cpu[t], place[t]);
}

static void print_env(const char *name)
{
	const char *v = getenv(name);

	printf("# %s=%s\n", name, v ? v : "(unset)");
}

int main(int argc, char **argv)
{
	static const int chunks[] = {1, 8, 64};
	static const struct {
		const char *name;
		void (*fn)(long);
	} chunked[] = {{"STATIC", sched_static_chunk},
		       {"DYNAMIC", sched_dynamic},
		       {"GUIDED", sched_guided}};

	if (argc > 5) {
		fprintf(stderr, "omp: too many arguments\n" USAGE);
		return 2;
	}
	target_s = arg(argc, argv, 1, "TEST_MS", 2, 0.01, 60000, 0) * 1e-3;
	outer = (int)arg(argc, argv, 2, "OUTER", 50, 2, 1000, 1);
	double delay_us = arg(argc, argv, 3, "DELAY_US", 0.1, 0.001, 1e6, 0);
	double sched_us = arg(argc, argv, 4, "SCHED_DELAY_US", 1, 0.001, 1e6, 0);

	nthreads = omp_get_max_threads();
	omp_init_lock(&lock_cell.lock);
	delay_len = delay_calibrate(delay_us);
	sched_delay_len = delay_calibrate(sched_us);
	printf("# omp: %d threads, %d places, %d procs; test %g ms, %d outer repetitions\n",
	       nthreads, omp_get_num_places(), omp_get_num_procs(), target_s * 1e3, outer);
	printf("# delay %g us = %ld iterations; scheduling delay %g us = %ld iterations, %d per "
	       "thread\n",
	       delay_us, delay_len, sched_us, sched_delay_len, SCHED_ITERS);
	print_env("OMP_PROC_BIND");
	print_env("OMP_PLACES");
	print_env("OMP_WAIT_POLICY");
	print_env("GOMP_SPINCOUNT");
	print_placement();

	double ref = measure("REF_DELAY", ref_delay, 0);
	measure("PARALLEL", sync_parallel, ref);
	measure("FOR", sync_for, ref);
	measure("PARALLEL_FOR", sync_parallel_for, ref);
	measure("BARRIER", sync_barrier, ref);
	measure("SINGLE", sync_single, ref);
	measure("CRITICAL", sync_critical, ref);
	measure("LOCK_UNLOCK", sync_lock, ref);
	measure("REDUCTION", sync_reduction, ref);
	ref = measure("REF_ATOMIC", ref_atomic, 0);
	measure("ATOMIC", sync_atomic, ref);

	ref = measure("REF_SCHED", ref_sched, 0);
	measure("STATIC", sched_static, ref);
	for (size_t k = 0; k < sizeof chunked / sizeof *chunked; k++)
		for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
			char name[32];
			chunk = chunks[c];
			snprintf(name, sizeof name, "%s_%d", chunked[k].name, chunk);
			measure(name, chunked[k].fn, ref);
		}
	omp_destroy_lock(&lock_cell.lock);
	return 0;
}
