// SPDX-License-Identifier: MIT
/* pthread_once: the first caller runs the routine, the others sleep until it is done. */
#include "pthread_impl.h"

enum { ONCE_NEW, ONCE_RUNNING, ONCE_WAITED, ONCE_DONE };

int pthread_once(pthread_once_t *o, void (*fn)(void))
{
	_Atomic uint32_t *s = pthread_word((unsigned int *)o);
	uint32_t v;

	/* acquire: what the routine wrote is visible to every caller that sees it done. */
	while ((v = atomic_load_explicit(s, memory_order_acquire)) != ONCE_DONE) {
		if (v == ONCE_NEW) {
			if (!atomic_compare_exchange_strong_explicit(
				s, &v, ONCE_RUNNING, memory_order_relaxed, memory_order_relaxed))
				continue;
			fn();
			/* release: pairs with the acquire above. */
			if (atomic_exchange_explicit(s, ONCE_DONE, memory_order_release) ==
			    ONCE_WAITED)
				futex_wake(s, INT32_MAX);
			return 0;
		}
		/* Say that someone sleeps, so that the runner wakes us. */
		if (v == ONCE_RUNNING &&
		    !atomic_compare_exchange_strong_explicit(
			s, &v, ONCE_WAITED, memory_order_relaxed, memory_order_relaxed))
			continue;
		futex_wait(s, ONCE_WAITED, 0);
	}
	return 0;
}
