// SPDX-License-Identifier: MIT
/*
 * An image above 1 GiB (1.2 GiB of -mcmodel=medium .lbss) on several cores
 * under QEMU: the other cores start through a trampoline that maps only the
 * first GiB, which must hold only the code that switches to the kernel's
 * page tables, not the whole image. Each core writes and checks its share.
 * (large_data covers images above 2 GiB, which only eremit can load.)
 */
/* eremit-test: cflags -mcmodel=medium -fopenmp */
/* eremit-test: mem 1600M */
/* eremit-test: cpus 2 */
/* eremit-test: qemu-cpus 2 4 */
/* eremit-test: env OMP_PROC_BIND=close */
/* eremit-test: stdout lbss ok on @CPUS@ cores */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>

#define LBSS_BYTES (1200ull << 20)
#define STRIDE	   (256 * 4096ull)
static char lbss[LBSS_BYTES];

int main(void)
{
	int ok = 1, cores = 0;

#pragma omp parallel reduction(&& : ok) reduction(+ : cores)
	{
		int me = omp_get_thread_num(), n = omp_get_num_threads();

		cores = 1;
		for (uint64_t i = (uint64_t)me * STRIDE; i < LBSS_BYTES; i += (uint64_t)n * STRIDE) {
			ok = ok && lbss[i] == 0;
			lbss[i] = (char)(me + 1);
		}
		for (uint64_t i = (uint64_t)me * STRIDE; i < LBSS_BYTES; i += (uint64_t)n * STRIDE)
			ok = ok && lbss[i] == (char)(me + 1);
	}
	if (!ok || (uintptr_t)lbss + LBSS_BYTES < (1ull << 30)) {
		printf("FAIL: lbss %s, ends at %#lx\n", ok ? "ok" : "wrong",
		       (unsigned long)((uintptr_t)lbss + LBSS_BYTES));
		return 1;
	}
	printf("lbss ok on %d cores\n", cores);
	return 0;
}
