// SPDX-License-Identifier: MIT
/* Mutexes and spinlocks: a contended counter stays exact for every kind and way of locking. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout errors: EBUSY, EDEADLK, EPERM and ETIMEDOUT where POSIX says
// eremit-test: stdout normal: 8 threads, counter exact
// eremit-test: stdout recursive: 8 threads, counter exact
// eremit-test: stdout errorcheck: 8 threads, counter exact
// eremit-test: stdout trylock: 8 threads, counter exact
// eremit-test: stdout timedlock: 8 threads, counter exact
// eremit-test: stdout spinlock: 8 threads, counter exact
// eremit-test: stdout PASS pthread_mutex
#include "pthread_test.h"

#define THREADS 8
#define RUN_NS	150000000LL /* each kind is hammered this long */

enum mode { NORMAL, RECURSIVE, ERRORCHECK, TRYLOCK, TIMEDLOCK, SPIN, MODES };
static const char *const mode_name[MODES] = {"normal",	"recursive", "errorcheck",
					     "trylock", "timedlock", "spinlock"};

static pthread_mutex_t mutex;
static pthread_spinlock_t spin;
static enum mode mode;
static long counter;	  /* under the lock, written without atomics on purpose */
static atomic_int inside; /* threads in the critical section: never more than one */
static atomic_int stop;
static pthread_barrier_t start;

static void lock(void)
{
	struct timespec d;
	int e;

	switch (mode) {
	case SPIN:
		PT_CHECK(pthread_spin_lock(&spin));
		return;
	case TRYLOCK:
		while ((e = pthread_mutex_trylock(&mutex)) == EBUSY)
			sched_yield();
		PT_CHECK(e);
		return;
	case TIMEDLOCK:
		d = pt_deadline(CLOCK_REALTIME, 10000000000LL);
		PT_CHECK(pthread_mutex_timedlock(&mutex, &d));
		return;
	case RECURSIVE:
		PT_CHECK(pthread_mutex_lock(&mutex));
		PT_CHECK(pthread_mutex_trylock(&mutex));
		PT_CHECK(pthread_mutex_lock(&mutex));
		return;
	default:
		PT_CHECK(pthread_mutex_lock(&mutex));
	}
}

static void unlock(void)
{
	if (mode == SPIN) {
		PT_CHECK(pthread_spin_unlock(&spin));
		return;
	}
	if (mode == RECURSIVE) {
		PT_CHECK(pthread_mutex_unlock(&mutex));
		PT_CHECK(pthread_mutex_unlock(&mutex));
	}
	PT_CHECK(pthread_mutex_unlock(&mutex));
}

static void *worker(void *arg)
{
	long *mine = arg;

	pthread_barrier_wait(&start);
	/* Until told to stop, and at least once: a thread that never gets the lock hangs the test.
	 */
	while (!atomic_load_explicit(&stop, memory_order_relaxed) || !*mine) {
		lock();
		if (atomic_fetch_add(&inside, 1))
			pt_fail("%s: two threads inside the lock", mode_name[mode]);
		/* A read, some work, then the write: a lost update shows in the sum. */
		long v = *(volatile long *)&counter;
		pt_work(20);
		*(volatile long *)&counter = v + 1;
		atomic_fetch_sub(&inside, 1);
		unlock();
		++*mine;
	}
	return NULL;
}

