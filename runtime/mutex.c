// SPDX-License-Identifier: MIT
/* The runtime mutex's slow paths: a short spin, then futex sleeps. */
#include <errno.h>
#include "arch/x86_64/cpu.h"
#include "runtime/futex.h"
#include "runtime/mutex.h"

/*
 * A critical section of the runtime or of a typical application lasts
 * well under a microsecond: spinning this long first keeps a holder that
 * is running on another CPU from costing us a sleep and it a wake-up.
 */
#define MUTEX_SPIN 100

int mutex_lock_slow(struct mutex *m, uint64_t deadline_ns)
{
	uint32_t s;

	for (int i = 0; i < MUTEX_SPIN; i++) {
		cpu_relax();
		/* relaxed: only looking; the CAS in mutex_trylock acquires. */
		if (atomic_load_explicit(&m->state, memory_order_relaxed) == MUTEX_FREE &&
		    mutex_trylock(m))
			return 0;
	}
	/*
	 * From here on we may sleep, so the state says so (2) before we do:
	 * whoever unlocks then wakes someone. Taking the lock by exchange
	 * leaves it at 2 as well, which may cost one unneeded wake-up but
	 * never loses one.
	 */
	while ((s = atomic_exchange_explicit(&m->state, MUTEX_CONTENDED, memory_order_acquire)) !=
	       MUTEX_FREE) {
		if (futex_wait(&m->state, MUTEX_CONTENDED, deadline_ns) == -ETIMEDOUT)
			return ETIMEDOUT;
	}
	return 0;
}

void mutex_wake(struct mutex *m)
{
	futex_wake(&m->state, 1);
}
