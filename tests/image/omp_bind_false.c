// SPDX-License-Identifier: MIT
/* OMP_PROC_BIND=false: places are ignored, threads stay free to run on every CPU. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_PROC_BIND=false
// eremit-test: env OMP_PLACES=threads
// eremit-test: stdout unbound: 3 regions of @CPUS@+1 threads, each thread may use all @CPUS@ CPUs
// eremit-test: stdout PASS omp_bind_false
#include "omp_affinity.h"

int main(void)
{
	int p = ot_cpus();
	cpu_set_t all;

	CPU_ZERO(&all);
	for (int c = 0; c < p; c++)
		CPU_SET(c, &all);
	OT_CHECK(omp_get_proc_bind() == omp_proc_bind_false, "bind-var %d, expected false",
		 omp_get_proc_bind());
	for (int r = 0; r < 3; r++) {
#pragma omp parallel num_threads(p + 1)
		{
			cpu_set_t mine = ot_affinity();
			if (!CPU_EQUAL(&mine, &all))
				ot_fail("thread %d is restricted to %d of %d CPUs",
					omp_get_thread_num(), CPU_COUNT(&mine), p);
			if (omp_get_place_num() != -1)
				ot_fail("thread %d is bound to place %d", omp_get_thread_num(),
					omp_get_place_num());
			if (omp_get_proc_bind() != omp_proc_bind_false)
				ot_fail("thread %d: bind-var %d", omp_get_thread_num(),
					omp_get_proc_bind());
			int c = sched_getcpu();
			if (c < 0 || c >= p)
				ot_fail("thread %d on CPU %d", omp_get_thread_num(), c);
			ot_work(AFF_WORK * 10);
		}
	}
	printf("unbound: 3 regions of %d+1 threads, each thread may use all %d CPUs\n", p, p);
	printf("PASS omp_bind_false\n");
	return 0;
}
