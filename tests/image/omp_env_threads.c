// SPDX-License-Identifier: MIT
/* OMP_NUM_THREADS=3,2 with OMP_MAX_ACTIVE_LEVELS=2 and OMP_DYNAMIC=false: exact team sizes per level; OMP_THREAD_LIMIT caps them. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NUM_THREADS=3,2
// eremit-test: env OMP_MAX_ACTIVE_LEVELS=2
// eremit-test: env OMP_DYNAMIC=false
// eremit-test: env OMP_THREAD_LIMIT=9
// eremit-test: stdout levels: 3 outer threads, 2 inner threads each, 6 distinct pairs
// eremit-test: stdout limit: num_threads(12) gives 9 threads (OMP_THREAD_LIMIT)
// eremit-test: stdout PASS omp_env_threads
#include "omp_test.h"

int main(void)
{
	atomic_int pair[3][2] = {{0}};
	atomic_int bad = 0;

	OT_CHECK(omp_get_max_threads() == 3, "omp_get_max_threads() = %d, expected 3",
		 omp_get_max_threads());
	OT_CHECK(!omp_get_dynamic(), "omp_get_dynamic() = %d", omp_get_dynamic());
	OT_CHECK(omp_get_max_active_levels() == 2, "omp_get_max_active_levels() = %d",
		 omp_get_max_active_levels());
	OT_CHECK(omp_get_thread_limit() == 9, "omp_get_thread_limit() = %d",
		 omp_get_thread_limit());
	OT_CHECK(!omp_in_parallel() && omp_get_level() == 0, "the initial thread is in parallel");
#pragma omp parallel
	{
		int o = omp_get_thread_num();
		/* The second list item is the inner level's nthreads-var. */
		if (omp_get_num_threads() != 3 || omp_get_max_threads() != 2)
			atomic_fetch_add(&bad, 1);
#pragma omp parallel
		{
			int i = omp_get_thread_num();
			if (omp_get_num_threads() != 2 || omp_get_level() != 2 ||
			    omp_get_active_level() != 2 || omp_get_ancestor_thread_num(1) != o ||
			    omp_get_team_size(1) != 3 || omp_get_team_size(2) != 2 ||
			    !omp_in_parallel())
				atomic_fetch_add(&bad, 1);
			else if (o < 3 && i < 2)
				atomic_fetch_add(&pair[o][i], 1);
		}
	}
	OT_CHECK(!bad, "%d threads saw wrong team sizes or levels", atomic_load(&bad));
	for (int o = 0; o < 3; o++)
		for (int i = 0; i < 2; i++)
			OT_CHECK(pair[o][i] == 1, "outer %d, inner %d ran %d times", o, i,
				 atomic_load(&pair[o][i]));
	printf("levels: 3 outer threads, 2 inner threads each, 6 distinct pairs\n");
	int n = 0;
#pragma omp parallel num_threads(12)
#pragma omp single
	n = omp_get_num_threads();
	OT_CHECK(n == 9, "num_threads(12) gave %d threads, OMP_THREAD_LIMIT is 9", n);
	printf("limit: num_threads(12) gives %d threads (OMP_THREAD_LIMIT)\n", n);
	printf("PASS omp_env_threads\n");
	return 0;
}
