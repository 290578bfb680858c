// SPDX-License-Identifier: MIT
/* OMP_MAX_ACTIVE_LEVELS=1: an inner region gets one thread; omp_set_max_active_levels(2) makes it active. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_MAX_ACTIVE_LEVELS=1
// eremit-test: env OMP_NUM_THREADS=2,3
// eremit-test: stdout 1 active level: inner teams of 1 thread at level 2
// eremit-test: stdout 2 active levels: inner teams of 3 threads
// eremit-test: stdout PASS omp_env_levels
#include "omp_test.h"

/* Returns the total number of inner threads; all must see `size` and `active` levels. */
static int nest(int size, int active)
{
	atomic_int total = 0, bad = 0;

#pragma omp parallel
	{
		if (omp_get_num_threads() != 2)
			atomic_fetch_add(&bad, 1);
#pragma omp parallel
		{
			atomic_fetch_add(&total, 1);
			if (omp_get_num_threads() != size || omp_get_level() != 2 ||
			    omp_get_active_level() != active)
				atomic_fetch_add(&bad, 1);
		}
	}
	OT_CHECK(!bad, "%d threads saw the wrong team or level (expected inner %d, active %d)",
		 atomic_load(&bad), size, active);
	return atomic_load(&total);
}

int main(void)
{
	OT_CHECK(omp_get_max_active_levels() == 1, "omp_get_max_active_levels() = %d",
		 omp_get_max_active_levels());
	int n = nest(1, 1);
	OT_CHECK(n == 2, "%d inner threads, expected 2", n);
	printf("1 active level: inner teams of 1 thread at level 2\n");
	omp_set_max_active_levels(2);
	n = nest(3, 2);
	OT_CHECK(n == 6, "%d inner threads, expected 6", n);
	printf("2 active levels: inner teams of 3 threads\n");
	printf("PASS omp_env_levels\n");
	return 0;
}
