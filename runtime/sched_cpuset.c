// SPDX-License-Identifier: MIT
/* What <sys/cpuset.h>'s macros call: CPU_COUNT, CPU_ALLOC and CPU_FREE. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <sys/cpuset.h>

int __sched_cpucount(size_t setsize, const cpu_set_t *set)
{
	int n = 0;
	for (size_t i = 0; i < setsize / sizeof(__cpu_mask); i++)
		n += __builtin_popcountl(set->__bits[i]);
	return n;
}

cpu_set_t *__sched_cpualloc(size_t count)
{
	return malloc(CPU_ALLOC_SIZE(count));
}

void __sched_cpufree(cpu_set_t *set)
{
	free(set);
}
