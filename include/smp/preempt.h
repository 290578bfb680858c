/* SPDX-License-Identifier: MIT */
/* Sections of ring-3 code that must not leave their CPU: the hook for a preemptive scheduler. */
#ifndef SMP_PREEMPT_H
#define SMP_PREEMPT_H

#include <stddef.h>
#include "smp/percpu.h"

/*
 * Code that uses this CPU's data without a lock (the malloc cache) runs
 * between preempt_disable() and preempt_enable(); sections nest. Nothing
 * preempts ring-3 code yet: a scheduler that does must not switch threads
 * while this_cpu()->preempt_off is non-zero. Each is one GS-relative
 * instruction, so the thread cannot move between finding its CPU and
 * counting, and the "memory" clobber keeps the section's accesses inside.
 */
static inline void preempt_disable(void)
{
	__asm__ volatile("incl %%gs:%c0" ::"i"(offsetof(struct cpu, preempt_off)) : "memory");
}

static inline void preempt_enable(void)
{
	__asm__ volatile("decl %%gs:%c0" ::"i"(offsetof(struct cpu, preempt_off)) : "memory");
}

#endif /* SMP_PREEMPT_H */
