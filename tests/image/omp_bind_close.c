// SPDX-License-Identifier: MIT
/* OMP_PROC_BIND=close, OMP_PLACES=threads: teams of 1 to P+1 threads on consecutive places. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_PROC_BIND=close
// eremit-test: env OMP_PLACES=threads
// eremit-test: stdout close: teams of 1 to @CPUS@+1 threads bound as OpenMP says
// eremit-test: stdout PASS omp_bind_close
#include "omp_affinity.h"

int main(void)
{
	int p = ot_cpus();

	OT_CHECK(omp_get_proc_bind() == omp_proc_bind_close, "bind-var %d, expected close",
		 omp_get_proc_bind());
	aff_expect_places_of(0);
	OT_CHECK(omp_get_place_num() == 0, "the initial thread on place %d", omp_get_place_num());
	aff_print_places();
	for (int n = 1; n <= p + 1; n++)
		aff_team(n, AFF_ENV);
	printf("close: teams of 1 to %d+1 threads bound as OpenMP says\n", p);
	printf("PASS omp_bind_close\n");
	return 0;
}
