// SPDX-License-Identifier: MIT
/* OMP_NESTED=true: three active levels of 2 threads make 8 distinct leaves that know their ancestors. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NESTED=true
// eremit-test: env OMP_NUM_THREADS=2
// eremit-test: stdout nested: 3 active levels, 8 leaves, each with its own ancestors
// eremit-test: stdout PASS omp_env_nested
#include "omp_test.h"

int main(void)
{
	atomic_int leaf[8] = {0};
	atomic_int bad = 0;

	OT_CHECK(omp_get_max_active_levels() > 2, "omp_get_max_active_levels() = %d",
		 omp_get_max_active_levels());
#pragma omp parallel
#pragma omp parallel
#pragma omp parallel
	{
		int id = 0;
		for (int l = 1; l <= 3; l++) {
			if (omp_get_team_size(l) != 2)
				atomic_fetch_add(&bad, 1);
			id = id * 2 + omp_get_ancestor_thread_num(l);
		}
		if (omp_get_level() != 3 || omp_get_active_level() != 3 ||
		    omp_get_ancestor_thread_num(3) != omp_get_thread_num() ||
		    omp_get_ancestor_thread_num(0) != 0 || id < 0 || id > 7)
			atomic_fetch_add(&bad, 1);
		else
			atomic_fetch_add(&leaf[id], 1);
	}
	OT_CHECK(!bad, "%d leaves saw wrong levels or ancestors", atomic_load(&bad));
	for (int i = 0; i < 8; i++)
		OT_CHECK(leaf[i] == 1, "leaf %d ran %d times", i, atomic_load(&leaf[i]));
	printf("nested: 3 active levels, 8 leaves, each with its own ancestors\n");
	printf("PASS omp_env_nested\n");
	return 0;
}
