/* SPDX-License-Identifier: MIT */
/* Per-CPU data: one cache-line-aligned struct per core, reached through this_cpu(). */
#ifndef SMP_PERCPU_H
#define SMP_PERCPU_H

#define CPU_CACHE_LINE 64
#define CPU_MAX	       1 /* one core until the SMP issue */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/*
 * Fields are written only by the owning CPU unless marked otherwise. The
 * struct is reached through the GS base, whose first word points back to it.
 */
struct cpu {
	struct cpu *self; /* must stay first: this_cpu() reads %gs:0 */
	uint32_t id;
	uint32_t fault_depth;	 /* nesting of fatal exceptions: stop recursing reports */
	uint64_t irq_count[256]; /* interrupts taken, by vector */
} __attribute__((aligned(CPU_CACHE_LINE)));

_Static_assert(offsetof(struct cpu, self) == 0, "this_cpu() reads %gs:0");

extern struct cpu cpus[CPU_MAX];

/* Points the GS base of the boot CPU at cpus[0]. */
void percpu_init_boot(void);

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__("movq %%gs:0, %0" : "=r"(c));
	return c;
}

#endif /* __ASSEMBLER__ */
#endif /* SMP_PERCPU_H */
