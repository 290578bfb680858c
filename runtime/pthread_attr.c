// SPDX-License-Identifier: MIT
/* Thread attributes: stack size, detach state, scheduling parameters, affinity. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "eremit/cpu.h"
#include "pthread_impl.h"

#define ATTR_INITIALISED 1

int pthread_attr_init(pthread_attr_t *a)
{
	*a = (pthread_attr_t){
	    .__flags = ATTR_INITIALISED,
	    .__detachstate = PTHREAD_CREATE_JOINABLE,
	    .__stacksize = THREAD_STACK_DEFAULT,
	    .__scope = PTHREAD_SCOPE_SYSTEM,
	    .__inheritsched = PTHREAD_INHERIT_SCHED,
	    .__schedpolicy = SCHED_OTHER,
	};
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	free(a->__cpuset);
	a->__cpuset = 0;
	a->__flags = 0;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	a->__stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->__stacksize;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->__detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->__detachstate;
	return 0;
}

/* One policy, SCHED_OTHER, whose only priority is 0 (as on Linux). */
int pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *p)
{
	if (p->sched_priority != 0)
		return ENOTSUP;
	a->__schedparam = *p;
	return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *p)
{
	*p = a->__schedparam;
	return 0;
}

int pthread_attr_setaffinity_np(pthread_attr_t *a, size_t size, const cpu_set_t *set)
{
	cpu_set_t *copy = 0;

	if (set && size) {
		struct cpumask m;
		int r = pthread_cpuset_to_mask(size, set, &m);
		if (r)
			return r;
		if (!(copy = malloc(size)))
			return ENOMEM;
		memcpy(copy, set, size);
	}
	free(a->__cpuset);
	a->__cpuset = copy;
	a->__cpusetsize = copy ? size : 0;
	return 0;
}

/* Without a set of its own, the attribute allows every online CPU. */
int pthread_attr_getaffinity_np(const pthread_attr_t *a, size_t size, cpu_set_t *set)
{
	struct cpumask m;

	if (a->__cpuset) {
		int r = pthread_cpuset_to_mask(a->__cpusetsize, a->__cpuset, &m);
		if (r)
			return r;
	} else {
		cpumask_clear(&m);
		for (unsigned cpu = 0; cpu < eremit_cpu_count(); cpu++)
			cpumask_set(&m, cpu);
	}
	return pthread_mask_to_cpuset(&m, size, set);
}
