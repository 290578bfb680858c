// SPDX-License-Identifier: MIT
/* Per-CPU structures and the GS base that points at them. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "kernel/boot.h"
#include "smp/percpu.h"

struct cpu cpus[CPU_MAX];
unsigned cpu_count = 1;

void percpu_setup(unsigned id)
{
	struct cpu *c = &cpus[id];
	c->id = id;
	c->apic_id = boot_params.cpu_apic[id];
	c->node = boot_params.cpu_node[id];
}

void percpu_init(unsigned id)
{
	struct cpu *c = &cpus[id];
	c->self = c;
	wrmsr(X86_MSR_GS_BASE, (uintptr_t)c);
}
