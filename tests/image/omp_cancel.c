// SPDX-License-Identifier: MIT
/* Cancellation (OMP_CANCELLATION=true): cancel parallel, for and taskgroup stop the other threads at their cancellation points. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_CANCELLATION=true
// eremit-test: env OMP_NUM_THREADS=4
// eremit-test: stdout parallel: 3 threads left the region at a cancellation point
// eremit-test: stdout for: the loop ended early, no iteration passed a cancellation point after the cancel
// eremit-test: stdout taskgroup: the waiting tasks ended, the queued ones were discarded
// eremit-test: stdout without a cancel: cancellation points let every thread through
// eremit-test: stdout PASS omp_cancel
#include "omp_test.h"

#define PATIENCE_NS 10000000000LL /* a cancellation must be seen long before this */

static atomic_int timed_out;

/*
 * Spins at a cancellation point of the given construct until the construct
 * is cancelled (which leaves the spin through the cancellation point) or
 * PATIENCE_NS passed (which counts as a failure).
 */
#define WAIT_FOR_CANCEL(construct)                                                                 \
	do {                                                                                       \
		long long t0_ = ot_mono_ns();                                                      \
		for (;;) {                                                                         \
			_Pragma(construct);                                                        \
			if (ot_mono_ns() - t0_ > PATIENCE_NS) {                                    \
				atomic_fetch_add(&timed_out, 1);                                   \
				break;                                                             \
			}                                                                          \
		}                                                                                  \
	} while (0)

static void test_parallel(void)
{
	atomic_int left_early = 0, after = 0;
	int n = 0;

#pragma omp parallel
	{
		if (omp_get_thread_num() == 0) {
			n = omp_get_num_threads();
#pragma omp cancel parallel
		} else {
			atomic_fetch_add(&left_early, 1);
			WAIT_FOR_CANCEL("omp cancellation point parallel");
		}
		atomic_fetch_add(&after, 1); /* only a thread that timed out gets here */
	}
	OT_CHECK(!timed_out, "cancel parallel: %d threads never saw it", atomic_load(&timed_out));
	OT_CHECK(!after && left_early == n - 1, "cancel parallel: %d threads ran on after it",
		 atomic_load(&after));
	printf("parallel: %d threads left the region at a cancellation point\n", n - 1);
}

static void test_for(void)
{
	enum { N = 100000 };
	static atomic_int ran[N];
	atomic_int cancelled = 0, passed_after = 0;

#pragma omp parallel
	{
#pragma omp for schedule(dynamic, 1)
		for (int i = 0; i < N; i++) {
			atomic_fetch_add(&ran[i], 1);
			if (i == 10) {
				atomic_store(&cancelled, 1);
#pragma omp cancel for
			}
			if (atomic_load(&cancelled)) {
				/* The cancel may still be in flight: wait for it here. */
				WAIT_FOR_CANCEL("omp cancellation point for");
				atomic_fetch_add(&passed_after, 1);
			}
		}
	}
	int total = 0;
	for (int i = 0; i < N; i++)
		total += atomic_load(&ran[i]);
	OT_CHECK(!timed_out && !passed_after,
		 "cancel for: %d threads never saw it, %d passed a cancellation point after it",
		 atomic_load(&timed_out), atomic_load(&passed_after));
	OT_CHECK(ran[10] == 1 && total < N, "cancel for: %d of %d iterations ran", total, N);
	printf("for: the loop ended early, no iteration passed a cancellation point after the "
	       "cancel\n");
	printf("# for: %d of %d iterations ran\n", total, N);
}

static void test_taskgroup(void)
{
	enum { TASKS = 100 };
	atomic_int started = 0, finished = 0;
	int n = 0;

#pragma omp parallel
#pragma omp single
	{
		n = omp_get_num_threads();
#pragma omp taskgroup
		for (int i = 0; i < TASKS; i++) {
#pragma omp task
			{
				/* The first task to run cancels; every other one waits for that. */
				if (atomic_fetch_add(&started, 1) == 0) {
#pragma omp cancel taskgroup
				} else {
					WAIT_FOR_CANCEL("omp cancellation point taskgroup");
					atomic_fetch_add(&finished, 1);
				}
			}
		}
	}
	OT_CHECK(!timed_out && !finished, "cancel taskgroup: %d tasks timed out, %d ran on",
		 atomic_load(&timed_out), atomic_load(&finished));
	/* Each thread can be inside at most one task when the cancel lands; the rest are dropped. */
	OT_CHECK(started >= 1 && started <= n, "cancel taskgroup: %d of %d tasks started (%d threads)",
		 atomic_load(&started), TASKS, n);
	printf("taskgroup: the waiting tasks ended, the queued ones were discarded\n");
}

static void test_no_cancel(void)
{
	atomic_int through = 0;

#pragma omp parallel
	{
#pragma omp for
		for (int i = 0; i < 100; i++) {
#pragma omp cancellation point for
			atomic_fetch_add(&through, 1);
		}
#pragma omp cancellation point parallel
		atomic_fetch_add(&through, 1000);
	}
	OT_CHECK(through == 100 + 1000 * omp_get_max_threads(),
		 "without a cancel, %d passed cancellation points", atomic_load(&through));
	printf("without a cancel: cancellation points let every thread through\n");
}

int main(void)
{
	OT_CHECK(omp_get_cancellation(), "omp_get_cancellation() = 0 with OMP_CANCELLATION=true");
	test_parallel();
	test_for();
	test_taskgroup();
	test_no_cancel();
	printf("PASS omp_cancel\n");
	return 0;
}
