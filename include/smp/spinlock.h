/* SPDX-License-Identifier: MIT */
/* A test-and-test-and-set spinlock. */
#ifndef SMP_SPINLOCK_H
#define SMP_SPINLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include "arch/x86_64/cpu.h"
#if !__STDC_HOSTED__
#include "smp/preempt.h"
/*
 * A thread that holds a spinlock is not preempted: another thread on the
 * same CPU would spin on it for a whole time slice, or for ever when it
 * spins with preemption off itself (malloc refills its cache so). Host unit
 * tests compile this header too, without a scheduler.
 */
#define SPIN_PREEMPT_DISABLE() preempt_disable()
#define SPIN_PREEMPT_ENABLE()  preempt_enable()
#else
#define SPIN_PREEMPT_DISABLE() ((void)0)
#define SPIN_PREEMPT_ENABLE()  ((void)0)
#endif

/* Zero-initialised means unlocked, so static locks need no constructor. */
struct spinlock {
	atomic_uint locked;
};

static inline bool spin_trylock_raw(struct spinlock *l)
{
	/* acquire: the critical section cannot move above the lock. */
	return atomic_exchange_explicit(&l->locked, 1, memory_order_acquire) == 0;
}

static inline bool spin_trylock(struct spinlock *l)
{
	SPIN_PREEMPT_DISABLE();
	if (spin_trylock_raw(l))
		return true;
	SPIN_PREEMPT_ENABLE();
	return false;
}

static inline void spin_lock(struct spinlock *l)
{
	SPIN_PREEMPT_DISABLE();
	while (!spin_trylock_raw(l)) {
		/* relaxed: just waiting for a change; the exchange acquires. */
		while (atomic_load_explicit(&l->locked, memory_order_relaxed))
			cpu_relax();
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	/* release: writes in the critical section are visible to the next owner. */
	atomic_store_explicit(&l->locked, 0, memory_order_release);
	SPIN_PREEMPT_ENABLE();
}

#endif /* SMP_SPINLOCK_H */
