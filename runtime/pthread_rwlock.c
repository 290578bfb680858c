// SPDX-License-Identifier: MIT
/* POSIX reader-writer locks on one futex word (readers preferred, as glibc's default). */
#include "pthread_impl.h"

/*
 * The word holds the number of readers, or RW_WRITER while a writer has
 * it; RW_WAITERS is set by anyone about to sleep, so that the unlock that
 * frees the lock (and clears the bit) wakes them all to try again.
 */
#define RW_WRITER      0x7fffffffu
#define RW_WAITERS     0x80000000u
#define RW_MAX_READERS (RW_WRITER - 1)

static struct thread *rw_writer(const pthread_rwlock_t *rw)
{
	/* relaxed: a thread only ever finds itself there if it put itself there. */
	return __atomic_load_n(&rw->__writer, __ATOMIC_RELAXED);
}

/* Marks the lock as waited for (v as read) and sleeps until it changes. */
static int rw_sleep(_Atomic uint32_t *l, uint32_t v, uint64_t deadline)
{
	if (!(v & RW_WAITERS) &&
	    !atomic_compare_exchange_strong_explicit(l, &v, v | RW_WAITERS, memory_order_relaxed,
						     memory_order_relaxed))
		return 0; /* it changed: look again */
	return futex_wait(l, v | RW_WAITERS, deadline) == -ETIMEDOUT ? ETIMEDOUT : 0;
}

static int rw_rdlock(pthread_rwlock_t *rw, bool try, uint64_t deadline)
{
	_Atomic uint32_t *l = pthread_word(&rw->__lock);
	int r;

	if (rw_writer(rw) == thread_self())
		return EDEADLK;
	for (;;) {
		uint32_t v = atomic_load_explicit(l, memory_order_relaxed), n = v & ~RW_WAITERS;
		if (n < RW_MAX_READERS) {
			/* acquire: the read section starts after the last writer's release. */
			if (atomic_compare_exchange_weak_explicit(
				l, &v, v + 1, memory_order_acquire, memory_order_relaxed))
				return 0;
			continue;
		}
		if (n == RW_MAX_READERS)
			return EAGAIN;
		if (try)
			return EBUSY;
		if ((r = rw_sleep(l, v, deadline)))
			return r;
	}
}

static int rw_wrlock(pthread_rwlock_t *rw, bool try, uint64_t deadline)
{
	_Atomic uint32_t *l = pthread_word(&rw->__lock);
	int r;

	if (rw_writer(rw) == thread_self())
		return EDEADLK;
	for (;;) {
		uint32_t v = atomic_load_explicit(l, memory_order_relaxed);
		if ((v & ~RW_WAITERS) == 0) {
			/* Others may still sleep: the bit stays for our unlock to wake them. */
			if (atomic_compare_exchange_weak_explicit(
				l, &v, v | RW_WRITER, memory_order_acquire, memory_order_relaxed)) {
				__atomic_store_n(&rw->__writer, thread_self(), __ATOMIC_RELAXED);
				return 0;
			}
			continue;
		}
		if (try)
			return EBUSY;
		if ((r = rw_sleep(l, v, deadline)))
			return r;
	}
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return rw_rdlock(rw, false, 0);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return rw_rdlock(rw, true, 0);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return rw_wrlock(rw, false, 0);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return rw_wrlock(rw, true, 0);
}

/* POSIX: a lock free at the call is taken even when abstime is invalid or past. */
int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	uint64_t deadline;
	int r = rw_rdlock(rw, true, 0);

	if (r != EBUSY)
		return r;
	return (r = pthread_deadline(CLOCK_REALTIME, abstime, &deadline))
		   ? r
		   : rw_rdlock(rw, false, deadline);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	uint64_t deadline;
	int r = rw_wrlock(rw, true, 0);

	if (r != EBUSY)
		return r;
	return (r = pthread_deadline(CLOCK_REALTIME, abstime, &deadline))
		   ? r
		   : rw_wrlock(rw, false, deadline);
}

int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	_Atomic uint32_t *l = pthread_word(&rw->__lock);
	uint32_t v = atomic_load_explicit(l, memory_order_relaxed), n = v & ~RW_WAITERS, next;

	/* Only the bit changes under a writer: who holds the lock is known before the loop. */
	if (n == 0 || (n == RW_WRITER && rw_writer(rw) != thread_self()))
		return EPERM;
	if (n == RW_WRITER)
		__atomic_store_n(&rw->__writer, 0, __ATOMIC_RELAXED);
	do {
		n = v & ~RW_WAITERS;
		next = n == RW_WRITER || n == 1 ? 0 : v - 1;
		/* release: our section's writes are visible to whoever takes it next. */
	} while (!atomic_compare_exchange_weak_explicit(l, &v, next, memory_order_release,
							memory_order_relaxed));
	if (next == 0 && (v & RW_WAITERS))
		futex_wake(l, INT32_MAX);
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *a)
{
	(void)a;
	*rw = (pthread_rwlock_t){0};
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	return atomic_load_explicit(pthread_word(&rw->__lock), memory_order_relaxed) & ~RW_WAITERS
		   ? EBUSY
		   : 0;
}

int pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
	(void)a;
	return 0;
}

/* One process: a shared lock is a private one. */
int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__pshared = pshared;
	return 0;
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return 0;
}
