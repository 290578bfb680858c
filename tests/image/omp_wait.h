/* SPDX-License-Identifier: MIT */
/*
 * tests/image/omp_wait.h: work that makes OpenMP threads wait, shared by the
 * OMP_WAIT_POLICY tests: barriers where one thread is late (the others spin
 * or sleep, as the policy says), and a lock handed around.
 */
#ifndef OMP_WAIT_H
#define OMP_WAIT_H

#include "omp_test.h"

#define WAIT_ROUNDS 300

/* Rounds of barriers; nobody may leave one before everybody arrived. */
static inline void wait_barriers(int nthreads)
{
	atomic_int arrived[WAIT_ROUNDS];
	atomic_int early = 0;

	for (int r = 0; r < WAIT_ROUNDS; r++)
		atomic_init(&arrived[r], 0);
#pragma omp parallel num_threads(nthreads)
	{
		int t = omp_get_thread_num(), n = omp_get_num_threads();
		for (int r = 0; r < WAIT_ROUNDS; r++) {
			if (r % n == t)
				ot_work(r % 50 == 0 ? 200000 : 2000); /* sometimes long */
			atomic_fetch_add(&arrived[r], 1);
#pragma omp barrier
			if (atomic_load(&arrived[r]) != n)
				atomic_fetch_add(&early, 1);
		}
	}
	OT_CHECK(!early, "%d threads left a barrier early", atomic_load(&early));
	/* The primary sleeps while the team waits for it at the implicit barrier. */
	long long t0 = ot_mono_ns();
#pragma omp parallel num_threads(nthreads)
	{
#pragma omp master
		{
			struct timespec ts = {0, 20000000};
			nanosleep(&ts, NULL);
		}
	}
	OT_CHECK(ot_mono_ns() - t0 >= 20000000, "the region ended before its primary woke");
}

/* An omp_lock_t passed around the team: the counter ends exact. */
static inline void wait_lock(int nthreads)
{
	omp_lock_t lock;
	long counter = 0;

	omp_init_lock(&lock);
#pragma omp parallel num_threads(nthreads)
	for (int i = 0; i < 2000; i++) {
		omp_set_lock(&lock);
		long c = counter;
		ot_work(20);
		counter = c + 1;
		omp_unset_lock(&lock);
	}
	omp_destroy_lock(&lock);
	OT_CHECK(counter == 2000L * nthreads, "counter %ld, expected %ld", counter,
		 2000L * nthreads);
}

/* The whole test under one wait policy: barriers, then a lock, each with a
 * team of 2 and one of more threads than cores. */
static int wait_all(const char *policy)
{
	int p = omp_get_num_procs();

	wait_barriers(2);
	wait_barriers(p + 1);
	wait_lock(2);
	wait_lock(p + 1);
	printf("%s: %d barriers and a lock, teams of 2 and %d+1 threads\n", policy, WAIT_ROUNDS, p);
	printf("PASS omp_wait_%s\n", policy);
	return 0;
}

#endif /* OMP_WAIT_H */
