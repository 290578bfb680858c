// SPDX-License-Identifier: MIT
/* OMP_PROC_BIND=spread,close with OMP_PLACES="{0},{1}": a bind kind per nesting level, the inner teams inside the outer threads' places. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 2
// eremit-test: qemu-cpus 2 4
// eremit-test: env OMP_PROC_BIND=spread,close
// eremit-test: env OMP_PLACES={0},{1}
// eremit-test: env OMP_NUM_THREADS=2,2
// eremit-test: env OMP_MAX_ACTIVE_LEVELS=2
// eremit-test: stdout places: {0},{1}
// eremit-test: stdout outer: spread over both places; inner: close, 2 threads on each outer thread's place
// eremit-test: stdout PASS omp_bind_levels
#include "omp_affinity.h"

int main(void)
{
	atomic_int inner_bind_ok = 0, ok = 0;

	aff_expect_places("0;1");
	aff_print_places();
	OT_CHECK(omp_get_proc_bind() == omp_proc_bind_spread, "level 0: bind-var %d, expected spread",
		 omp_get_proc_bind());
	aff_team(2, AFF_ENV);
#pragma omp parallel
	{
		/* The second list item is the bind-var inside the outer region. */
		if (omp_get_proc_bind() == omp_proc_bind_close)
			atomic_fetch_add(&inner_bind_ok, 1);
		if (omp_get_partition_num_places() != 1 ||
		    omp_get_place_num() != omp_get_thread_num())
			ot_fail("outer thread %d: place %d, partition of %d places",
				omp_get_thread_num(), omp_get_place_num(),
				omp_get_partition_num_places());
		atomic_fetch_add(&ok, aff_team(2, AFF_ENV));
	}
	OT_CHECK(inner_bind_ok == 2, "%d of 2 outer threads see close as their bind-var",
		 atomic_load(&inner_bind_ok));
	OT_CHECK(ok == 4, "inner teams: %d threads, expected 4", atomic_load(&ok));
	printf("outer: spread over both places; inner: close, 2 threads on each outer thread's "
	       "place\n");
	printf("PASS omp_bind_levels\n");
	return 0;
}
