// SPDX-License-Identifier: MIT
/* OMP_DISPLAY_ENV=true prints the ICVs the other OMP_* variables set, and the API agrees with them. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 4
// eremit-test: env OMP_DISPLAY_ENV=true
// eremit-test: env OMP_NUM_THREADS=3
// eremit-test: env OMP_SCHEDULE=guided,4
// eremit-test: env OMP_DYNAMIC=true
// eremit-test: env OMP_PROC_BIND=spread
// eremit-test: env OMP_PLACES=threads
// eremit-test: env OMP_STACKSIZE=4M
// eremit-test: env OMP_WAIT_POLICY=passive
// eremit-test: env OMP_MAX_ACTIVE_LEVELS=3
// eremit-test: env OMP_CANCELLATION=true
// eremit-test: env OMP_MAX_TASK_PRIORITY=7
// eremit-test: stderr-once ^OPENMP DISPLAY ENVIRONMENT BEGIN$
// eremit-test: stderr-once ^  _OPENMP = '[0-9]+'$
// eremit-test: stderr-once ^  OMP_NUM_THREADS = '3'$
// eremit-test: stderr-once ^  OMP_SCHEDULE = 'GUIDED,4'$
// eremit-test: stderr-once ^  OMP_DYNAMIC = 'TRUE'$
// eremit-test: stderr-once ^  OMP_PROC_BIND = 'SPREAD'$
// eremit-test: stderr-once ^  OMP_PLACES = '\{0\}(,\{[0-9]+\})*'$
// eremit-test: stderr-once ^  OMP_STACKSIZE = '4194304'$
// eremit-test: stderr-once ^  OMP_WAIT_POLICY = 'PASSIVE'$
// eremit-test: stderr-once ^  OMP_MAX_ACTIVE_LEVELS = '3'$
// eremit-test: stderr-once ^  OMP_CANCELLATION = 'TRUE'$
// eremit-test: stderr-once ^  OMP_MAX_TASK_PRIORITY = '7'$
// eremit-test: stderr-once ^OPENMP DISPLAY ENVIRONMENT END$
// eremit-test: stdout the API agrees with the displayed environment
// eremit-test: stdout PASS omp_env_display
#include "omp_test.h"

int main(void)
{
	omp_sched_t kind;
	int chunk;

	omp_get_schedule(&kind, &chunk);
	kind = (omp_sched_t)(kind & ~omp_sched_monotonic);
	OT_CHECK(omp_get_max_threads() == 3, "omp_get_max_threads() = %d", omp_get_max_threads());
	OT_CHECK(kind == omp_sched_guided && chunk == 4, "schedule %d,%d", kind, chunk);
	OT_CHECK(omp_get_dynamic(), "omp_get_dynamic() = 0");
	OT_CHECK(omp_get_proc_bind() == omp_proc_bind_spread, "bind-var %d",
		 omp_get_proc_bind());
	OT_CHECK(omp_get_num_places() == ot_cpus(), "%d places on %d CPUs", omp_get_num_places(),
		 ot_cpus());
	OT_CHECK(omp_get_max_active_levels() == 3, "omp_get_max_active_levels() = %d",
		 omp_get_max_active_levels());
	OT_CHECK(omp_get_cancellation(), "omp_get_cancellation() = 0");
	OT_CHECK(omp_get_max_task_priority() == 7, "omp_get_max_task_priority() = %d",
		 omp_get_max_task_priority());
	printf("the API agrees with the displayed environment\n");
	printf("PASS omp_env_display\n");
	return 0;
}
