// SPDX-License-Identifier: MIT
/* Thread life cycle: 10,000 threads joined in batches, detached threads, stack sizes, once, self.
 */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout create: 10000 threads joined in batches of 100, every value returned
// eremit-test: stdout detach: 1000 detached threads ran
// eremit-test: stdout stack: 16 KiB to 8 MiB stacks usable, sizes kept in the attribute
// eremit-test: stdout once: one call among 16 threads
// eremit-test: stdout self: equal to the creator's handle, EDEADLK joining itself
// eremit-test: stdout PASS pthread_create
#include "pthread_test.h"

#define THREADS	     10000
#define BATCH	     100
#define DETACHED     1000
#define ONCE_THREADS 16

static atomic_int ran;

static void *child(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed);
	/* Half return, half leave through pthread_exit: both give join the value. */
	if (i % 2)
		pthread_exit((void *)(i * 3 + 1));
	return (void *)(i * 3 + 1);
}

static void create_many(void)
{
	pthread_t t[BATCH];
	long long t0 = pt_mono();

	for (uintptr_t base = 0; base < THREADS; base += BATCH) {
		for (uintptr_t i = 0; i < BATCH; i++)
			PT_CHECK(pthread_create(&t[i], NULL, child, (void *)(base + i)));
		for (uintptr_t i = 0; i < BATCH; i++) {
			void *v;
			PT_CHECK(pthread_join(t[i], &v));
			if ((uintptr_t)v != (base + i) * 3 + 1)
				pt_fail("thread %lu returned %lu", (unsigned long)(base + i),
					(unsigned long)(uintptr_t)v);
		}
	}
	if (atomic_load(&ran) != THREADS)
		pt_fail("%d of %d threads ran", atomic_load(&ran), THREADS);
	printf("# create+join: %.1f us per thread\n", (double)(pt_mono() - t0) / THREADS / 1e3);
	printf("create: %d threads joined in batches of %d, every value returned\n", THREADS,
	       BATCH);
}

static atomic_int detached_done;

static void *detached(void *arg)
{
	(void)arg;
	atomic_fetch_add_explicit(&detached_done, 1, memory_order_release);
	return NULL;
}

static void detach(void)
{
	pthread_attr_t a;
	int state;

	PT_CHECK(pthread_attr_init(&a));
	PT_CHECK(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED));
	PT_CHECK(pthread_attr_getdetachstate(&a, &state));
	if (state != PTHREAD_CREATE_DETACHED)
		pt_fail("detach state not kept");
	/* Half detached by attribute, half by pthread_detach after creation. */
	for (int i = 0; i < DETACHED; i++) {
		pthread_t t;
		if (i % 2) {
			PT_CHECK(pthread_create(&t, &a, detached, NULL));
		} else {
			PT_CHECK(pthread_create(&t, NULL, detached, NULL));
			PT_CHECK(pthread_detach(t));
		}
	}
	PT_CHECK(pthread_attr_destroy(&a));
	long long t0 = pt_mono();
	while (atomic_load_explicit(&detached_done, memory_order_acquire) != DETACHED) {
		if (pt_mono() - t0 > 20000000000LL)
			pt_fail("only %d of %d detached threads ran in 20 s",
				atomic_load(&detached_done), DETACHED);
		pt_sleep_ns(1000000);
	}
	printf("detach: %d detached threads ran\n", DETACHED);
}

/* Touches `bytes` of its own stack, most of the size it was given. */
static void *stack_user(void *arg)
{
	size_t bytes = (size_t)(uintptr_t)arg;
	volatile char *buf = __builtin_alloca(bytes);

	for (size_t i = 0; i < bytes; i += 512)
		buf[i] = (char)i;
	for (size_t i = 0; i < bytes; i += 512)
		if (buf[i] != (char)i)
			return (void *)1;
	return NULL;
}

static void stacks(void)
{
	static const size_t sizes[] = {16 << 10, 64 << 10, 1 << 20, 8 << 20};

	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		pthread_attr_t a;
		pthread_t t;
		size_t got;
		void *v;

		PT_CHECK(pthread_attr_init(&a));
		PT_CHECK(pthread_attr_setstacksize(&a, sizes[i]));
		PT_CHECK(pthread_attr_getstacksize(&a, &got));
		if (got != sizes[i])
			pt_fail("stack size %zu set, %zu read back", sizes[i], got);
		/* Leave 8 KiB for the frames below (libc, TLS on some systems). */
		PT_CHECK(pthread_create(&t, &a, stack_user, (void *)(uintptr_t)(sizes[i] - 8192)));
		PT_CHECK(pthread_join(t, &v));
		if (v)
			pt_fail("a %zu-byte stack lost what was written to it", sizes[i]);
		PT_CHECK(pthread_attr_destroy(&a));
	}
	printf("stack: 16 KiB to 8 MiB stacks usable, sizes kept in the attribute\n");
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_calls, once_seen;
static pthread_barrier_t once_start;

static void once_fn(void)
{
	atomic_fetch_add(&once_calls, 1);
	pt_sleep_ns(2000000); /* the others must wait for this call to end */
	atomic_store(&once_seen, 1);
}

static void *once_thread(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&once_start);
	PT_CHECK(pthread_once(&once, once_fn));
	if (!atomic_load(&once_seen))
		pt_fail("pthread_once returned before the call ended");
	return NULL;
}

static void once_test(void)
{
	pthread_t t[ONCE_THREADS];

	PT_CHECK(pthread_barrier_init(&once_start, NULL, ONCE_THREADS));
	for (int i = 0; i < ONCE_THREADS; i++)
		PT_CHECK(pthread_create(&t[i], NULL, once_thread, NULL));
	for (int i = 0; i < ONCE_THREADS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	PT_CHECK(pthread_barrier_destroy(&once_start));
	if (atomic_load(&once_calls) != 1)
		pt_fail("pthread_once called its function %d times", atomic_load(&once_calls));
	printf("once: one call among %d threads\n", ONCE_THREADS);
}

static pthread_t created;

static void *self_thread(void *arg)
{
	(void)arg;
	/* The creator stored the handle before joining: wait until it is visible. */
	while (!atomic_load((_Atomic int *)arg))
		sched_yield();
	if (!pthread_equal(pthread_self(), created))
		pt_fail("pthread_self differs from the creator's handle");
	return NULL;
}

static void self_test(void)
{
	static _Atomic int stored;

	if (!pthread_equal(pthread_self(), pthread_self()))
		pt_fail("pthread_self is not equal to itself");
	PT_CHECK(pthread_create(&created, NULL, self_thread, (void *)&stored));
	atomic_store(&stored, 1);
	if (pthread_equal(pthread_self(), created))
		pt_fail("a new thread's handle equals main's");
	PT_CHECK(pthread_join(created, NULL));
	PT_EXPECT(pthread_join(pthread_self(), NULL), EDEADLK);
	printf("self: equal to the creator's handle, EDEADLK joining itself\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	create_many();
	detach();
	stacks();
	once_test();
	self_test();
	printf("PASS pthread_create\n");
	return 0;
}
