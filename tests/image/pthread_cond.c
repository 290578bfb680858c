// SPDX-License-Identifier: MIT
/* Condition variables: producers/consumers with timeouts on both clocks, broadcast, timeouts. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout clock: REALTIME by default, MONOTONIC kept by pthread_condattr_setclock
// eremit-test: stdout timeout REALTIME: ETIMEDOUT, not early, mutex held again
// eremit-test: stdout timeout MONOTONIC: ETIMEDOUT, not early, mutex held again
// eremit-test: stdout queue REALTIME: 3 producers, 3 consumers, every item once, timeouts seen
// eremit-test: stdout queue MONOTONIC: 3 producers, 3 consumers, every item once, timeouts seen
// eremit-test: stdout broadcast: 6 waiters woken together 200 times
// eremit-test: stdout PASS pthread_cond
#include "pthread_test.h"

#define PRODUCERS 3
#define CONSUMERS 3
#define ITEMS	  4000 /* per producer */
#define SLOTS	  8
#define WAITERS	  6
#define ROUNDS	  200

static const char *clock_name(clockid_t c)
{
	return c == CLOCK_MONOTONIC ? "MONOTONIC" : "REALTIME";
}

static void cond_init(pthread_cond_t *cv, clockid_t clock)
{
	pthread_condattr_t a;
	clockid_t got;

	PT_CHECK(pthread_condattr_init(&a));
	PT_CHECK(pthread_condattr_setclock(&a, clock));
	PT_CHECK(pthread_condattr_getclock(&a, &got));
	if (got != clock)
		pt_fail("pthread_condattr_getclock: %d, set %d", (int)got, (int)clock);
	PT_CHECK(pthread_cond_init(cv, &a));
	PT_CHECK(pthread_condattr_destroy(&a));
}

static void clocks(void)
{
	pthread_condattr_t a;
	clockid_t got;

	PT_CHECK(pthread_condattr_init(&a));
	PT_CHECK(pthread_condattr_getclock(&a, &got));
	if (got != CLOCK_REALTIME)
		pt_fail("a new condattr's clock is %d, not CLOCK_REALTIME", (int)got);
	PT_CHECK(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	PT_CHECK(pthread_condattr_getclock(&a, &got));
	if (got != CLOCK_MONOTONIC)
		pt_fail("CLOCK_MONOTONIC not kept");
	PT_CHECK(pthread_condattr_destroy(&a));
	printf("clock: REALTIME by default, MONOTONIC kept by pthread_condattr_setclock\n");
}

/* A wait nobody signals: ETIMEDOUT, not before the deadline, with the mutex held again. */
static void timeout(clockid_t clock)
{
	pthread_mutexattr_t ma;
	pthread_mutex_t m;
	pthread_cond_t cv;
	struct timespec d;

	PT_CHECK(pthread_mutexattr_init(&ma));
	PT_CHECK(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK));
	PT_CHECK(pthread_mutex_init(&m, &ma));
	cond_init(&cv, clock);
	PT_CHECK(pthread_mutex_lock(&m));
	for (int i = 0; i < 5; i++) {
		d = pt_deadline(clock, 2000000);
		PT_EXPECT(pthread_cond_timedwait(&cv, &m, &d), ETIMEDOUT);
		long long now = pt_now(clock);
		if (now < pt_ts_ns(&d))
			pt_fail("%s timedwait returned %lld ns early", clock_name(clock),
				pt_ts_ns(&d) - now);
		/* Errorcheck: relocking what we hold is EDEADLK, so we do hold it. */
		PT_EXPECT(pthread_mutex_lock(&m), EDEADLK);
	}
	d = pt_deadline(clock, -1000000); /* already past */
	PT_EXPECT(pthread_cond_timedwait(&cv, &m, &d), ETIMEDOUT);
	PT_CHECK(pthread_mutex_unlock(&m));
	PT_CHECK(pthread_cond_destroy(&cv));
	PT_CHECK(pthread_mutex_destroy(&m));
	PT_CHECK(pthread_mutexattr_destroy(&ma));
	printf("timeout %s: ETIMEDOUT, not early, mutex held again\n", clock_name(clock));
}

/* A bounded queue. Consumers wait with a 1 ms timeout; producers pause now and then. */
static struct {
	pthread_mutex_t m;
	pthread_cond_t not_empty, not_full;
	clockid_t clock;
	int item[SLOTS], head, count, producers_left;
	long timeouts;
} q;
static atomic_uchar seen[PRODUCERS * ITEMS];

