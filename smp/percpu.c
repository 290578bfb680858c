// SPDX-License-Identifier: MIT
/* Per-CPU structures and the GS base that points at them. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "smp/percpu.h"

struct cpu cpus[CPU_MAX];

void percpu_init_boot(void)
{
	struct cpu *c = &cpus[0];
	c->self = c;
	c->id = 0;
	wrmsr(X86_MSR_GS_BASE, (uintptr_t)c);
}
