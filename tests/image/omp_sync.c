// SPDX-License-Identifier: MIT
/* Worksharing and synchronisation: barrier, ordered, sections, single with copyprivate and nowait, masked, threadprivate with copyin. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NUM_THREADS=4
// eremit-test: stdout barrier: 60 phases, nobody ahead of a phase before all finished it
// eremit-test: stdout ordered: 500 iterations of a dynamic loop, the ordered parts in sequence
// eremit-test: stdout sections: 5 sections once each
// eremit-test: stdout single: one thread runs it, copyprivate hands its value to all 4
// eremit-test: stdout masked: only thread 0 (master) and thread 2 (filter)
// eremit-test: stdout threadprivate: per-thread copies kept across regions, copyin from the primary
// eremit-test: stdout PASS omp_sync
#include "omp_test.h"

#define PHASES 60

static void test_barrier(void)
{
	static atomic_int done[PHASES];
	atomic_int ahead = 0;
	int n = omp_get_max_threads();

#pragma omp parallel
	for (int ph = 0; ph < PHASES; ph++) {
		if ((ph + omp_get_thread_num()) % 7 == 0)
			ot_work(5000);
		atomic_fetch_add(&done[ph], 1);
#pragma omp barrier
		if (atomic_load(&done[ph]) != n)
			atomic_fetch_add(&ahead, 1);
	}
	OT_CHECK(!ahead, "barrier: %d times a thread passed it early", atomic_load(&ahead));
	printf("barrier: %d phases, nobody ahead of a phase before all finished it\n", PHASES);
}

static void test_ordered(void)
{
	int seq[500], pos = 0;

#pragma omp parallel for ordered schedule(dynamic, 3)
	for (int i = 0; i < 500; i++) {
		ot_work((unsigned)(i % 5) * 500); /* unordered part, uneven */
#pragma omp ordered
		seq[pos++] = i;
	}
	OT_CHECK(pos == 500, "ordered: %d of 500 iterations", pos);
	for (int i = 0; i < 500; i++)
		OT_CHECK(seq[i] == i, "ordered: iteration %d came as number %d", seq[i], i);
	printf("ordered: 500 iterations of a dynamic loop, the ordered parts in sequence\n");
}

static void test_sections(void)
{
	atomic_int ran[5] = {0};

#pragma omp parallel
#pragma omp sections
	{
#pragma omp section
		atomic_fetch_add(&ran[0], 1);
#pragma omp section
		atomic_fetch_add(&ran[1], 1);
#pragma omp section
		atomic_fetch_add(&ran[2], 1);
#pragma omp section
		atomic_fetch_add(&ran[3], 1);
#pragma omp section
		atomic_fetch_add(&ran[4], 1);
	}
	for (int s = 0; s < 5; s++)
		OT_CHECK(ran[s] == 1, "section %d ran %d times", s, atomic_load(&ran[s]));
	printf("sections: 5 sections once each\n");
}

static void test_single(void)
{
	atomic_int singles = 0, got = 0, nowaits = 0;
	int n = 0;

#pragma omp parallel
	{
		int mine = -1;
#pragma omp single copyprivate(mine)
		{
			atomic_fetch_add(&singles, 1);
			mine = 1000 + omp_get_thread_num();
			n = omp_get_num_threads();
		}
		/* copyprivate: every thread has the single thread's value now. */
		if (mine >= 1000 && mine < 1000 + omp_get_num_threads())
			atomic_fetch_add(&got, 1);
#pragma omp single nowait
		atomic_fetch_add(&nowaits, 1);
	}
	OT_CHECK(singles == 1 && nowaits == 1, "single ran %d times, single nowait %d times",
		 atomic_load(&singles), atomic_load(&nowaits));
	OT_CHECK(got == n, "copyprivate reached %d of %d threads", atomic_load(&got), n);
	printf("single: one thread runs it, copyprivate hands its value to all %d\n", n);
}

static void test_masked(void)
{
	atomic_int by[8] = {0};

#pragma omp parallel num_threads(4)
	{
#pragma omp master
		atomic_fetch_add(&by[omp_get_thread_num()], 1);
#pragma omp masked filter(2)
		atomic_fetch_add(&by[omp_get_thread_num()], 10);
	}
	OT_CHECK(by[0] == 1 && by[1] == 0 && by[2] == 10 && by[3] == 0,
		 "master/masked ran by thread: %d %d %d %d", atomic_load(&by[0]),
		 atomic_load(&by[1]), atomic_load(&by[2]), atomic_load(&by[3]));
	printf("masked: only thread 0 (master) and thread 2 (filter)\n");
}

static int tp = 7;
#pragma omp threadprivate(tp)

static void test_threadprivate(void)
{
	atomic_int bad = 0;

	/* The thread pool is kept between regions of the same size: so are the copies. */
	omp_set_dynamic(0);
#pragma omp parallel
	tp = 100 + omp_get_thread_num();
#pragma omp parallel
	if (tp != 100 + omp_get_thread_num())
		atomic_fetch_add(&bad, 1);
	OT_CHECK(!bad, "threadprivate: %d threads lost their copy between regions",
		 atomic_load(&bad));
	tp = 42;
#pragma omp parallel copyin(tp)
	{
		if (tp != 42)
			atomic_fetch_add(&bad, 1);
		tp += omp_get_thread_num(); /* each changes its own copy only */
#pragma omp barrier
		if (tp != 42 + omp_get_thread_num())
			atomic_fetch_add(&bad, 1);
	}
	OT_CHECK(!bad && tp == 42, "copyin: %d threads saw wrong copies, primary's is %d",
		 atomic_load(&bad), tp);
	printf("threadprivate: per-thread copies kept across regions, copyin from the primary\n");
}

int main(void)
{
	test_barrier();
	test_ordered();
	test_sections();
	test_single();
	test_masked();
	test_threadprivate();
	printf("PASS omp_sync\n");
	return 0;
}
