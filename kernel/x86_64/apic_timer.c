// SPDX-License-Identifier: MIT
/* The local APIC timer under the timer queues: TSC-deadline mode, else one-shot counts. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/apic_timer.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/clock.h"
#include "kernel/klog.h"
#include "kernel/timer.h"
#include "smp/percpu.h"

#define APIC_TIMER_DIV_1	 0xb /* divide configuration: count at the timer's base rate */
#define APIC_TIMER_CALIBRATE_MS	 10
#define APIC_TIMER_MAX_COUNT	 UINT32_MAX

/*
 * Written once on the boot CPU by arch_timer_init_cpu before any timer is
 * armed; read-only afterwards, also by ring 0 (same address space).
 */
static bool timer_usable; /* a local APIC timer that counts (calibration worked) */
static bool timer_deadline_mode;
static uint64_t timer_count_mult; /* one-shot mode: timer counts per TSC tick, << 32 */

void apic_timer_arm_ring0(uint64_t deadline)
{
	if (timer_deadline_mode) {
		wrmsr(APIC_MSR_TSC_DEADLINE, deadline);
		return;
	}
	uint32_t count = 0; /* 0 stops the count */
	if (deadline) {
		uint64_t now = rdtsc();
		uint64_t delta = deadline > now ? deadline - now : 0;
		/* Round up: an early interrupt costs a re-arm, a late one costs accuracy. */
		unsigned __int128 c = ((unsigned __int128)delta * timer_count_mult >> 32) + 1;
		/* Beyond 2^32 counts the interrupt comes early and the queue arms again. */
		count = c > APIC_TIMER_MAX_COUNT ? APIC_TIMER_MAX_COUNT : (uint32_t)c;
	}
	apic_write(APIC_MSR_TIMER_INIT, count);
}

uint64_t apic_timer_init_ring0(uint64_t calibrate_ticks)
{
	apic_write(APIC_MSR_TIMER_DIV, APIC_TIMER_DIV_1);
	if (!calibrate_ticks)
		return 0;
	uint64_t lvt = apic_read(APIC_MSR_LVT_TIMER);
	apic_write(APIC_MSR_LVT_TIMER, lvt | APIC_LVT_MASKED);
	apic_write(APIC_MSR_TIMER_INIT, APIC_TIMER_MAX_COUNT);
	uint64_t t0 = rdtsc();
	uint32_t c0 = (uint32_t)apic_read(APIC_MSR_TIMER_CUR);
	uint64_t t1;
	while ((t1 = rdtsc()) - t0 < calibrate_ticks)
		cpu_relax();
	uint32_t c1 = (uint32_t)apic_read(APIC_MSR_TIMER_CUR);
	apic_write(APIC_MSR_TIMER_INIT, 0);
	apic_write(APIC_MSR_LVT_TIMER, lvt);
	return (uint64_t)(((unsigned __int128)(c0 - c1) << 32) / (t1 - t0));
}

const char *arch_timer_init_cpu(void)
{
	if (this_cpu()->id == 0) {
		uint32_t ecx = cpuid(X86_CPUID_FEATURES, 0).ecx;
		/* x2APIC or the memory-mapped xAPIC (apic.c): either has a timer. */
		timer_usable = true;
		/* apic_init_cpu chose the LVT's mode by the same CPUID bit. */
		timer_deadline_mode = ecx & X86_CPUID1_ECX_TSC_DEADLINE;
		if (timer_deadline_mode)
			kcall_fast_modes |= KCALL_FAST_DEADLINE; /* arming is one wrmsr */
		if (timer_usable && !timer_deadline_mode) {
			timer_count_mult = kcall(KCALL_TIMER_INIT,
						 clock_tsc_khz() * APIC_TIMER_CALIBRATE_MS, 0, 0);
			timer_usable = timer_count_mult != 0;
			uint64_t khz = (uint64_t)((unsigned __int128)clock_tsc_khz() *
						  timer_count_mult >> 32);
			klog("timer: no TSC-deadline mode; the APIC timer counts at %lu.%03lu MHz\n",
			     (unsigned long)(khz / 1000), (unsigned long)(khz % 1000));
		}
	} else if (timer_usable && !timer_deadline_mode) {
		kcall(KCALL_TIMER_INIT, 0, 0, 0);
	}
	if (!timer_usable)
		return NULL;
	return timer_deadline_mode ? "TSC-deadline" : "one-shot count";
}

void arch_timer_arm(uint64_t deadline)
{
	if (!timer_usable)
		return;
	kcall(KCALL_TIMER_ARM, deadline, 0, 0);
}

uint64_t arch_timer_fired(void)
{
	/* Written by this CPU's interrupt stub behind the compiler's back: load it every time. */
	return __atomic_load_n(&this_cpu()->irq_count[APIC_VEC_TIMER], __ATOMIC_RELAXED);
}
