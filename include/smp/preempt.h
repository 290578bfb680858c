/* SPDX-License-Identifier: MIT */
/* Sections of ring-3 code that must not leave their CPU: the hook for a preemptive scheduler. */
#ifndef SMP_PREEMPT_H
#define SMP_PREEMPT_H

#include <stddef.h>
#include "smp/percpu.h"

/*
 * Code that uses this CPU's data without a lock (the malloc cache, the
 * scheduler's queues, spinlocked data) runs between preempt_disable() and
 * preempt_enable(); sections nest. The scheduler never switches threads
 * while this_cpu()->preempt_off is non-zero: an interrupt that wanted to
 * only marks sched_pending, and preempt_enable() hands it to the scheduler
 * when the outermost section ends. Counting is one GS-relative instruction,
 * so the thread cannot move between finding its CPU and counting, and the
 * "memory" clobber keeps the section's accesses inside.
 */
static inline void preempt_disable(void)
{
	__asm__ volatile("incl %%gs:%c0" ::"i"(offsetof(struct cpu, preempt_off)) : "memory");
}

/* The scheduler's look at what came while preemption was off (runtime/sched.c). */
void sched_pending_run(void);

static inline void preempt_enable(void)
{
	unsigned char zero;
	__asm__ volatile("decl %%gs:%c1\n\tsetz %0"
			 : "=q"(zero)
			 : "i"(offsetof(struct cpu, preempt_off))
			 : "memory", "cc");
	/*
	 * Preemption may move us between the decrement and this load: then we
	 * look at the new CPU's flag, which is just as well ours to handle.
	 */
	if (__builtin_expect(zero, 1)) {
		uint32_t pending;
		__asm__ volatile("movl %%gs:%c1, %0"
				 : "=r"(pending)
				 : "i"(offsetof(struct cpu, sched_pending)));
		if (__builtin_expect(pending, 0))
			sched_pending_run();
	}
}

/* Leaves a section without looking at pending work: for the scheduler itself. */
static inline void preempt_enable_no_resched(void)
{
	__asm__ volatile("decl %%gs:%c0" ::"i"(offsetof(struct cpu, preempt_off)) : "memory");
}

#endif /* SMP_PREEMPT_H */