static void *producer(void *arg)
{
	int p = (int)(uintptr_t)arg;

	for (int i = 0; i < ITEMS; i++) {
		if (i % 1000 == 999)
			pt_sleep_ns(3000000); /* consumers time out meanwhile */
		PT_CHECK(pthread_mutex_lock(&q.m));
		while (q.count == SLOTS)
			PT_CHECK(pthread_cond_wait(&q.not_full, &q.m));
		q.item[(q.head + q.count++) % SLOTS] = p * ITEMS + i;
		PT_CHECK(pthread_cond_signal(&q.not_empty));
		PT_CHECK(pthread_mutex_unlock(&q.m));
	}
	PT_CHECK(pthread_mutex_lock(&q.m));
	if (!--q.producers_left)
		PT_CHECK(pthread_cond_broadcast(&q.not_empty));
	PT_CHECK(pthread_mutex_unlock(&q.m));
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	PT_CHECK(pthread_mutex_lock(&q.m));
	for (;;) {
		while (!q.count && q.producers_left) {
			struct timespec d = pt_deadline(q.clock, 1000000);
			int e = pthread_cond_timedwait(&q.not_empty, &q.m, &d);
			if (e == ETIMEDOUT) {
				long long now = pt_now(q.clock);
				if (now < pt_ts_ns(&d))
					pt_fail("queue: a timedwait returned %lld ns early",
						pt_ts_ns(&d) - now);
				q.timeouts++;
			} else if (e) {
				pt_fail("pthread_cond_timedwait: %s", strerror(e));
			}
		}
		if (!q.count)
			break;
		int v = q.item[q.head];
		q.head = (q.head + 1) % SLOTS;
		q.count--;
		PT_CHECK(pthread_cond_signal(&q.not_full));
		if (v < 0 || v >= PRODUCERS * ITEMS || atomic_fetch_add(&seen[v], 1))
			pt_fail("queue: item %d twice or out of range", v);
	}
	PT_CHECK(pthread_mutex_unlock(&q.m));
	return NULL;
}

static void queue(clockid_t clock)
{
	pthread_t t[PRODUCERS + CONSUMERS];

	memset(seen, 0, sizeof seen);
	PT_CHECK(pthread_mutex_init(&q.m, NULL));
	cond_init(&q.not_empty, clock);
	PT_CHECK(pthread_cond_init(&q.not_full, NULL));
	q.clock = clock;
	q.head = q.count = 0;
	q.producers_left = PRODUCERS;
	q.timeouts = 0;
	for (int i = 0; i < CONSUMERS; i++)
		PT_CHECK(pthread_create(&t[i], NULL, consumer, NULL));
	for (int i = 0; i < PRODUCERS; i++)
		PT_CHECK(pthread_create(&t[CONSUMERS + i], NULL, producer, (void *)(uintptr_t)i));
	for (int i = 0; i < PRODUCERS + CONSUMERS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	for (int v = 0; v < PRODUCERS * ITEMS; v++)
		if (seen[v] != 1)
			pt_fail("queue: item %d consumed %d times", v, seen[v]);
	/* Producers pause 3 ms with the queue empty: 1 ms waits must have timed out. */
	if (!q.timeouts)
		pt_fail("queue %s: no 1 ms wait timed out while producers paused",
			clock_name(clock));
	printf("# queue %s: %ld timeouts\n", clock_name(clock), q.timeouts);
	PT_CHECK(pthread_cond_destroy(&q.not_empty));
	PT_CHECK(pthread_cond_destroy(&q.not_full));
	PT_CHECK(pthread_mutex_destroy(&q.m));
	printf("queue %s: %d producers, %d consumers, every item once, timeouts seen\n",
	       clock_name(clock), PRODUCERS, CONSUMERS);
}

static pthread_mutex_t bm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bcv = PTHREAD_COND_INITIALIZER, bdone = PTHREAD_COND_INITIALIZER;
static int generation, waiting, woken;

static void *waiter(void *arg)
{
	(void)arg;
	PT_CHECK(pthread_mutex_lock(&bm));
	for (int r = 0; r < ROUNDS; r++) {
		int g = generation;
		if (++waiting == WAITERS)
			PT_CHECK(pthread_cond_signal(&bdone));
		while (generation == g)
			PT_CHECK(pthread_cond_wait(&bcv, &bm));
		if (++woken == WAITERS)
			PT_CHECK(pthread_cond_signal(&bdone));
	}
	PT_CHECK(pthread_mutex_unlock(&bm));
	return NULL;
}

/* Each round: all waiters asleep on one condition, one broadcast, all of them wake. */
static void broadcast(void)
{
	pthread_t t[WAITERS];

	for (int i = 0; i < WAITERS; i++)
		PT_CHECK(pthread_create(&t[i], NULL, waiter, NULL));
	PT_CHECK(pthread_mutex_lock(&bm));
	for (int r = 0; r < ROUNDS; r++) {
		while (waiting < WAITERS)
			PT_CHECK(pthread_cond_wait(&bdone, &bm));
		waiting = woken = 0;
		generation++;
		PT_CHECK(pthread_cond_broadcast(&bcv));
		while (woken < WAITERS)
			PT_CHECK(pthread_cond_wait(&bdone, &bm));
	}
	PT_CHECK(pthread_mutex_unlock(&bm));
	for (int i = 0; i < WAITERS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	printf("broadcast: %d waiters woken together %d times\n", WAITERS, ROUNDS);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	clocks();
	timeout(CLOCK_REALTIME);
	timeout(CLOCK_MONOTONIC);
	queue(CLOCK_REALTIME);
	queue(CLOCK_MONOTONIC);
	broadcast();
	printf("PASS pthread_cond\n");
	return 0;
}
