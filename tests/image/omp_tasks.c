// SPDX-License-Identifier: MIT
/* Tasks: recursive fib with taskwait, a taskgroup that waits for grandchildren, depend chains and fans, final/if, taskyield. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NUM_THREADS=4
// eremit-test: stdout fib(24) = 46368 with tasks and taskwait, run by 4 threads
// eremit-test: stdout taskgroup: waited for 64 children and their 256 grandchildren
// eremit-test: stdout depend: a chain of 200 inout tasks in order, a fan of 50 readers between writers
// eremit-test: stdout final and if(0): undeferred tasks run in their creator at once
// eremit-test: stdout PASS omp_tasks
#include "omp_test.h"

#define CUTOFF 12 /* smaller problems run without tasks */

static atomic_int tasks_by[64];

static long fib_seq(int n)
{
	return n < 2 ? n : fib_seq(n - 1) + fib_seq(n - 2);
}

static long fib(int n)
{
	long a, b;

	if (n < CUTOFF)
		return fib_seq(n);
	atomic_fetch_add(&tasks_by[omp_get_thread_num() & 63], 1);
#pragma omp task shared(a)
	a = fib(n - 1);
#pragma omp task shared(b)
	b = fib(n - 2);
#pragma omp taskwait
	return a + b;
}

static void test_fib(void)
{
	long r = 0;
	int n = 0;

#pragma omp parallel
#pragma omp single
	{
		n = omp_get_num_threads();
		r = fib(24);
	}
	OT_CHECK(r == 46368, "fib(24) = %ld", r);
	int total = 0;
	for (int i = 0; i < 64; i++)
		total += atomic_load(&tasks_by[i]);
	OT_CHECK(total > 100, "only %d tasks were made", total);
	printf("fib(24) = %ld with tasks and taskwait, run by %d threads\n", r, n);
}

static void test_taskgroup(void)
{
	atomic_int children = 0, grandchildren = 0;
	int seen_c = -1, seen_g = -1;

#pragma omp parallel
#pragma omp single
	{
#pragma omp taskgroup
		{
			for (int i = 0; i < 64; i++) {
#pragma omp task
				{
					for (int j = 0; j < 4; j++) {
#pragma omp task
						{
							ot_work(3000);
							atomic_fetch_add(&grandchildren, 1);
						}
					}
					atomic_fetch_add(&children, 1);
				}
			}
		}
		/* taskgroup, unlike taskwait, also waits for descendants. */
		seen_c = atomic_load(&children);
		seen_g = atomic_load(&grandchildren);
	}
	OT_CHECK(seen_c == 64 && seen_g == 256, "after the taskgroup: %d children, %d grandchildren",
		 seen_c, seen_g);
	printf("taskgroup: waited for %d children and their %d grandchildren\n", seen_c, seen_g);
}

static void test_depend(void)
{
	int x = 0, order[200], pos = 0, bad = 0;
	atomic_int readers = 0;

#pragma omp parallel
#pragma omp single
	{
		/* inout on x: each task runs after the one before it. */
		for (int i = 0; i < 200; i++) {
#pragma omp task depend(inout : x) firstprivate(i) shared(order, pos)
			{
				if (i % 10 == 0)
					ot_work(2000);
				order[pos++] = i;
				x++;
			}
		}
		/* A writer, 50 readers that may run together, and a writer after all of them. */
#pragma omp task depend(out : x)
		x = 1000;
		for (int i = 0; i < 50; i++) {
#pragma omp task depend(in : x) shared(bad, readers)
			{
				if (x != 1000)
#pragma omp atomic
					bad++;
				ot_work(1000);
				atomic_fetch_add(&readers, 1);
			}
		}
#pragma omp task depend(out : x) shared(bad, readers)
		{
			if (atomic_load(&readers) != 50)
#pragma omp atomic
				bad++;
			x = 2000;
		}
#pragma omp taskwait
	}
	OT_CHECK(pos == 200, "%d of 200 chained tasks ran", pos);
	for (int i = 0; i < 200; i++)
		OT_CHECK(order[i] == i, "chained task %d ran as number %d", order[i], i);
	OT_CHECK(!bad && x == 2000, "fan: %d readers or the last writer ran out of order, x = %d",
		 bad, x);
	printf("depend: a chain of 200 inout tasks in order, a fan of 50 readers between writers\n");
}

static void test_undeferred(void)
{
	atomic_int bad = 0;

#pragma omp parallel
	{
		int me = omp_get_thread_num(), done = 0;
#pragma omp task if (0) shared(done)
		{
			if (omp_get_thread_num() != me)
				atomic_fetch_add(&bad, 1);
			done = 1;
		}
		if (!done)
			atomic_fetch_add(&bad, 1);
		done = 0;
		/* A final task may be deferred itself; the tasks it makes are included. */
#pragma omp task final(1) shared(done)
		{
			int creator = omp_get_thread_num();
			if (!omp_in_final())
				atomic_fetch_add(&bad, 1);
#pragma omp task shared(done)
			{
				if (omp_get_thread_num() != creator)
					atomic_fetch_add(&bad, 1);
				done = 1;
			}
			if (!done)
				atomic_fetch_add(&bad, 1);
#pragma omp taskyield
		}
#pragma omp taskwait
		if (!done)
			atomic_fetch_add(&bad, 1);
	}
	OT_CHECK(!bad, "%d undeferred or final tasks ran late or elsewhere", atomic_load(&bad));
	printf("final and if(0): undeferred tasks run in their creator at once\n");
}

int main(void)
{
	test_fib();
	test_taskgroup();
	test_depend();
	test_undeferred();
	printf("PASS omp_tasks\n");
	return 0;
}
