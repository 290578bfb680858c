// SPDX-License-Identifier: MIT
/* The local APIC in x2APIC mode: set-up on each CPU, IPIs, idling until an interrupt. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/trap.h"

void apic_isr_timer(void);
void apic_isr_wake(void);
void apic_isr_spurious(void);

/*
 * Ring 0. Enabling goes through xAPIC mode (EN, then EN|EXTD): the SDM
 * forbids going from disabled straight to x2APIC. Under the eremit monitor
 * KVM's LAPIC starts enabled; under QEMU too, but no firmware promise.
 */
void apic_init_cpu(void)
{
	uint64_t base = rdmsr(APIC_MSR_BASE);
	if (!(base & APIC_BASE_EN))
		wrmsr(APIC_MSR_BASE, base | APIC_BASE_EN);
	if (!(base & APIC_BASE_EXTD))
		wrmsr(APIC_MSR_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
	wrmsr(APIC_MSR_SVR, APIC_SVR_ENABLE | APIC_VEC_SPURIOUS);
	/* No legacy PIC interrupts (LINT0), no LINT1 NMI, no error interrupts. */
	wrmsr(APIC_MSR_LVT_LINT0, APIC_LVT_MASKED);
	wrmsr(APIC_MSR_LVT_LINT1, APIC_LVT_MASKED);
	wrmsr(APIC_MSR_LVT_ERROR, APIC_LVT_MASKED);
	/* The timer: TSC-deadline mode when the CPU has it; disarmed until someone sleeps. */
	uint32_t lvt = APIC_VEC_TIMER;
	if (cpuid(X86_CPUID_FEATURES, 0).ecx & X86_CPUID1_ECX_TSC_DEADLINE)
		lvt |= APIC_LVT_TSC_DEADLINE;
	wrmsr(APIC_MSR_LVT_TIMER, lvt);
}

void apic_send(uint32_t dest, uint32_t icr_low)
{
	kcall(KCALL_APIC_ICR, (uint64_t)dest << 32 | icr_low, 0, 0);
}

void apic_idle(const _Atomic uint64_t *seq, uint64_t seen)
{
	kcall(KCALL_IDLE, (uintptr_t)seq, seen, 0);
}

/* Ring 0, interrupts off (we are in the #UD handler): sleep unless woken since `seen`. */
void apic_idle_ring0(const _Atomic uint64_t *seq, uint64_t seen)
{
	if (*seq == seen)
		__asm__ volatile("sti\n\thlt\n\tcli" ::: "memory"); /* sti shadows the hlt */
}

void apic_trap_init(void)
{
	trap_set_entry(APIC_VEC_TIMER, apic_isr_timer);
	trap_set_entry(APIC_VEC_WAKE, apic_isr_wake);
	trap_set_entry(APIC_VEC_SPURIOUS, apic_isr_spurious);
}
