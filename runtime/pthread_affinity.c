// SPDX-License-Identifier: MIT
/* CPU affinity of threads (pthread_*affinity_np, sched_*affinity), sched_getcpu and sched_yield. */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include "pthread_impl.h"

int pthread_cpuset_to_mask(size_t size, const cpu_set_t *set, struct cpumask *m)
{
	const unsigned char *bytes = (const unsigned char *)set;

	cpumask_clear(m);
	for (size_t i = 0; i < size && i < CPU_MAX / 8; i++)
		for (unsigned bit = 0; bit < 8; bit++)
			if (bytes[i] >> bit & 1)
				cpumask_set(m, (unsigned)(i * 8 + bit));
	return 0;
}

int pthread_mask_to_cpuset(const struct cpumask *m, size_t size, cpu_set_t *set)
{
	unsigned char *bytes = (unsigned char *)set;

	memset(set, 0, size);
	for (unsigned cpu = 0; cpu < CPU_MAX; cpu++) {
		if (!cpumask_has(m, cpu))
			continue;
		if (cpu / 8 >= size)
			return EINVAL; /* as Linux: the set is too small for the mask */
		bytes[cpu / 8] |= (unsigned char)(1u << cpu % 8);
	}
	return 0;
}

int pthread_setaffinity_np(pthread_t t, size_t size, const cpu_set_t *set)
{
	struct cpumask m;

	if (!t)
		return ESRCH;
	pthread_cpuset_to_mask(size, set, &m);
	return -thread_set_affinity(pthread_thread(t), &m);
}

int pthread_getaffinity_np(const pthread_t t, size_t size, cpu_set_t *set)
{
	struct cpumask m;

	if (!t)
		return ESRCH;
	thread_get_affinity(pthread_thread(t), &m);
	return pthread_mask_to_cpuset(&m, size, set);
}

/* One process: pid 0 and our own pid are the calling thread, as on Linux. */
static int sched_thread(pid_t pid, pthread_t *t)
{
	if (pid != 0 && pid != getpid()) {
		errno = ESRCH;
		return -1;
	}
	*t = pthread_self();
	return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
	pthread_t t;
	int r;

	if (sched_thread(pid, &t))
		return -1;
	if ((r = pthread_setaffinity_np(t, size, set))) {
		errno = r;
		return -1;
	}
	return 0;
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	pthread_t t;
	int r;

	if (sched_thread(pid, &t))
		return -1;
	if ((r = pthread_getaffinity_np(t, size, set))) {
		errno = r;
		return -1;
	}
	return 0;
}

int sched_getcpu(void)
{
	return (int)thread_cpu();
}

int sched_yield(void)
{
	thread_yield();
	return 0;
}
