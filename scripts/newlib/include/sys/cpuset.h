/* SPDX-License-Identifier: MIT */
/* CPU sets as in glibc: cpu_set_t of CPU_SETSIZE bits, the CPU_* macros, and sets of any size. */
#ifndef _SYS_CPUSET_H_
#define _SYS_CPUSET_H_

/*
 * newlib's <sched.h> declares sched_{get,set}affinity once this header's
 * guard is defined, and <pthread.h> (as installed by build-newlib.sh) the
 * pthread_*affinity_np calls. As in glibc the type is always there and the
 * macros with _GNU_SOURCE.
 */
#include <sys/features.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CPU_SETSIZE 1024
#define __NCPUBITS  (8 * sizeof(__cpu_mask))

typedef unsigned long __cpu_mask;

typedef struct {
	__cpu_mask __bits[CPU_SETSIZE / (8 * sizeof(unsigned long))];
} cpu_set_t;

/* runtime/sched_cpuset.c */
int __sched_cpucount(__SIZE_TYPE__ __setsize, const cpu_set_t *__set);
cpu_set_t *__sched_cpualloc(__SIZE_TYPE__ __count);
void __sched_cpufree(cpu_set_t *__set);

#if __GNU_VISIBLE

#define __CPUELT(cpu)  ((cpu) / __NCPUBITS)
#define __CPUMASK(cpu) ((__cpu_mask)1 << ((cpu) % __NCPUBITS))

#define CPU_ALLOC_SIZE(count) \
	((((__SIZE_TYPE__)(count) + __NCPUBITS - 1) / __NCPUBITS) * sizeof(__cpu_mask))
#define CPU_ALLOC(count) __sched_cpualloc(count)
#define CPU_FREE(set)	 __sched_cpufree(set)

#define CPU_ZERO_S(setsize, set) __builtin_memset((set), 0, (setsize))
#define CPU_SET_S(cpu, setsize, set)                                               \
	__extension__({                                                            \
		__SIZE_TYPE__ __cpu = (cpu);                                       \
		__cpu / 8 < (setsize) ? (((__cpu_mask *)((set)->__bits))[__CPUELT(__cpu)] |= \
					 __CPUMASK(__cpu))                         \
				      : 0;                                         \
	})
#define CPU_CLR_S(cpu, setsize, set)                                               \
	__extension__({                                                            \
		__SIZE_TYPE__ __cpu = (cpu);                                       \
		__cpu / 8 < (setsize) ? (((__cpu_mask *)((set)->__bits))[__CPUELT(__cpu)] &= \
					 ~__CPUMASK(__cpu))                        \
				      : 0;                                         \
	})
#define CPU_ISSET_S(cpu, setsize, set)                                             \
	__extension__({                                                            \
		__SIZE_TYPE__ __cpu = (cpu);                                       \
		__cpu / 8 < (setsize) &&                                           \
		    (((const __cpu_mask *)((set)->__bits))[__CPUELT(__cpu)] &       \
		     __CPUMASK(__cpu)) != 0;                                        \
	})
#define CPU_COUNT_S(setsize, set) __sched_cpucount((setsize), (set))

#define __CPU_OP_S(setsize, dest, a, b, op)                                        \
	__extension__({                                                            \
		cpu_set_t *__dest = (dest);                                        \
		const __cpu_mask *__a = (a)->__bits, *__b = (b)->__bits;           \
		for (__SIZE_TYPE__ __i = 0; __i < (setsize) / sizeof(__cpu_mask); __i++) \
			__dest->__bits[__i] = __a[__i] op __b[__i];                \
		__dest;                                                            \
	})
#define CPU_AND_S(setsize, dest, a, b) __CPU_OP_S(setsize, dest, a, b, &)
#define CPU_OR_S(setsize, dest, a, b)  __CPU_OP_S(setsize, dest, a, b, |)
#define CPU_XOR_S(setsize, dest, a, b) __CPU_OP_S(setsize, dest, a, b, ^)
#define CPU_EQUAL_S(setsize, a, b)     (__builtin_memcmp((a), (b), (setsize)) == 0)

#define CPU_ZERO(set)	      CPU_ZERO_S(sizeof(cpu_set_t), set)
#define CPU_SET(cpu, set)     CPU_SET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_CLR(cpu, set)     CPU_CLR_S(cpu, sizeof(cpu_set_t), set)
#define CPU_ISSET(cpu, set)   CPU_ISSET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_COUNT(set)	      CPU_COUNT_S(sizeof(cpu_set_t), set)
#define CPU_AND(dest, a, b)   CPU_AND_S(sizeof(cpu_set_t), dest, a, b)
#define CPU_OR(dest, a, b)    CPU_OR_S(sizeof(cpu_set_t), dest, a, b)
#define CPU_XOR(dest, a, b)   CPU_XOR_S(sizeof(cpu_set_t), dest, a, b)
#define CPU_EQUAL(a, b)	      CPU_EQUAL_S(sizeof(cpu_set_t), a, b)

#endif /* __GNU_VISIBLE */

#ifdef __cplusplus
}
#endif

#endif /* _SYS_CPUSET_H_ */
