// SPDX-License-Identifier: MIT
/* Mutual exclusion: omp locks and test_lock, nestable locks, named and unnamed critical, atomic update/capture/read/write. */
// eremit-test: cflags -fopenmp
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 4
// eremit-test: env OMP_NUM_THREADS=4
// eremit-test: stdout lock: 4 threads, 4 x 3000 increments exact, test_lock fails while held
// eremit-test: stdout nest lock: depth 3 per owner, other threads kept out, counts exact
// eremit-test: stdout critical: named and unnamed sections, one thread inside each at a time
// eremit-test: stdout atomic: update, capture (unique tickets), read and write exact
// eremit-test: stdout PASS omp_locks
#include "omp_test.h"

#define ROUNDS 3000

/* A read-modify-write with work in between: races lose updates. */
#define SLOW_INC(x)                                                                                \
	do {                                                                                       \
		long v_ = (x);                                                                     \
		ot_work(10);                                                                       \
		(x) = v_ + 1;                                                                      \
	} while (0)

static void test_lock(void)
{
	omp_lock_t lock;
	long counter = 0;
	atomic_int held_ok = 0, n = 0;

	omp_init_lock(&lock);
#pragma omp parallel
	{
#pragma omp single
		n = omp_get_num_threads();
		for (int i = 0; i < ROUNDS; i++) {
			if (i % 2) {
				omp_set_lock(&lock);
			} else {
				while (!omp_test_lock(&lock))
					;
			}
			SLOW_INC(counter);
			omp_unset_lock(&lock);
		}
	}
	/* A held lock: test_lock from another thread fails. */
	omp_set_lock(&lock);
#pragma omp parallel num_threads(2)
	if (omp_get_thread_num() == 1 && !omp_test_lock(&lock))
		atomic_fetch_add(&held_ok, 1);
	omp_unset_lock(&lock);
	omp_destroy_lock(&lock);
	OT_CHECK(counter == (long)n * ROUNDS, "lock: counter %ld, expected %ld", counter,
		 (long)n * ROUNDS);
	OT_CHECK(held_ok == 1, "omp_test_lock took a lock held by another thread");
	printf("lock: %d threads, %d x %d increments exact, test_lock fails while held\n", n, n,
	       ROUNDS);
}

static void test_nest_lock(void)
{
	omp_nest_lock_t lock;
	long counter = 0;
	atomic_int inside = 0, bad = 0;

	omp_init_nest_lock(&lock);
#pragma omp parallel
	for (int i = 0; i < ROUNDS / 3; i++) {
		for (int d = 1; d <= 3; d++) {
			int depth = d == 2 ? omp_test_nest_lock(&lock) : (omp_set_nest_lock(&lock), d);
			if (d == 2 && depth != 2)
				atomic_fetch_add(&bad, 1); /* the owner always gets it again */
			if (d == 1 && atomic_fetch_add(&inside, 1) != 0)
				atomic_fetch_add(&bad, 1);
		}
		SLOW_INC(counter);
		for (int d = 3; d >= 1; d--) {
			if (d == 1)
				atomic_fetch_sub(&inside, 1);
			omp_unset_nest_lock(&lock);
		}
	}
	OT_CHECK(omp_test_nest_lock(&lock) == 1, "the free nest lock was not taken at depth 1");
	omp_unset_nest_lock(&lock);
	omp_destroy_nest_lock(&lock);
	OT_CHECK(!bad, "nest lock: %d times the owner was refused or two threads were inside",
		 atomic_load(&bad));
	OT_CHECK(counter == (long)omp_get_max_threads() * (ROUNDS / 3), "nest lock: counter %ld",
		 counter);
	printf("nest lock: depth 3 per owner, other threads kept out, counts exact\n");
}

static void test_critical(void)
{
	long a = 0, b = 0, c = 0;
	atomic_int in_a = 0, bad = 0;

#pragma omp parallel
	for (int i = 0; i < ROUNDS; i++) {
#pragma omp critical(alpha)
		{
			if (atomic_fetch_add(&in_a, 1))
				atomic_fetch_add(&bad, 1);
			SLOW_INC(a);
			atomic_fetch_sub(&in_a, 1);
		}
#pragma omp critical(beta)
		SLOW_INC(b);
#pragma omp critical
		SLOW_INC(c);
	}
	long want = (long)omp_get_max_threads() * ROUNDS;
	OT_CHECK(!bad && a == want && b == want && c == want,
		 "critical: %d overlaps, counts %ld %ld %ld, expected %ld", atomic_load(&bad), a, b,
		 c, want);
	printf("critical: named and unnamed sections, one thread inside each at a time\n");
}

static void test_atomic(void)
{
	long sum = 0, ticket = 0, word = 0;
	double dsum = 0;
	static unsigned char got[4 * ROUNDS];
	atomic_int dup = 0, torn = 0;

#pragma omp parallel
	for (int i = 0; i < ROUNDS; i++) {
#pragma omp atomic
		sum += 3;
#pragma omp atomic update
		dsum += 0.5;
		long t;
#pragma omp atomic capture
		t = ticket++;
		if (t < 0 || t >= 4 * ROUNDS || got[t]++)
			atomic_fetch_add(&dup, 1);
#pragma omp atomic write
		word = (long)omp_get_thread_num() * 0x0101010101010101L;
		long r;
#pragma omp atomic read
		r = word;
		/* Every value written has eight equal bytes: a torn read would not. */
		if (r % 0x0101010101010101L)
			atomic_fetch_add(&torn, 1);
	}
	int n = omp_get_max_threads();
	OT_CHECK(n <= 4, "more than 4 threads (%d) overflow the tickets", n);
	OT_CHECK(sum == 3L * n * ROUNDS && dsum == 0.5 * n * ROUNDS,
		 "atomic: sums %ld and %g, expected %ld and %g", sum, dsum, 3L * n * ROUNDS,
		 0.5 * n * ROUNDS);
	OT_CHECK(ticket == (long)n * ROUNDS && !dup, "atomic capture: %ld tickets, %d duplicates",
		 ticket, atomic_load(&dup));
	OT_CHECK(!torn, "atomic read: %d torn values", atomic_load(&torn));
	printf("atomic: update, capture (unique tickets), read and write exact\n");
}

int main(void)
{
	test_lock();
	test_nest_lock();
	test_critical();
	test_atomic();
	printf("PASS omp_locks\n");
	return 0;
}
