// SPDX-License-Identifier: MIT
/* Unnamed POSIX semaphores: a count waiters sleep on while it is zero. */
#include <semaphore.h>
#include "pthread_impl.h"

int sem_init(sem_t *s, int pshared, unsigned value)
{
	(void)pshared; /* one process: shared and private are the same */
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	*s = (sem_t){.__value = value};
	return 0;
}

int sem_destroy(sem_t *s)
{
	(void)s;
	return 0;
}

int sem_trywait(sem_t *s)
{
	_Atomic uint32_t *v = pthread_word(&s->__value);
	uint32_t n = atomic_load_explicit(v, memory_order_relaxed);

	while (n > 0)
		/* acquire: what the poster did before sem_post is visible to us. */
		if (atomic_compare_exchange_weak_explicit(v, &n, n - 1, memory_order_acquire,
							  memory_order_relaxed))
			return 0;
	errno = EAGAIN;
	return -1;
}

/*
 * Waiters count themselves in before they look at the value and posters
 * look at the count after they raise the value, both seq_cst: either the
 * waiter sees the new value or the poster sees the waiter and wakes it.
 */
static int sem_wait_until(sem_t *s, clockid_t clock, const struct timespec *abstime)
{
	_Atomic uint32_t *v = pthread_word(&s->__value), *waiters = pthread_word(&s->__waiters);
	uint64_t deadline = 0;
	int r;

	while (sem_trywait(s)) {
		if (abstime && !deadline && (r = pthread_deadline(clock, abstime, &deadline))) {
			errno = r;
			return -1;
		}
		atomic_fetch_add_explicit(waiters, 1, memory_order_seq_cst);
		r = atomic_load_explicit(v, memory_order_seq_cst) ? 0 : futex_wait(v, 0, deadline);
		atomic_fetch_sub_explicit(waiters, 1, memory_order_relaxed);
		if (r == -ETIMEDOUT) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	return 0;
}

int sem_wait(sem_t *s)
{
	return sem_wait_until(s, CLOCK_REALTIME, 0);
}

int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	return sem_wait_until(s, CLOCK_REALTIME, abstime);
}

int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abstime)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) {
		errno = EINVAL;
		return -1;
	}
	return sem_wait_until(s, clock, abstime);
}

int sem_post(sem_t *s)
{
	_Atomic uint32_t *v = pthread_word(&s->__value);
	uint32_t n = atomic_load_explicit(v, memory_order_relaxed);

	do {
		if (n == SEM_VALUE_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
		/* seq_cst: see sem_wait_until; it also releases our writes to the waiter. */
	} while (!atomic_compare_exchange_weak_explicit(v, &n, n + 1, memory_order_seq_cst,
							memory_order_relaxed));
	if (atomic_load_explicit(pthread_word(&s->__waiters), memory_order_seq_cst))
		futex_wake(v, 1);
	return 0;
}

int sem_getvalue(sem_t *s, int *value)
{
	*value = (int)atomic_load_explicit(pthread_word(&s->__value), memory_order_relaxed);
	return 0;
}
