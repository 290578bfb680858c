/* SPDX-License-Identifier: MIT */
/*
 * tests/image/omp_test.h: what the OpenMP image tests share. The tests are
 * plain OpenMP C, so that each also builds and passes on Linux:
 *   gcc -O2 -fopenmp tests/image/omp_X.c && OMP_...=... ./a.out
 * (with the variables of its "env" directives). Include this header first.
 * A failure prints "FAIL: ..." on stdout and exits with status 1.
 */
#ifndef OMP_TEST_H
#define OMP_TEST_H

/* The failure report and clock of the POSIX-threads tests. */
#include "pthread_test.h"
#include <omp.h>

#define ot_fail pt_fail

/* A condition that must hold; the message says what was found instead. */
#define OT_CHECK(cond, ...)                                                                        \
	do {                                                                                       \
		if (!(cond))                                                                       \
			ot_fail(__VA_ARGS__);                                                      \
	} while (0)

/* An environment variable the test's directives set: without it the run is misconfigured. */
static inline const char *ot_env(const char *name)
{
	const char *v = getenv(name);

	if (!v)
		ot_fail("%s is not set (run with the test's env directives)", name);
	return v;
}

/* Cores online (the host's CPUs on Linux, HERMIT_CPUS on Eremit). */
static inline int ot_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1 || n > CPU_SETSIZE)
		ot_fail("sysconf(_SC_NPROCESSORS_ONLN) = %ld", n);
	return (int)n;
}

static inline long long ot_mono_ns(void)
{
	return pt_mono();
}

/* Work that the compiler cannot drop or shorten (pthread_test.h). */
#define ot_work pt_work

/* The CPUs the calling thread may run on. */
static inline cpu_set_t ot_affinity(void)
{
	cpu_set_t set;
	int e;

	CPU_ZERO(&set);
	if ((e = pthread_getaffinity_np(pthread_self(), sizeof set, &set)))
		ot_fail("pthread_getaffinity_np: %s", strerror(e));
	return set;
}

#endif /* OMP_TEST_H */
