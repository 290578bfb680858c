// SPDX-License-Identifier: MIT
/* POSIX condition variables: a sequence counter waiters sleep on, bumped by signal and broadcast.
 */
#include "pthread_impl.h"

#define CONDATTR_MONOTONIC 1
#define CONDATTR_PSHARED   2

/*
 * A waiter reads the counter while it still holds the mutex, then sleeps
 * on that value: a signal after it let go of the mutex changes the counter,
 * so its futex_wait returns at once and no wake-up is lost. Signals skip
 * futex_wake when nobody waits; waiters count themselves in before
 * reading the counter and signallers bump the counter before reading the
 * count, both seq_cst, so one of the two always sees the other.
 */
static int cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline)
{
	_Atomic uint32_t *seq = pthread_word(&c->__seq), *waiters = pthread_word(&c->__waiters);
	int r, w;

	atomic_fetch_add_explicit(waiters, 1, memory_order_seq_cst);
	uint32_t s = atomic_load_explicit(seq, memory_order_seq_cst);
	if ((r = pthread_mutex_unlock(m))) {
		atomic_fetch_sub_explicit(waiters, 1, memory_order_relaxed);
		return r;
	}
	w = futex_wait(seq, s, deadline);
	/* release: pairs with pthread_cond_destroy; we touch c no more. */
	atomic_fetch_sub_explicit(waiters, 1, memory_order_release);
	pthread_mutex_lock(m);
	return w == -ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return cond_wait(c, m, 0);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	uint64_t deadline;
	int r =
	    pthread_deadline(c->__monotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME, abstime, &deadline);
	return r ? r : cond_wait(c, m, deadline);
}

static int cond_wake(pthread_cond_t *c, int n)
{
	atomic_fetch_add_explicit(pthread_word(&c->__seq), 1, memory_order_seq_cst);
	if (atomic_load_explicit(pthread_word(&c->__waiters), memory_order_seq_cst))
		futex_wake(pthread_word(&c->__seq), n);
	return 0;
}

int pthread_cond_signal(pthread_cond_t *c)
{
	return cond_wake(c, 1);
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	return cond_wake(c, INT32_MAX);
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	*c = (pthread_cond_t){.__monotonic = a && (a->__flags & CONDATTR_MONOTONIC)};
	return 0;
}

/*
 * POSIX allows destroying a condition variable right after a broadcast
 * woke all its waiters: waiters that have not yet counted themselves out
 * still touch it, so this waits for them (a waiter still asleep here
 * would be the caller's bug, and then this waits for ever).
 */
int pthread_cond_destroy(pthread_cond_t *c)
{
	/* acquire: the waiters' last touches happen before we return. */
	while (atomic_load_explicit(pthread_word(&c->__waiters), memory_order_acquire))
		thread_yield();
	return 0;
}

int pthread_condattr_init(pthread_condattr_t *a)
{
	a->__flags = 0;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	(void)a;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	a->__flags = (a->__flags & ~CONDATTR_MONOTONIC) |
		     (clock == CLOCK_MONOTONIC ? CONDATTR_MONOTONIC : 0);
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	*clock = a->__flags & CONDATTR_MONOTONIC ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	return 0;
}

/* One process: a shared condition variable is a private one. */
int pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__flags = (a->__flags & ~CONDATTR_PSHARED) |
		     (pshared == PTHREAD_PROCESS_SHARED ? CONDATTR_PSHARED : 0);
	return 0;
}

int pthread_condattr_getpshared(const pthread_condattr_t *a, int *pshared)
{
	*pshared = a->__flags & CONDATTR_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
