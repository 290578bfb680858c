// SPDX-License-Identifier: MIT
/* OMP_STACKSIZE=24M: worker threads hold a 20 MiB array on their stacks (more than any default stack). */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_STACKSIZE=24M
// eremit-test: env OMP_NUM_THREADS=3
// eremit-test: stdout stack: 2 workers each filled and summed a 20 MiB stack array, twice
// eremit-test: stdout PASS omp_env_stacksize
#include "omp_test.h"

#define BIG (20u << 20)

/* Fills a stack array of BIG bytes and sums it back; noinline keeps the frame its own. */
static __attribute__((noinline)) uint64_t deep(unsigned seed)
{
	volatile unsigned char a[BIG];
	uint64_t sum = 0;

	for (unsigned i = 0; i < BIG; i += 512)
		a[i] = (unsigned char)(i / 512 + seed);
	for (unsigned i = 0; i < BIG; i += 512)
		sum += a[i];
	return sum;
}

/* What deep(seed) must return. */
static uint64_t expect(unsigned seed)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < BIG; i += 512)
		sum += (unsigned char)(i / 512 + seed);
	return sum;
}

int main(void)
{
	atomic_int done = 0;

	for (int r = 0; r < 2; r++) {
#pragma omp parallel
		{
			unsigned t = (unsigned)omp_get_thread_num();
			if (t > 0) {
				uint64_t got = deep(t);
				if (got != expect(t))
					ot_fail("thread %u: stack array sums to %llu, expected %llu",
						t, (unsigned long long)got,
						(unsigned long long)expect(t));
				atomic_fetch_add(&done, 1);
			}
		}
	}
	OT_CHECK(done == 4, "%d of 4 worker runs finished", atomic_load(&done));
	printf("stack: 2 workers each filled and summed a 20 MiB stack array, twice\n");
	printf("PASS omp_env_stacksize\n");
	return 0;
}
