// SPDX-License-Identifier: MIT
/* OMP_WAIT_POLICY=passive: waiting threads sleep on futexes and still wake for every barrier and lock. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_WAIT_POLICY=passive
// eremit-test: stdout passive: 300 barriers and a lock, teams of 2 and @CPUS@+1 threads
// eremit-test: stdout PASS omp_wait_passive
#include "omp_wait.h"

int main(void)
{
	int p = omp_get_num_procs();

	wait_barriers(2);
	wait_barriers(p + 1);
	wait_lock(2);
	wait_lock(p + 1);
	printf("passive: %d barriers and a lock, teams of 2 and %d+1 threads\n", WAIT_ROUNDS, p);
	printf("PASS omp_wait_passive\n");
	return 0;
}
