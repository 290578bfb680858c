// SPDX-License-Identifier: MIT
/* POSIX spinlocks: test-and-test-and-set, yielding now and then to a holder on this CPU. */
#include "arch/x86_64/cpu.h"
#include "pthread_impl.h"

/*
 * A holder preempted on our own CPU cannot release the lock while we spin:
 * after this many polls we let it (or anyone else here) run.
 */
#define SPIN_YIELD_POLLS 4096

static _Atomic int *spin_word(pthread_spinlock_t *s)
{
	return (_Atomic int *)s;
}

int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*s = 0;
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
	return atomic_load_explicit(spin_word(s), memory_order_relaxed) ? EBUSY : 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	/* acquire: the critical section cannot move above the lock. */
	return atomic_exchange_explicit(spin_word(s), 1, memory_order_acquire) ? EBUSY : 0;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
	for (unsigned polls = 0; pthread_spin_trylock(s);) {
		/* relaxed: only waiting for a change; the exchange acquires. */
		while (atomic_load_explicit(spin_word(s), memory_order_relaxed)) {
			cpu_relax();
			if (++polls % SPIN_YIELD_POLLS == 0)
				thread_yield();
		}
	}
	return 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	/* release: the critical section's writes are visible to the next holder. */
	atomic_store_explicit(spin_word(s), 0, memory_order_release);
	return 0;
}
