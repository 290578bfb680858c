// SPDX-License-Identifier: MIT
/* Semaphores: counts, ping-pong between threads, many posters, trywait and timedwait. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout values: sem_getvalue follows posts and waits, EAGAIN when empty
// eremit-test: stdout timedwait: ETIMEDOUT, not early; past deadline at once; a post in time wins
// eremit-test: stdout ping-pong: 5000 round trips in turn
// eremit-test: stdout count: 8 posters, 4 waiters, every post taken once
// eremit-test: stdout PASS pthread_sem
#include "pthread_test.h"
#include <semaphore.h>

#define PINGS	5000
#define POSTERS 8
#define TAKERS	4
#define POSTS	5000 /* per poster */

static void values(void)
{
	sem_t s;
	int v;

	if (sem_init(&s, 0, 3))
		pt_fail("sem_init: %s", strerror(errno));
	if (sem_getvalue(&s, &v) || v != 3)
		pt_fail("sem_getvalue: %d, expected 3", v);
	for (int i = 0; i < 3; i++)
		if (sem_trywait(&s))
			pt_fail("sem_trywait with a count: %s", strerror(errno));
	errno = 0;
	if (sem_trywait(&s) != -1 || errno != EAGAIN)
		pt_fail("sem_trywait at 0: errno %d, expected EAGAIN", errno);
	for (int i = 0; i < 5; i++)
		sem_post(&s);
	if (sem_getvalue(&s, &v) || v != 5)
		pt_fail("sem_getvalue after 5 posts: %d", v);
	if (sem_wait(&s) || sem_getvalue(&s, &v) || v != 4)
		pt_fail("sem_getvalue after a wait: %d", v);
	if (sem_destroy(&s))
		pt_fail("sem_destroy: %s", strerror(errno));
	printf("values: sem_getvalue follows posts and waits, EAGAIN when empty\n");
}

static sem_t late;

static void *post_later(void *arg)
{
	(void)arg;
	pt_sleep_ns(2000000);
	sem_post(&late);
	return NULL;
}

static void timedwait(void)
{
	struct timespec d;
	pthread_t t;

	if (sem_init(&late, 0, 0))
		pt_fail("sem_init: %s", strerror(errno));
	for (int i = 0; i < 5; i++) {
		d = pt_deadline(CLOCK_REALTIME, 2000000);
		errno = 0;
		if (sem_timedwait(&late, &d) != -1 || errno != ETIMEDOUT)
			pt_fail("sem_timedwait on 0: errno %d, expected ETIMEDOUT", errno);
		long long now = pt_now(CLOCK_REALTIME);
		if (now < pt_ts_ns(&d))
			pt_fail("sem_timedwait returned %lld ns early", pt_ts_ns(&d) - now);
	}
	d = pt_deadline(CLOCK_REALTIME, -1000000);
	errno = 0;
	if (sem_timedwait(&late, &d) != -1 || errno != ETIMEDOUT)
		pt_fail("sem_timedwait with a past deadline: errno %d, expected ETIMEDOUT", errno);
	/* A count is taken even when the deadline has passed (POSIX: no wait needed, no error). */
	sem_post(&late);
	if (sem_timedwait(&late, &d))
		pt_fail("sem_timedwait with a count and a past deadline: %s", strerror(errno));
	PT_CHECK(pthread_create(&t, NULL, post_later, NULL));
	d = pt_deadline(CLOCK_REALTIME, 5000000000LL);
	if (sem_timedwait(&late, &d))
		pt_fail("sem_timedwait with a post 2 ms in: %s", strerror(errno));
	PT_CHECK(pthread_join(t, NULL));
	sem_destroy(&late);
	printf("timedwait: ETIMEDOUT, not early; past deadline at once; a post in time wins\n");
}

static sem_t ping, pong;
static atomic_int turn;

static void *ponger(void *arg)
{
	(void)arg;
	for (int i = 0; i < PINGS; i++) {
		while (sem_wait(&ping))
			if (errno != EINTR)
				pt_fail("sem_wait: %s", strerror(errno));
		if (atomic_load(&turn) != 2 * i + 1)
			pt_fail("ping-pong out of turn at %d", i);
		atomic_store(&turn, 2 * i + 2);
		sem_post(&pong);
	}
	return NULL;
}

static void ping_pong(void)
{
	pthread_t t;

	if (sem_init(&ping, 0, 0) || sem_init(&pong, 0, 0))
		pt_fail("sem_init: %s", strerror(errno));
	PT_CHECK(pthread_create(&t, NULL, ponger, NULL));
	long long t0 = pt_mono();
	for (int i = 0; i < PINGS; i++) {
		atomic_store(&turn, 2 * i + 1);
		sem_post(&ping);
		while (sem_wait(&pong))
			if (errno != EINTR)
				pt_fail("sem_wait: %s", strerror(errno));
		if (atomic_load(&turn) != 2 * i + 2)
			pt_fail("ping-pong: pong %d came out of turn", i);
	}
	printf("# ping-pong: %.2f us per round trip\n", (double)(pt_mono() - t0) / PINGS / 1e3);
	PT_CHECK(pthread_join(t, NULL));
	sem_destroy(&ping);
	sem_destroy(&pong);
	printf("ping-pong: %d round trips in turn\n", PINGS);
}

static sem_t pool;
static atomic_int posting;

static void *poster(void *arg)
{
	(void)arg;
	for (int i = 0; i < POSTS; i++)
		if (sem_post(&pool))
			pt_fail("sem_post: %s", strerror(errno));
	atomic_fetch_sub(&posting, 1);
	return NULL;
}

static void *taker(void *arg)
{
	long *mine = arg;

	/* Blocking waits while posters run, then trywait drains what is left. */
	for (;;) {
		if (atomic_load(&posting)) {
			struct timespec d = pt_deadline(CLOCK_REALTIME, 1000000);
			if (!sem_timedwait(&pool, &d))
				++*mine;
			else if (errno != ETIMEDOUT && errno != EINTR)
				pt_fail("sem_timedwait: %s", strerror(errno));
		} else if (!sem_trywait(&pool)) {
			++*mine;
		} else if (errno == EAGAIN) {
			break;
		} else {
			pt_fail("sem_trywait: %s", strerror(errno));
		}
	}
	return NULL;
}

static void count(void)
{
	pthread_t t[POSTERS + TAKERS];
	long got[TAKERS] = {0}, sum = 0;
	int v;

	if (sem_init(&pool, 0, 0))
		pt_fail("sem_init: %s", strerror(errno));
	atomic_store(&posting, POSTERS);
	for (int i = 0; i < TAKERS; i++)
		PT_CHECK(pthread_create(&t[i], NULL, taker, &got[i]));
	for (int i = 0; i < POSTERS; i++)
		PT_CHECK(pthread_create(&t[TAKERS + i], NULL, poster, NULL));
	for (int i = 0; i < POSTERS + TAKERS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	for (int i = 0; i < TAKERS; i++)
		sum += got[i];
	if (sem_getvalue(&pool, &v) || v != 0 || sum != (long)POSTERS * POSTS)
		pt_fail("%ld posts, %ld taken, %d left", (long)POSTERS * POSTS, sum, v);
	sem_destroy(&pool);
	printf("count: %d posters, %d waiters, every post taken once\n", POSTERS, TAKERS);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	values();
	timedwait();
	ping_pong();
	count();
	printf("PASS pthread_sem\n");
	return 0;
}
