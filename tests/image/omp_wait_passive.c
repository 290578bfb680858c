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
	return wait_all("passive");
}
