// SPDX-License-Identifier: MIT
/* More threads than cores: spinning threads share cores by preemption, all finish, all cores used.
 */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout spin: 4 threads per core + 1, all running at once without yielding
// eremit-test: stdout work: all finished, every core used
// eremit-test: stdout PASS pthread_oversub
/*
 * In the first phase each thread spins, never yielding or blocking, until all
 * threads have arrived: that ends only if the threads sharing a core are
 * preempted in turn. Then each computes for WORK_NS and ends.
 */
#include "pthread_test.h"

#define PER_CORE 4
#define MAXCPU	 256
#define WORK_NS	 10000000LL
#define SPIN_NS	 30000000000LL /* arrivals must be complete by then */

static unsigned threads;
static uint64_t units;
static atomic_uint arrived;
static atomic_int cpu_used[MAXCPU];

static void *worker(void *arg)
{
	(void)arg;
	atomic_fetch_add(&arrived, 1);
	long long t0 = pt_mono();
	while (atomic_load_explicit(&arrived, memory_order_relaxed) != threads)
		if (pt_mono() - t0 > SPIN_NS)
			pt_fail("spinning: %u of %u threads arrived in 30 s (no preemption?)",
				atomic_load(&arrived), threads);
	pt_work(units);
	int c = sched_getcpu();
	if (c < 0 || c >= MAXCPU)
		pt_fail("sched_getcpu() = %d", c);
	atomic_store(&cpu_used[c], 1);
	return NULL;
}

int main(void)
{
	int allowed[MAXCPU];
	unsigned nallowed = pt_allowed(allowed, MAXCPU);
	pthread_t t[PER_CORE * MAXCPU + 1];

	setvbuf(stdout, NULL, _IOLBF, 0);
	threads = PER_CORE * nallowed + 1;
	units = pt_work_for(WORK_NS);
	long long t0 = pt_mono();
	for (unsigned i = 0; i < threads; i++)
		PT_CHECK(pthread_create(&t[i], NULL, worker, NULL));
	for (unsigned i = 0; i < threads; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	printf("# %u threads on %u cores: %.1f ms (%.1f ms of work each)\n", threads, nallowed,
	       (pt_mono() - t0) / 1e6, WORK_NS / 1e6);
	printf("spin: %d threads per core + 1, all running at once without yielding\n", PER_CORE);
	for (unsigned i = 0; i < nallowed; i++)
		if (!atomic_load(&cpu_used[allowed[i]]))
			pt_fail("%u threads on %u cores left CPU %d unused", threads, nallowed,
				allowed[i]);
	printf("work: all finished, every core used\n");
	printf("PASS pthread_oversub\n");
	return 0;
}
