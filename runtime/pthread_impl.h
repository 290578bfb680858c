/* SPDX-License-Identifier: MIT */
/* Shared by runtime/pthread_*.c: pthread_t and the thread, objects' futex words, deadlines. */
#ifndef RUNTIME_PTHREAD_IMPL_H
#define RUNTIME_PTHREAD_IMPL_H

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include "runtime/futex.h"
#include "runtime/mutex.h"
#include "runtime/thread.h"

/*
 * The public types (sys/_pthreadtypes.h) hold plain unsigned ints so that
 * applications need no <stdatomic.h>; the runtime accesses them only as
 * atomics. _Atomic uint32_t has the same size and alignment with gcc.
 */
_Static_assert(sizeof(_Atomic uint32_t) == sizeof(unsigned int) &&
		   _Alignof(_Atomic uint32_t) == _Alignof(unsigned int),
	       "futex words in the public pthread types");
_Static_assert(sizeof(struct mutex) == sizeof(unsigned int), "pthread_mutex_t.__lock");

static inline _Atomic uint32_t *pthread_word(unsigned int *p)
{
	return (_Atomic uint32_t *)p;
}

static inline struct thread *pthread_thread(pthread_t t)
{
	return (struct thread *)(uintptr_t)t;
}

/*
 * An absolute timeout on clock as a futex deadline. EINVAL for a bad
 * timespec or clock. A time already past gives a deadline in the past,
 * never 0 (which would mean none).
 */
static inline int pthread_deadline(clockid_t clock, const struct timespec *abstime,
				   uint64_t *deadline_ns)
{
	if (!abstime)
		return EINVAL;
	int r = futex_deadline(clock, abstime, deadline_ns);
	if (r)
		return -r;
	if (*deadline_ns == 0)
		*deadline_ns = 1;
	return 0;
}

/*
 * A cpu_set_t of size bytes as a cpumask (CPUs beyond CPU_MAX do not
 * exist and are ignored), and back: EINVAL when a CPU of m does not fit.
 */
int pthread_cpuset_to_mask(size_t size, const cpu_set_t *set, struct cpumask *m);
int pthread_mask_to_cpuset(const struct cpumask *m, size_t size, cpu_set_t *set);

#endif /* RUNTIME_PTHREAD_IMPL_H */
