/* SPDX-License-Identifier: MIT */
/* A test-and-test-and-set spinlock. */
#ifndef SMP_SPINLOCK_H
#define SMP_SPINLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include "arch/x86_64/cpu.h"

/* Zero-initialised means unlocked, so static locks need no constructor. */
struct spinlock {
	atomic_uint locked;
};

static inline bool spin_trylock(struct spinlock *l)
{
	/* acquire: the critical section cannot move above the lock. */
	return atomic_exchange_explicit(&l->locked, 1, memory_order_acquire) == 0;
}

static inline void spin_lock(struct spinlock *l)
{
	while (!spin_trylock(l)) {
		/* relaxed: just waiting for a change; the exchange acquires. */
		while (atomic_load_explicit(&l->locked, memory_order_relaxed))
			cpu_relax();
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	/* release: writes in the critical section are visible to the next owner. */
	atomic_store_explicit(&l->locked, 0, memory_order_release);
}

#endif /* SMP_SPINLOCK_H */
