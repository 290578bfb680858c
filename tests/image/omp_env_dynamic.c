// SPDX-License-Identifier: MIT
/* OMP_DYNAMIC=true lets the runtime shrink teams (libgomp: to the cores online); omp_set_dynamic(0) gives the full team. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_DYNAMIC=true
// eremit-test: env OMP_NUM_THREADS=8
// eremit-test: stdout dynamic: teams of 1 to @CPUS@ threads where 8 were asked
// eremit-test: stdout static: omp_set_dynamic(0) gives 8 threads
// eremit-test: stdout PASS omp_env_dynamic
#include "omp_test.h"

static int team(void)
{
	int n = 0;
	atomic_int members = 0;

#pragma omp parallel
	{
		atomic_fetch_add(&members, 1);
#pragma omp single
		n = omp_get_num_threads();
	}
	OT_CHECK(n == atomic_load(&members), "team of %d, %d members ran", n,
		 atomic_load(&members));
	return n;
}

int main(void)
{
	int p = omp_get_num_procs();

	OT_CHECK(omp_get_dynamic() == 1, "omp_get_dynamic() = %d with OMP_DYNAMIC=true",
		 omp_get_dynamic());
	for (int r = 0; r < 5; r++) {
		int n = team();
		OT_CHECK(n >= 1 && n <= p, "a dynamic team of %d threads on %d cores", n, p);
	}
	printf("dynamic: teams of 1 to %d threads where 8 were asked\n", p);
	omp_set_dynamic(0);
	OT_CHECK(omp_get_dynamic() == 0, "omp_set_dynamic(0) left %d", omp_get_dynamic());
	int n = team();
	OT_CHECK(n == 8, "without dynamic adjustment a team of %d threads, expected 8", n);
	printf("static: omp_set_dynamic(0) gives %d threads\n", n);
	printf("PASS omp_env_dynamic\n");
	return 0;
}
