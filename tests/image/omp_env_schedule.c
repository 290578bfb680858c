// SPDX-License-Identifier: MIT
/* OMP_SCHEDULE=dynamic,7: omp_get_schedule reports it and schedule(runtime) hands out chunks of 7; omp_set_schedule changes it. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NUM_THREADS=3
// eremit-test: env OMP_SCHEDULE=dynamic,7
// eremit-test: stdout dynamic,7: 1000 iterations once each, in whole aligned chunks of 7
// eremit-test: stdout static,5: iteration i on thread (i / 5) % 3
// eremit-test: stdout guided,4: 1000 iterations once each, chunks of at least 4 but the last
// eremit-test: stdout PASS omp_env_schedule
#include "omp_test.h"

#define N 1000

static int owner[N];
static atomic_int runs[N];

/* Runs a schedule(runtime) loop, recording which thread ran each iteration. */
static void run_loop(void)
{
	for (int i = 0; i < N; i++) {
		owner[i] = -1;
		atomic_store(&runs[i], 0);
	}
#pragma omp parallel
	{
#pragma omp for schedule(runtime)
		for (int i = 0; i < N; i++) {
			owner[i] = omp_get_thread_num();
			atomic_fetch_add(&runs[i], 1);
			ot_work(50);
		}
	}
	for (int i = 0; i < N; i++)
		OT_CHECK(runs[i] == 1, "iteration %d ran %d times", i, atomic_load(&runs[i]));
}

static void expect_schedule(omp_sched_t kind, int chunk)
{
	omp_sched_t k;
	int c;

	omp_get_schedule(&k, &c);
	/* A monotonic modifier may be or-ed in (OpenMP 4.5). */
	k = (omp_sched_t)(k & ~omp_sched_monotonic);
	OT_CHECK(k == kind && c == chunk, "omp_get_schedule: kind %d chunk %d, expected %d, %d", k,
		 c, kind, chunk);
}

int main(void)
{
	expect_schedule(omp_sched_dynamic, 7);
	run_loop();
	/* Dynamic chunks start at 0 and are 7 long: each aligned block has one owner. */
	for (int i = 0; i < N; i++)
		OT_CHECK(owner[i] == owner[i - i % 7], "iterations %d and %d: threads %d and %d",
			 i - i % 7, i, owner[i - i % 7], owner[i]);
	printf("dynamic,7: %d iterations once each, in whole aligned chunks of 7\n", N);

	omp_set_schedule(omp_sched_static, 5);
	expect_schedule(omp_sched_static, 5);
	run_loop();
	for (int i = 0; i < N; i++)
		OT_CHECK(owner[i] == (i / 5) % 3, "static,5: iteration %d on thread %d", i,
			 owner[i]);
	printf("static,5: iteration i on thread (i / 5) %% 3\n");

	omp_set_schedule(omp_sched_guided, 4);
	expect_schedule(omp_sched_guided, 4);
	run_loop();
	/* Runs of one owner are unions of chunks; each run but the last is at least 4 long. */
	for (int i = 0, len = 1; i < N; i++, len++)
		if (i + 1 == N || owner[i + 1] != owner[i]) {
			OT_CHECK(len >= 4 || i + 1 == N, "guided,4: a chunk of %d ending at %d", len,
				 i);
			len = 0;
		}
	printf("guided,4: %d iterations once each, chunks of at least 4 but the last\n", N);
	printf("PASS omp_env_schedule\n");
	return 0;
}
