// SPDX-License-Identifier: MIT
/* POSIX barriers: an arrival counter and a round counter the waiters sleep on. */
#include "pthread_impl.h"

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned count)
{
	(void)a;
	if (count == 0)
		return EINVAL;
	*b = (pthread_barrier_t){.__count = count};
	return 0;
}

/*
 * The last thread of a round resets the arrivals and then bumps the round
 * (release), so threads of the next round, which leave only once they see
 * the new round (acquire), count from zero again.
 */
int pthread_barrier_wait(pthread_barrier_t *b)
{
	_Atomic uint32_t *seq = pthread_word(&b->__seq), *inside = pthread_word(&b->__inside);
	int ret = 0;

	atomic_fetch_add_explicit(inside, 1, memory_order_relaxed);
	uint32_t round = atomic_load_explicit(seq, memory_order_acquire);
	/* acq_rel: the last arrival sees every thread's work of this round, and passes it on. */
	if (atomic_fetch_add_explicit(pthread_word(&b->__arrived), 1, memory_order_acq_rel) + 1 ==
	    b->__count) {
		atomic_store_explicit(pthread_word(&b->__arrived), 0, memory_order_relaxed);
		atomic_fetch_add_explicit(seq, 1, memory_order_release);
		futex_wake(seq, INT32_MAX);
		ret = PTHREAD_BARRIER_SERIAL_THREAD;
	} else {
		while (atomic_load_explicit(seq, memory_order_acquire) == round)
			futex_wait(seq, round, 0);
	}
	/* release: pairs with pthread_barrier_destroy; we touch b no more. */
	atomic_fetch_sub_explicit(inside, 1, memory_order_release);
	return ret;
}

/*
 * POSIX allows destroying a barrier as soon as a round completed, while its
 * threads may still be on their way out: wait for them to leave.
 */
int pthread_barrier_destroy(pthread_barrier_t *b)
{
	if (atomic_load_explicit(pthread_word(&b->__arrived), memory_order_relaxed))
		return EBUSY;
	while (atomic_load_explicit(pthread_word(&b->__inside), memory_order_acquire))
		thread_yield();
	return 0;
}

int pthread_barrierattr_init(pthread_barrierattr_t *a)
{
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *a)
{
	(void)a;
	return 0;
}

/* One process: a shared barrier is a private one. */
int pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__pshared = pshared;
	return 0;
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return 0;
}
