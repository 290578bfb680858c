// SPDX-License-Identifier: MIT
/* OMP_PROC_BIND=primary, OMP_PLACES=cores: every thread on the primary's place; the clauses still work. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_PROC_BIND=primary
// eremit-test: env OMP_PLACES=cores
// eremit-test: stdout primary: teams of 1 to 3 threads on the primary's place
// eremit-test: stdout clauses: close and spread teams of @CPUS@ threads
// eremit-test: stdout PASS omp_bind_primary
#include "omp_affinity.h"

int main(void)
{
	int p = ot_cpus();

	OT_CHECK(omp_get_proc_bind() == omp_proc_bind_master, "bind-var %d, expected primary",
		 omp_get_proc_bind());
	aff_expect_places_of(1);
	aff_print_places();
	for (int n = 1; n <= 3; n++)
		aff_team(n, AFF_ENV);
	printf("primary: teams of 1 to 3 threads on the primary's place\n");
	aff_team(p, AFF_CLOSE);
	aff_team(p, AFF_SPREAD);
	aff_team(2, AFF_PRIMARY);
	printf("clauses: close and spread teams of %d threads\n", p);
	printf("PASS omp_bind_primary\n");
	return 0;
}
