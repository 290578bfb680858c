/* SPDX-License-Identifier: MIT */
/* The runtime's sleeping lock: a futex word with three states, for newlib, the fd table and
 * pthreads. */
#ifndef RUNTIME_MUTEX_H
#define RUNTIME_MUTEX_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Drepper's "Futexes are tricky" mutex 2: 0 free, 1 locked, 2 locked and
 * maybe waited for. Unlock calls futex_wake only from state 2, so an
 * uncontended lock/unlock pair is two atomic instructions. Zero-initialised
 * means unlocked. No owner is kept: callers that need one add it.
 */
struct mutex {
	_Atomic uint32_t state;
};

#define MUTEX_FREE	0
#define MUTEX_LOCKED	1
#define MUTEX_CONTENDED 2

static inline bool mutex_trylock(struct mutex *m)
{
	uint32_t free = MUTEX_FREE;
	/* acquire: the critical section cannot move above the lock. */
	return atomic_compare_exchange_strong_explicit(&m->state, &free, MUTEX_LOCKED,
						       memory_order_acquire, memory_order_relaxed);
}

/*
 * Slow path of mutex_lock: spins briefly, then sleeps on the futex until
 * the lock is ours or CLOCK_MONOTONIC reaches deadline_ns (0: never).
 * 0, or ETIMEDOUT.
 */
int mutex_lock_slow(struct mutex *m, uint64_t deadline_ns);

static inline void mutex_lock(struct mutex *m)
{
	if (!mutex_trylock(m))
		mutex_lock_slow(m, 0);
}

/* 0, or ETIMEDOUT when the lock was not ours by deadline_ns (CLOCK_MONOTONIC, 0: never). */
static inline int mutex_lock_until(struct mutex *m, uint64_t deadline_ns)
{
	return mutex_trylock(m) ? 0 : mutex_lock_slow(m, deadline_ns);
}

/* Wakes one sleeper; called when the unlocked state was MUTEX_CONTENDED. */
void mutex_wake(struct mutex *m);

static inline void mutex_unlock(struct mutex *m)
{
	/* release: the critical section's writes are visible to the next owner. */
	if (atomic_exchange_explicit(&m->state, MUTEX_FREE, memory_order_release) ==
	    MUTEX_CONTENDED)
		mutex_wake(m);
}

#endif /* RUNTIME_MUTEX_H */
