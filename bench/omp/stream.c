// SPDX-License-Identifier: MIT
/*
 * bench/omp/stream.c: memory bandwidth the way McCalpin's STREAM measures it
 * (written here from its definition): Copy c = a, Scale b = s*c, Add c = a+b
 * and Triad a = b+s*c over three arrays of doubles much larger than the caches,
 * each kernel an `omp parallel for` with a static schedule, run TIMES times.
 * The same C source runs on Linux (the host's libgomp) and on Eremit.
 *
 *   stream [MIB] [TIMES]   (defaults 32 MiB per array, 10 times)
 *
 * Output: "# ..." lines describing the run, then "KERNEL best_GBps mean_GBps"
 * for each kernel (GB = 1e9 bytes; STREAM's byte counts: 2 arrays moved by Copy
 * and Scale, 3 by Add and Triad; the first run is a warm-up and not counted).
 * Then every element is checked against the same sequence of operations done
 * on scalars; a mismatch ends the run with a message and status 1.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define SCALAR 3.0

enum { COPY, SCALE, ADD, TRIAD, KERNELS };

static const char *const kernel_name[KERNELS] = {"Copy", "Scale", "Add", "Triad"};
static const int kernel_arrays[KERNELS] = {2, 2, 3, 3};

/*
 * The kernels. Each loop is vectorised on both sides by `simd` (the same
 * instructions whatever GCC's cost model thinks) and the copy stays a loop
 * rather than a call to the C library's memcpy, so both sides run the same
 * code and only the memory system differs.
 */
static double run_kernel(int k, double *restrict a, double *restrict b, double *restrict c,
			 long n)
{
	double t0 = omp_get_wtime();

	switch (k) {
	case COPY:
#pragma omp parallel for simd schedule(static)
		for (long i = 0; i < n; i++)
			c[i] = a[i];
		break;
	case SCALE:
#pragma omp parallel for simd schedule(static)
		for (long i = 0; i < n; i++)
			b[i] = SCALAR * c[i];
		break;
	case ADD:
#pragma omp parallel for simd schedule(static)
		for (long i = 0; i < n; i++)
			c[i] = a[i] + b[i];
		break;
	case TRIAD:
#pragma omp parallel for simd schedule(static)
		for (long i = 0; i < n; i++)
			a[i] = b[i] + SCALAR * c[i];
		break;
	}
	return omp_get_wtime() - t0;
}

/* Every element of x equals want, up to STREAM's relative tolerance; 0, or -1 with a message. */
static int check(const char *name, const double *x, long n, double want)
{
	for (long i = 0; i < n; i++)
		if (fabs(x[i] - want) > 1e-13 * fabs(want)) {
			fprintf(stderr, "stream: verification failed: %s[%ld] = %.17g, expected %.17g\n",
				name, i, x[i], want);
			return -1;
		}
	return 0;
}

/* argv[i] as a whole number in [lo, hi], or def when absent; bad input ends the run (status 2). */
static long arg(int argc, char **argv, int i, const char *what, long def, long lo, long hi)
{
	char *end;
	long v;

	if (argc <= i)
		return def;
	v = strtol(argv[i], &end, 10);
	if (end == argv[i] || *end || v < lo || v > hi) {
		fprintf(stderr,
			"stream: %s must be a whole number from %ld to %ld, not '%s'\n"
			"usage: stream [MIB] [TIMES]   (defaults 32 MiB per array, 10 times)\n",
			what, lo, hi, argv[i]);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc > 3) {
		fprintf(stderr, "stream: too many arguments\n"
				"usage: stream [MIB] [TIMES]   (defaults 32 MiB per array, 10 times)\n");
		return 2;
	}
	long mib = arg(argc, argv, 1, "MIB", 32, 1, 1 << 20);
	int times = (int)arg(argc, argv, 2, "TIMES", 10, 2, 100);
	long n = mib * (1L << 20) / sizeof(double);
	double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
	double best[KERNELS], sum[KERNELS] = {0};

	if (!a || !b || !c) {
		fprintf(stderr, "stream: cannot allocate 3 x %ld MiB\n", mib);
		return 1;
	}
	/* First touch by the thread that later uses each part (the same static schedule). */
#pragma omp parallel for simd schedule(static)
	for (long i = 0; i < n; i++) {
		a[i] = 1.0;
		b[i] = 2.0;
		c[i] = 0.0;
	}
	printf("# stream: %d threads, 3 arrays of %ld MiB (%ld doubles), best of %d runs after a "
	       "warm-up\n",
	       omp_get_max_threads(), mib, n, times);

	/* What every element must hold afterwards: the same operations on scalars. */
	double aj = 1.0, bj = 2.0, cj = 0.0;
	for (int r = 0; r <= times; r++)
		for (int k = 0; k < KERNELS; k++) {
			double t = run_kernel(k, a, b, c, n);
			if (r == 0)
				continue;
			sum[k] += t;
			if (r == 1 || t < best[k])
				best[k] = t;
		}
	for (int r = 0; r <= times; r++) {
		cj = aj;
		bj = SCALAR * cj;
		cj = aj + bj;
		aj = bj + SCALAR * cj;
	}
	for (int k = 0; k < KERNELS; k++) {
		double bytes = (double)kernel_arrays[k] * n * sizeof(double);
		printf("%s %.3f %.3f\n", kernel_name[k], bytes / best[k] * 1e-9,
		       bytes / (sum[k] / times) * 1e-9);
	}
	if (check("a", a, n, aj) || check("b", b, n, bj) || check("c", c, n, cj))
		return 1;
	printf("# verified: every element as expected\n");
	free(a);
	free(b);
	free(c);
	return 0;
}
