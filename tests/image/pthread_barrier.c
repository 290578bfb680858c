// SPDX-License-Identifier: MIT
/* Barriers: rounds in which nobody leaves before all arrived, one serial thread per round. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout barrier: 9 threads, 500 rounds, nobody early, one serial thread a round
// eremit-test: stdout barrier of 1: every wait is the serial one
// eremit-test: stdout PASS pthread_barrier
#include "pthread_test.h"

#define THREADS 9 /* more than the cores of most runs: some share a core */
#define ROUNDS	500

static pthread_barrier_t barrier;
static atomic_int arrived[ROUNDS], serial[ROUNDS];

static void *worker(void *arg)
{
	int id = (int)(uintptr_t)arg;

	for (int r = 0; r < ROUNDS; r++) {
		atomic_fetch_add(&arrived[r], 1);
		/* Some threads come late, a different one each round. */
		if (r % THREADS == id)
			pt_work(2000);
		int e = pthread_barrier_wait(&barrier);
		if (e == PTHREAD_BARRIER_SERIAL_THREAD)
			atomic_fetch_add(&serial[r], 1);
		else if (e)
			pt_fail("pthread_barrier_wait: %s", strerror(e));
		if (atomic_load(&arrived[r]) != THREADS)
			pt_fail("round %d: left the barrier when %d of %d had arrived", r,
				atomic_load(&arrived[r]), THREADS);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];

	setvbuf(stdout, NULL, _IOLBF, 0);
	PT_EXPECT(pthread_barrier_init(&barrier, NULL, 0), EINVAL);
	PT_CHECK(pthread_barrier_init(&barrier, NULL, THREADS));
	long long t0 = pt_mono();
	for (int i = 0; i < THREADS; i++)
		PT_CHECK(pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i));
	for (int i = 0; i < THREADS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	for (int r = 0; r < ROUNDS; r++)
		if (serial[r] != 1)
			pt_fail("round %d had %d serial threads", r, atomic_load(&serial[r]));
	printf("# %.1f us per round\n", (double)(pt_mono() - t0) / ROUNDS / 1e3);
	PT_CHECK(pthread_barrier_destroy(&barrier));
	printf("barrier: %d threads, %d rounds, nobody early, one serial thread a round\n", THREADS,
	       ROUNDS);

	PT_CHECK(pthread_barrier_init(&barrier, NULL, 1));
	for (int i = 0; i < 3; i++)
		PT_EXPECT(pthread_barrier_wait(&barrier), PTHREAD_BARRIER_SERIAL_THREAD);
	PT_CHECK(pthread_barrier_destroy(&barrier));
	printf("barrier of 1: every wait is the serial one\n");
	printf("PASS pthread_barrier\n");
	return 0;
}
