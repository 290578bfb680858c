// SPDX-License-Identifier: MIT
/* eremit_irq_count: the interrupts a core has taken, by vector (include/eremit/cpu.h). */
#include "eremit/cpu.h"
#include "smp/percpu.h"

uint64_t eremit_irq_count(unsigned cpu, unsigned vector)
{
	if (cpu >= cpu_count || vector >= sizeof(cpus[0].irq_count) / sizeof(cpus[0].irq_count[0]))
		return 0;
	/* Bumped by that core's interrupt stubs: an untorn load is all a reader needs. */
	return __atomic_load_n(&cpus[cpu].irq_count[vector], __ATOMIC_RELAXED);
}
