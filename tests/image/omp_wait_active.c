// SPDX-License-Identifier: MIT
/* OMP_WAIT_POLICY=active with GOMP_SPINCOUNT=20000: spinning waiters, also more threads than cores; OMP_DISPLAY_ENV=verbose shows both. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_WAIT_POLICY=active
// eremit-test: env GOMP_SPINCOUNT=20000
// eremit-test: env OMP_DISPLAY_ENV=verbose
// eremit-test: stderr-once ^  OMP_WAIT_POLICY = 'ACTIVE'$
// eremit-test: stderr-once ^  GOMP_SPINCOUNT = '20000'$
// eremit-test: stdout active: 300 barriers and a lock, teams of 2 and @CPUS@+1 threads
// eremit-test: stdout PASS omp_wait_active
#include "omp_wait.h"

int main(void)
{
	return wait_all("active");
}
