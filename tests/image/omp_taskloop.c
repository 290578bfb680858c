// SPDX-License-Identifier: MIT
/* taskloop: every iteration once, with grainsize, num_tasks, a reduction, nogroup and collapse. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NUM_THREADS=4
// eremit-test: stdout grainsize(50): 10000 iterations once each, in 50 to 99 long tasks
// eremit-test: stdout num_tasks(7): 7 tasks
// eremit-test: stdout reduction: sum of 0..99999 = 4999950000
// eremit-test: stdout nogroup and collapse(2): 300x40 cells once each after taskwait
// eremit-test: stdout PASS omp_taskloop
#include "omp_test.h"

#define N 10000

static atomic_int runs[N];
static int task_of[N];

int main(void)
{
	/*
	 * grainsize g: each task gets between g and 2g - 1 iterations. Each
	 * task has its own firstprivate copy of `first`: its first iteration.
	 */
	int first = -1;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(50) firstprivate(first)
	for (int i = 0; i < N; i++) {
		if (first < 0)
			first = i;
		task_of[i] = first;
		atomic_fetch_add(&runs[i], 1);
	}
	for (int i = 0; i < N; i++)
		OT_CHECK(runs[i] == 1, "iteration %d ran %d times", i, atomic_load(&runs[i]));
	for (int i = 0, len = 1; i < N; i++, len++)
		if (i + 1 == N || task_of[i + 1] != task_of[i]) {
			OT_CHECK(len >= 50 && len <= 99, "a task of %d iterations ending at %d", len,
				 i);
			len = 0;
		}
	printf("grainsize(50): %d iterations once each, in 50 to 99 long tasks\n", N);

	atomic_int tasks = 0, iters = 0;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop num_tasks(7) firstprivate(first)
	for (int i = 0; i < 700; i++) {
		if (first < 0) {
			first = i;
			atomic_fetch_add(&tasks, 1);
		}
		atomic_fetch_add(&iters, 1);
	}
	OT_CHECK(tasks == 7 && iters == 700, "num_tasks(7): %d tasks, %d iterations",
		 atomic_load(&tasks), atomic_load(&iters));
	printf("num_tasks(7): %d tasks\n", atomic_load(&tasks));

	long sum = 0;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop reduction(+ : sum) grainsize(1000)
	for (long i = 0; i < 100000; i++)
		sum += i;
	OT_CHECK(sum == 4999950000L, "taskloop reduction: %ld", sum);
	printf("reduction: sum of 0..99999 = %ld\n", sum);

	static atomic_int cell[300][40];
	atomic_int early = 0;
#pragma omp parallel
#pragma omp single
	{
#pragma omp taskloop collapse(2) nogroup
		for (int i = 0; i < 300; i++)
			for (int j = 0; j < 40; j++) {
				ot_work(100);
				atomic_fetch_add(&cell[i][j], 1);
			}
#pragma omp taskwait
		for (int i = 0; i < 300; i++)
			for (int j = 0; j < 40; j++)
				if (atomic_load(&cell[i][j]) != 1)
					atomic_fetch_add(&early, 1);
	}
	OT_CHECK(!early, "%d cells not run exactly once by the taskwait", atomic_load(&early));
	printf("nogroup and collapse(2): 300x40 cells once each after taskwait\n");
	printf("PASS omp_taskloop\n");
	return 0;
}
