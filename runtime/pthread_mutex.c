// SPDX-License-Identifier: MIT
/* POSIX mutexes (normal, recursive, error-checking) over the runtime's futex mutex. */
#include <limits.h>
#include "pthread_impl.h"

#define MUTEXATTR_KIND	  0xf
#define MUTEXATTR_PSHARED 0x10

static struct mutex *mutex_of(pthread_mutex_t *m)
{
	return (struct mutex *)&m->__lock;
}

/*
 * The owner field is written by the owner and read by anyone checking
 * whether they own the mutex: relaxed is enough, since a thread can only
 * ever find itself there if it stored itself there.
 */
static struct thread *mutex_owner(const pthread_mutex_t *m)
{
	return __atomic_load_n(&m->__owner, __ATOMIC_RELAXED);
}

static void mutex_set_owner(pthread_mutex_t *m, struct thread *t)
{
	__atomic_store_n(&m->__owner, t, __ATOMIC_RELAXED);
}

/*
 * What a lock call does when the caller may already hold the mutex: -1 to
 * go on and take it, otherwise the call's result.
 */
static int mutex_relock(pthread_mutex_t *m, int busy)
{
	if (m->__kind == PTHREAD_MUTEX_NORMAL || mutex_owner(m) != thread_self())
		return -1;
	if (m->__kind == PTHREAD_MUTEX_ERRORCHECK)
		return busy;
	if (m->__count == UINT_MAX)
		return EAGAIN;
	m->__count++;
	return 0;
}

static int mutex_taken(pthread_mutex_t *m)
{
	if (m->__kind != PTHREAD_MUTEX_NORMAL) {
		mutex_set_owner(m, thread_self());
		m->__count = 1;
	}
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	*m = (pthread_mutex_t){.__kind = a ? a->__flags & MUTEXATTR_KIND : PTHREAD_MUTEX_DEFAULT};
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return atomic_load_explicit(pthread_word(&m->__lock), memory_order_relaxed) ? EBUSY : 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	int r = mutex_relock(m, EDEADLK);
	if (r >= 0)
		return r;
	mutex_lock(mutex_of(m));
	return mutex_taken(m);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int r = mutex_relock(m, EBUSY);
	if (r >= 0)
		return r;
	return mutex_trylock(mutex_of(m)) ? mutex_taken(m) : EBUSY;
}

/* POSIX: a mutex free at the call is taken even when abstime is invalid or past. */
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	uint64_t deadline;
	int r = mutex_relock(m, EDEADLK);

	if (r >= 0)
		return r;
	if (mutex_trylock(mutex_of(m)))
		return mutex_taken(m);
	if ((r = pthread_deadline(CLOCK_REALTIME, abstime, &deadline)))
		return r;
	if ((r = mutex_lock_slow(mutex_of(m), deadline)))
		return r;
	return mutex_taken(m);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (m->__kind != PTHREAD_MUTEX_NORMAL) {
		if (mutex_owner(m) != thread_self())
			return EPERM;
		if (--m->__count)
			return 0;
		mutex_set_owner(m, 0);
	}
	mutex_unlock(mutex_of(m));
	return 0;
}

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	a->__flags = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	(void)a;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int kind)
{
	if (kind != PTHREAD_MUTEX_NORMAL && kind != PTHREAD_MUTEX_RECURSIVE &&
	    kind != PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	a->__flags = (a->__flags & ~MUTEXATTR_KIND) | kind;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *kind)
{
	*kind = a->__flags & MUTEXATTR_KIND;
	return 0;
}

/* One process: a shared mutex is a private one. */
int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__flags = (a->__flags & ~MUTEXATTR_PSHARED) |
		     (pshared == PTHREAD_PROCESS_SHARED ? MUTEXATTR_PSHARED : 0);
	return 0;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *pshared)
{
	*pshared =
	    a->__flags & MUTEXATTR_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
