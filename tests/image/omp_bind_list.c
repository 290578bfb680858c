// SPDX-License-Identifier: MIT
/* OMP_PLACES="{1},{0}": an explicit list in reverse order moves the initial thread to CPU 1. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 2
// eremit-test: qemu-cpus 2 4
// eremit-test: env OMP_PROC_BIND=close
// eremit-test: env OMP_PLACES={1},{0}
// eremit-test: stdout places: {1},{0}
// eremit-test: stdout initial thread on CPU 1; close, spread and primary teams of 1 to 3 threads
// eremit-test: stdout PASS omp_bind_list
#include "omp_affinity.h"

int main(void)
{
	aff_expect_places("1;0");
	aff_print_places();
	OT_CHECK(omp_get_place_num() == 0, "initial thread on place %d", omp_get_place_num());
	for (int i = 0; i < AFF_ROUNDS; i++) {
		OT_CHECK(sched_getcpu() == 1, "initial thread on CPU %d", sched_getcpu());
		ot_work(AFF_WORK);
	}
	for (int n = 1; n <= 3; n++) {
		aff_team(n, AFF_ENV);
		aff_team(n, AFF_SPREAD);
		aff_team(n, AFF_PRIMARY);
	}
	printf("initial thread on CPU 1; close, spread and primary teams of 1 to 3 threads\n");
	printf("PASS omp_bind_list\n");
	return 0;
}
