// SPDX-License-Identifier: MIT
/* OMP_PROC_BIND=spread, OMP_PLACES=threads: teams spread over subpartitions; nested close teams inside them. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_PROC_BIND=spread
// eremit-test: env OMP_PLACES=threads
// eremit-test: env OMP_MAX_ACTIVE_LEVELS=2
// eremit-test: stdout spread: teams of 1 to @CPUS@+1 threads bound as OpenMP says
// eremit-test: stdout nested: close teams of 2 inside each spread thread's subpartition
// eremit-test: stdout PASS omp_bind_spread
#include "omp_affinity.h"

int main(void)
{
	int p = ot_cpus();

	OT_CHECK(omp_get_proc_bind() == omp_proc_bind_spread, "bind-var %d, expected spread",
		 omp_get_proc_bind());
	aff_expect_places_of(0);
	aff_print_places();
	for (int n = 1; n <= p + 1; n++)
		aff_team(n, AFF_ENV);
	printf("spread: teams of 1 to %d+1 threads bound as OpenMP says\n", p);
	/* Each outer thread owns a subpartition; its own team binds inside it. */
	int outer = p >= 2 ? 2 : 1, ok = 0;
#pragma omp parallel num_threads(outer) proc_bind(spread) reduction(+ : ok)
	{
		OT_CHECK(omp_get_partition_num_places() == p / outer,
			 "outer thread %d: subpartition of %d places, expected %d",
			 omp_get_thread_num(), omp_get_partition_num_places(), p / outer);
		ok += aff_team(2, AFF_CLOSE);
	}
	OT_CHECK(ok == 2 * outer, "nested teams: %d threads, expected %d", ok, 2 * outer);
	printf("nested: close teams of 2 inside each spread thread's subpartition\n");
	printf("PASS omp_bind_spread\n");
	return 0;
}
