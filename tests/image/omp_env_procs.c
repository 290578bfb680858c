// SPDX-License-Identifier: MIT
/* omp_get_num_procs() is the cores online; without OMP_NUM_THREADS a team has one thread per core. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: stdout omp_get_num_procs: @CPUS@
// eremit-test: stdout PASS omp_env_procs
#include "omp_test.h"

int main(void)
{
	int p = omp_get_num_procs();

	OT_CHECK(p == ot_cpus(), "omp_get_num_procs() = %d, %d cores online", p, ot_cpus());
	printf("omp_get_num_procs: %d\n", p);
	/* The default team: only when the environment leaves it alone. */
	if (!getenv("OMP_NUM_THREADS") && !getenv("OMP_THREAD_LIMIT") && !getenv("OMP_DYNAMIC")) {
		int n = 0;
		cpu_set_t seen;
		CPU_ZERO(&seen);
		OT_CHECK(omp_get_max_threads() == p, "omp_get_max_threads() = %d on %d cores",
			 omp_get_max_threads(), p);
#pragma omp parallel
		{
#pragma omp single
			n = omp_get_num_threads();
			int c = sched_getcpu();
#pragma omp critical
			if (c >= 0 && c < CPU_SETSIZE)
				CPU_SET(c, &seen);
			int in = omp_get_num_procs();
			if (in != p)
				ot_fail("thread %d: omp_get_num_procs() = %d", omp_get_thread_num(),
					in);
		}
		OT_CHECK(n == p, "default team of %d threads on %d cores", n, p);
		printf("default team: %d threads on %d distinct CPUs\n", n, CPU_COUNT(&seen));
	}
	printf("PASS omp_env_procs\n");
	return 0;
}
