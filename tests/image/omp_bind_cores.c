// SPDX-License-Identifier: MIT
/* The acceptance run of OpenMP affinity: OMP_NUM_THREADS=2 OMP_PROC_BIND=close OMP_PLACES=cores on 2 CPUs. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 2
// eremit-test: env OMP_NUM_THREADS=2
// eremit-test: env OMP_PROC_BIND=close
// eremit-test: env OMP_PLACES=cores
// eremit-test: stdout places: {0},{1}
// eremit-test: stdout thread 0 on CPU 0, thread 1 on CPU 1, pinned through 10 regions
// eremit-test: stdout PASS omp_bind_cores
#include "omp_affinity.h"

#define REGIONS 10

int main(void)
{
	int cpu[2] = {-1, -1};

	OT_CHECK(ot_cpus() == 2, "%d CPUs online, the test wants 2", ot_cpus());
	OT_CHECK(omp_get_proc_bind() == omp_proc_bind_close, "bind-var %d, expected close (%d)",
		 omp_get_proc_bind(), omp_proc_bind_close);
	OT_CHECK(omp_get_max_threads() == 2, "omp_get_max_threads() = %d", omp_get_max_threads());
	aff_expect_places_of(1);
	aff_print_places();
	/* The team of the acceptance command: no clauses, everything from the environment. */
	for (int r = 0; r < REGIONS; r++) {
#pragma omp parallel
		{
			int t = omp_get_thread_num(), c = sched_getcpu();
			if (omp_get_num_threads() != 2)
				ot_fail("a team of %d threads", omp_get_num_threads());
			for (int i = 0; i < AFF_ROUNDS; i++) {
				if (sched_getcpu() != c)
					ot_fail("thread %d moved from CPU %d to %d", t, c,
						sched_getcpu());
				ot_work(AFF_WORK);
			}
			if (r > 0 && cpu[t] != c)
				ot_fail("thread %d on CPU %d, in the first region on CPU %d", t, c,
					cpu[t]);
			cpu[t] = c;
		}
	}
	OT_CHECK(cpu[0] == 0 && cpu[1] == 1, "thread 0 on CPU %d, thread 1 on CPU %d", cpu[0],
		 cpu[1]);
	printf("thread 0 on CPU 0, thread 1 on CPU 1, pinned through %d regions\n", REGIONS);
	aff_team(2, AFF_ENV);
	printf("PASS omp_bind_cores\n");
	return 0;
}
