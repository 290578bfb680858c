// SPDX-License-Identifier: MIT
/* Reductions: + * max min on integers and doubles, logical and bitwise operators, array sections, a user-defined reduction. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NUM_THREADS=4
// eremit-test: stdout arithmetic: + * max min exact on 100000 terms
// eremit-test: stdout logical and bitwise: && || & | ^ exact
// eremit-test: stdout array section: 16 bins of 100000 values exact
// eremit-test: stdout declare reduction: the mean and variance of 100000 values by merging partial moments
// eremit-test: stdout PASS omp_reduction
#include "omp_test.h"

#include <math.h>

#define N 100000

/* A value the compiler cannot fold: a hash of i. */
static unsigned val(unsigned i)
{
	i ^= i >> 16;
	i *= 0x45d9f3bu;
	i ^= i >> 16;
	return i;
}

static void test_arith(void)
{
	long sum = 0, want_sum = 0;
	double prod = 1, dsum = 0;
	unsigned mx = 0, mn = ~0u, want_mx = 0, want_mn = ~0u;
	double dmx = -INFINITY;

	for (unsigned i = 0; i < N; i++) {
		want_sum += val(i) % 1000;
		want_mx = val(i) > want_mx ? val(i) : want_mx;
		want_mn = val(i) < want_mn ? val(i) : want_mn;
	}
#pragma omp parallel for reduction(+ : sum, dsum) reduction(* : prod) reduction(max : mx, dmx)  \
	reduction(min : mn)
	for (unsigned i = 0; i < N; i++) {
		sum += val(i) % 1000;
		dsum += 0.25; /* exact in binary: any order gives the same sum */
		if (i % 1000 == 0)
			prod *= 2; /* 100 factors of 2: exact */
		mx = val(i) > mx ? val(i) : mx;
		mn = val(i) < mn ? val(i) : mn;
		dmx = fmax(dmx, (double)(val(i) % 777));
	}
	OT_CHECK(sum == want_sum && dsum == 0.25 * N, "+: %ld and %g, expected %ld and %g", sum,
		 dsum, want_sum, 0.25 * N);
	OT_CHECK(prod == ldexp(1, N / 1000), "*: %g, expected 2^%d", prod, N / 1000);
	OT_CHECK(mx == want_mx && mn == want_mn, "max %u min %u, expected %u %u", mx, mn, want_mx,
		 want_mn);
	OT_CHECK(dmx == 776, "max of doubles: %g, expected 776", dmx);
	printf("arithmetic: + * max min exact on %d terms\n", N);
}

static void test_logical(void)
{
	int all = 1, any = 0, none_big = 1;
	unsigned band = ~0u, bor = 0, bxor = 0, want_and = ~0u, want_or = 0, want_xor = 0;

	for (unsigned i = 0; i < N; i++) {
		want_and &= val(i) | 1;
		want_or |= val(i) & 0xff00;
		want_xor ^= val(i);
	}
#pragma omp parallel for reduction(&& : all, none_big) reduction(|| : any) reduction(& : band) \
	reduction(| : bor) reduction(^ : bxor)
	for (unsigned i = 0; i < N; i++) {
		all = all && i < N;
		none_big = none_big && i < N / 2; /* false for half of them */
		any = any || i == N - 1;
		band &= val(i) | 1;
		bor |= val(i) & 0xff00;
		bxor ^= val(i);
	}
	OT_CHECK(all && !none_big && any, "&& || : %d %d %d, expected 1 0 1", all, none_big, any);
	OT_CHECK(band == want_and && bor == want_or && bxor == want_xor,
		 "& | ^: %x %x %x, expected %x %x %x", band, bor, bxor, want_and, want_or,
		 want_xor);
	printf("logical and bitwise: && || & | ^ exact\n");
}

static void test_array(void)
{
	long bins[16] = {0}, want[16] = {0};

	for (unsigned i = 0; i < N; i++)
		want[val(i) % 16]++;
#pragma omp parallel for reduction(+ : bins[:16])
	for (unsigned i = 0; i < N; i++)
		bins[val(i) % 16]++;
	for (int b = 0; b < 16; b++)
		OT_CHECK(bins[b] == want[b], "bin %d: %ld, expected %ld", b, bins[b], want[b]);
	printf("array section: 16 bins of %d values exact\n", N);
}

/* Partial moments of a sample: merged with Chan et al.'s pairwise formula. */
struct moments {
	double n, mean, m2;
};

static void moments_merge(struct moments *a, const struct moments *b)
{
	double n = a->n + b->n;

	if (n == 0)
		return;
	double d = b->mean - a->mean;
	a->m2 += b->m2 + d * d * a->n * b->n / n;
	a->mean += d * b->n / n;
	a->n = n;
}

#pragma omp declare reduction(merge : struct moments : moments_merge(&omp_out, &omp_in))         \
	initializer(omp_priv = (struct moments){0, 0, 0})

static void test_udr(void)
{
	struct moments m = {0, 0, 0};
	double sum = 0, sq = 0;

	for (unsigned i = 0; i < N; i++) {
		double x = val(i) % 1000;
		sum += x;
		sq += x * x;
	}
	double mean = sum / N, var = sq / N - mean * mean;
#pragma omp parallel for reduction(merge : m)
	for (unsigned i = 0; i < N; i++) {
		struct moments one = {1, val(i) % 1000, 0};
		moments_merge(&m, &one);
	}
	OT_CHECK(m.n == N, "declare reduction: %g values, expected %d", m.n, N);
	OT_CHECK(fabs(m.mean - mean) < 1e-9 * mean && fabs(m.m2 / N - var) < 1e-9 * var,
		 "declare reduction: mean %.12g variance %.12g, expected %.12g %.12g", m.mean,
		 m.m2 / N, mean, var);
	printf("declare reduction: the mean and variance of %d values by merging partial moments\n",
	       N);
}

int main(void)
{
	test_arith();
	test_logical();
	test_array();
	test_udr();
	printf("PASS omp_reduction\n");
	return 0;
}
