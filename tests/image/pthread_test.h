/* SPDX-License-Identifier: MIT */
/*
 * tests/image/pthread_test.h: what the POSIX-threads image tests share. The
 * tests are plain POSIX C, so that each also builds and passes on Linux:
 *   gcc -O2 -pthread tests/image/pthread_X.c && ./a.out
 * Include this header first (it asks for the GNU names: CPU_SET, sched_getcpu).
 * A failure prints "FAIL: ..." on stdout and exits with status 1.
 */
#ifndef PTHREAD_TEST_H
#define PTHREAD_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void pt_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Prints the reason and ends the program (from any thread). */
static void pt_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	exit(1);
}

/* A pthread call that must return 0. */
#define PT_CHECK(call)                                                                             \
	do {                                                                                       \
		int pt_e = (call);                                                                 \
		if (pt_e)                                                                          \
			pt_fail("%s:%d: %s returned %d (%s)", __FILE__, __LINE__, #call, pt_e,     \
				strerror(pt_e));                                                   \
	} while (0)

/* A pthread call that must return the error `want`. */
#define PT_EXPECT(call, want)                                                                      \
	do {                                                                                       \
		int pt_e = (call);                                                                 \
		if (pt_e != (want))                                                                \
			pt_fail("%s:%d: %s returned %d (%s), expected %s", __FILE__, __LINE__,     \
				#call, pt_e, strerror(pt_e), #want);                               \
	} while (0)

static inline long long pt_now(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline long long pt_mono(void)
{
	return pt_now(CLOCK_MONOTONIC);
}

/* The absolute time `ns` from now on `clock`, as the timed waits take it. */
static inline struct timespec pt_deadline(clockid_t clock, long long ns)
{
	long long t = pt_now(clock) + ns;

	return (struct timespec){.tv_sec = t / 1000000000LL, .tv_nsec = t % 1000000000LL};
}

static inline long long pt_ts_ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static inline void pt_sleep_ns(long long ns)
{
	struct timespec t = {.tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL};

	while (nanosleep(&t, &t))
		;
}

/* Cores online (the host's CPUs on Linux, HERMIT_CPUS on Eremit). */
static inline unsigned pt_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		pt_fail("sysconf(_SC_NPROCESSORS_ONLN) = %ld", n);
	return (unsigned)n;
}

/* The CPUs the program may run on (on Linux a cgroup or taskset may allow fewer). */
static inline unsigned pt_allowed(int *cpu, unsigned max)
{
	cpu_set_t set;
	unsigned n = 0;

	CPU_ZERO(&set);
	PT_CHECK(pthread_getaffinity_np(pthread_self(), sizeof set, &set));
	for (int c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &set))
			cpu[n++] = c;
	if (!n)
		pt_fail("pthread_getaffinity_np: an empty set");
	return n;
}

/* Pins the caller to one CPU. */
static inline void pt_pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	PT_CHECK(pthread_setaffinity_np(pthread_self(), sizeof set, &set));
}

/* Work that the compiler cannot drop or shorten: n rounds of xorshift. */
static inline uint64_t pt_work(uint64_t n)
{
	uint64_t x = 88172645463325252ull;

	for (uint64_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

/* Rounds of pt_work that take about `ns` on this machine (fastest of a few tries). */
static inline uint64_t pt_work_for(long long ns)
{
	uint64_t n = 1 << 16;
	long long best = 0;

	for (;;) {
		best = 0;
		for (int i = 0; i < 3; i++) {
			long long t0 = pt_mono();
			pt_work(n);
			long long t = pt_mono() - t0;
			if (!best || t < best)
				best = t;
		}
		if (best > 2000000 || n >= (1ull << 40))
			break;
		n *= 4;
	}
	return (uint64_t)((double)n * (double)ns / (double)best) + 1;
}

static inline int pt_cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Sorts v and returns its median. */
static inline long long pt_median(long long *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, pt_cmp_ll);
	return v[n / 2];
}

#endif /* PTHREAD_TEST_H */