static void hammer(enum mode m)
{
	pthread_mutexattr_t a;
	pthread_t t[THREADS];
	long count[THREADS] = {0}, sum = 0;

	mode = m;
	counter = 0;
	atomic_store(&stop, 0);
	PT_CHECK(pthread_mutexattr_init(&a));
	if (m == RECURSIVE)
		PT_CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE));
	if (m == ERRORCHECK)
		PT_CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	if (m == NORMAL)
		PT_CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_NORMAL));
	PT_CHECK(pthread_mutex_init(&mutex, &a));
	PT_CHECK(pthread_mutexattr_destroy(&a));
	PT_CHECK(pthread_barrier_init(&start, NULL, THREADS + 1));
	for (int i = 0; i < THREADS; i++)
		PT_CHECK(pthread_create(&t[i], NULL, worker, &count[i]));
	pthread_barrier_wait(&start);
	pt_sleep_ns(RUN_NS);
	atomic_store(&stop, 1);
	for (int i = 0; i < THREADS; i++) {
		PT_CHECK(pthread_join(t[i], NULL));
		sum += count[i];
	}
	PT_CHECK(pthread_barrier_destroy(&start));
	PT_CHECK(pthread_mutex_destroy(&mutex));
	if (counter != sum)
		pt_fail("%s: counter %ld after %ld increments", mode_name[m], counter, sum);
	printf("# %s: %ld increments\n", mode_name[m], sum);
	printf("%s: %d threads, counter exact\n", mode_name[m], THREADS);
}

static pthread_mutex_t held;

static void *foreign_unlock(void *arg)
{
	struct timespec d;
	long long t0;

	(void)arg;
	PT_EXPECT(pthread_mutex_unlock(&held), EPERM);
	PT_EXPECT(pthread_mutex_trylock(&held), EBUSY);
	d = pt_deadline(CLOCK_REALTIME, 3000000);
	PT_EXPECT(pthread_mutex_timedlock(&held, &d), ETIMEDOUT);
	t0 = pt_now(CLOCK_REALTIME);
	if (t0 < pt_ts_ns(&d))
		pt_fail("pthread_mutex_timedlock timed out %lld ns early", pt_ts_ns(&d) - t0);
	return NULL;
}

/* What each kind answers when misused (normal mutexes may deadlock: not tried). */
static void errors(void)
{
	pthread_mutexattr_t a;
	pthread_t t;
	int type;

	PT_CHECK(pthread_mutexattr_init(&a));
	PT_CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	PT_CHECK(pthread_mutexattr_gettype(&a, &type));
	if (type != PTHREAD_MUTEX_ERRORCHECK)
		pt_fail("mutex type not kept in the attribute");
	PT_CHECK(pthread_mutex_init(&held, &a));
	PT_EXPECT(pthread_mutex_unlock(&held), EPERM);
	PT_CHECK(pthread_mutex_lock(&held));
	PT_EXPECT(pthread_mutex_lock(&held), EDEADLK);
	PT_CHECK(pthread_create(&t, NULL, foreign_unlock, NULL));
	PT_CHECK(pthread_join(t, NULL));
	PT_CHECK(pthread_mutex_unlock(&held));
	PT_CHECK(pthread_mutex_destroy(&held));

	PT_CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE));
	PT_CHECK(pthread_mutex_init(&held, &a));
	for (int i = 0; i < 3; i++)
		PT_CHECK(pthread_mutex_lock(&held));
	PT_CHECK(pthread_create(&t, NULL, foreign_unlock, NULL));
	PT_CHECK(pthread_join(t, NULL));
	for (int i = 0; i < 3; i++)
		PT_CHECK(pthread_mutex_unlock(&held));
	PT_EXPECT(pthread_mutex_unlock(&held), EPERM);
	PT_CHECK(pthread_mutex_destroy(&held));
	PT_CHECK(pthread_mutexattr_destroy(&a));

	/* A static default mutex: trylock on a held one is EBUSY. */
	static pthread_mutex_t st = PTHREAD_MUTEX_INITIALIZER;
	PT_CHECK(pthread_mutex_lock(&st));
	PT_EXPECT(pthread_mutex_trylock(&st), EBUSY);
	PT_CHECK(pthread_mutex_unlock(&st));
	PT_CHECK(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE));
	PT_CHECK(pthread_spin_lock(&spin));
	PT_EXPECT(pthread_spin_trylock(&spin), EBUSY);
	PT_CHECK(pthread_spin_unlock(&spin));
	printf("errors: EBUSY, EDEADLK, EPERM and ETIMEDOUT where POSIX says\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	errors();
	for (enum mode m = 0; m < MODES; m++)
		hammer(m);
	PT_CHECK(pthread_spin_destroy(&spin));
	printf("PASS pthread_mutex\n");
	return 0;
}
