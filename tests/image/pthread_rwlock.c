// SPDX-License-Identifier: MIT
/* Read-write locks: readers share, writers exclude everyone, a writer's updates are never torn. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout shared: two readers at once, writers kept out (EBUSY, ETIMEDOUT)
// eremit-test: stdout exclusive: a writer keeps readers and writers out (EBUSY, ETIMEDOUT)
// eremit-test: stdout stress: 5 readers, 3 writers, no torn read, writes exact
// eremit-test: stdout PASS pthread_rwlock
#include "pthread_test.h"

#define READERS 5
#define WRITERS 3
#define RUN_NS	150000000LL

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

/* Another thread's view while main holds rw: what it may and may not take. */
static void *probe(void *arg)
{
	int main_writes = (int)(uintptr_t)arg;
	struct timespec d;

	if (main_writes) {
		PT_EXPECT(pthread_rwlock_tryrdlock(&rw), EBUSY);
		d = pt_deadline(CLOCK_REALTIME, 2000000);
		PT_EXPECT(pthread_rwlock_timedrdlock(&rw, &d), ETIMEDOUT);
		if (pt_now(CLOCK_REALTIME) < pt_ts_ns(&d))
			pt_fail("pthread_rwlock_timedrdlock timed out early");
	} else {
		PT_CHECK(pthread_rwlock_tryrdlock(&rw));
		PT_CHECK(pthread_rwlock_unlock(&rw));
		d = pt_deadline(CLOCK_REALTIME, 1000000000);
		PT_CHECK(pthread_rwlock_timedrdlock(&rw, &d));
		PT_CHECK(pthread_rwlock_unlock(&rw));
	}
	PT_EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	d = pt_deadline(CLOCK_REALTIME, 2000000);
	PT_EXPECT(pthread_rwlock_timedwrlock(&rw, &d), ETIMEDOUT);
	if (pt_now(CLOCK_REALTIME) < pt_ts_ns(&d))
		pt_fail("pthread_rwlock_timedwrlock timed out early");
	return NULL;
}

static void modes(void)
{
	pthread_t t;

	PT_CHECK(pthread_rwlock_rdlock(&rw));
	PT_CHECK(pthread_create(&t, NULL, probe, (void *)0));
	PT_CHECK(pthread_join(t, NULL));
	PT_CHECK(pthread_rwlock_unlock(&rw));
	printf("shared: two readers at once, writers kept out (EBUSY, ETIMEDOUT)\n");

	PT_CHECK(pthread_rwlock_wrlock(&rw));
	PT_CHECK(pthread_create(&t, NULL, probe, (void *)1));
	PT_CHECK(pthread_join(t, NULL));
	PT_CHECK(pthread_rwlock_unlock(&rw));
	PT_CHECK(pthread_rwlock_trywrlock(&rw));
	PT_CHECK(pthread_rwlock_unlock(&rw));
	printf("exclusive: a writer keeps readers and writers out (EBUSY, ETIMEDOUT)\n");
}

/* Writers set both halves with work between; a reader seeing them differ saw a torn write. */
static long half_a, half_b;
static atomic_int stop, readers_in, most_readers;

static void *reader(void *arg)
{
	long *reads = arg;

	while (!atomic_load_explicit(&stop, memory_order_relaxed) || !*reads) {
		PT_CHECK(pthread_rwlock_rdlock(&rw));
		int in = atomic_fetch_add(&readers_in, 1) + 1;
		int most = atomic_load(&most_readers);
		while (in > most && !atomic_compare_exchange_weak(&most_readers, &most, in))
			;
		long a = *(volatile long *)&half_a;
		pt_work(50);
		long b = *(volatile long *)&half_b;
		if (a != b)
			pt_fail("a reader saw a torn write: %ld and %ld", a, b);
		atomic_fetch_sub(&readers_in, 1);
		PT_CHECK(pthread_rwlock_unlock(&rw));
		++*reads;
	}
	return NULL;
}

static void *writer(void *arg)
{
	long *writes = arg;

	while (!atomic_load_explicit(&stop, memory_order_relaxed) || !*writes) {
		PT_CHECK(pthread_rwlock_wrlock(&rw));
		if (atomic_load(&readers_in))
			pt_fail("a writer got in with %d readers inside", atomic_load(&readers_in));
		long v = *(volatile long *)&half_a + 1;
		*(volatile long *)&half_a = v;
		pt_work(50);
		*(volatile long *)&half_b = v;
		PT_CHECK(pthread_rwlock_unlock(&rw));
		++*writes;
	}
	return NULL;
}

static void stress(void)
{
	pthread_t t[READERS + WRITERS];
	long done[READERS + WRITERS] = {0}, writes = 0, reads = 0;

	for (int i = 0; i < READERS + WRITERS; i++)
		PT_CHECK(pthread_create(&t[i], NULL, i < READERS ? reader : writer, &done[i]));
	pt_sleep_ns(RUN_NS);
	atomic_store(&stop, 1);
	for (int i = 0; i < READERS + WRITERS; i++) {
		PT_CHECK(pthread_join(t[i], NULL));
		*(i < READERS ? &reads : &writes) += done[i];
	}
	if (half_a != writes || half_b != writes)
		pt_fail("%ld writes left %ld and %ld", writes, half_a, half_b);
	printf("# %ld reads, %ld writes, up to %d readers at once\n", reads, writes,
	       atomic_load(&most_readers));
	printf("stress: %d readers, %d writers, no torn read, writes exact\n", READERS, WRITERS);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	modes();
	stress();
	PT_CHECK(pthread_rwlock_destroy(&rw));
	printf("PASS pthread_rwlock\n");
	return 0;
}
