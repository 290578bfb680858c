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
void apic_isr_timer_xapic(void);
void apic_isr_wake_xapic(void);

/*
 * x2APIC (MSRs) wherever the CPU has it; the memory-mapped xAPIC otherwise
 * (QEMU 7.2's TCG has no x2APIC). Chosen once by apic_trap_init on the boot
 * CPU; read-only afterwards, by ring 0 too. apic_xapic_eoi is read by the
 * xAPIC stubs (apic_isr.S).
 */
static volatile uint32_t *apic_mmio; /* NULL in x2APIC mode */
volatile uint32_t *apic_xapic_eoi;

#define APIC_XAPIC_ICR_BUSY (1u << 12) /* delivery status: the last IPI is still pending */

/* x2APIC register (MSR 0x800 + i) to its xAPIC MMIO word: offset i * 16. */
static volatile uint32_t *apic_mmio_reg(uint32_t msr)
{
	return apic_mmio + ((msr - 0x800) << 4) / sizeof(uint32_t);
}

void apic_write(uint32_t msr, uint64_t value)
{
	if (!apic_mmio) {
		wrmsr(msr, value);
		return;
	}
	if (msr == APIC_MSR_ICR) {
		while (*apic_mmio_reg(APIC_MSR_ICR) & APIC_XAPIC_ICR_BUSY)
			cpu_relax();
		apic_mmio_reg(APIC_MSR_ICR)[4] = (uint32_t)(value >> 32) << 24; /* ICR high, 0x310 */
	}
	*apic_mmio_reg(msr) = (uint32_t)value;
}

uint64_t apic_read(uint32_t msr)
{
	return apic_mmio ? *apic_mmio_reg(msr) : rdmsr(msr);
}

bool apic_is_x2apic(void)
{
	return !apic_mmio;
}

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
	if (!apic_mmio && !(base & APIC_BASE_EXTD))
		wrmsr(APIC_MSR_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
	apic_write(APIC_MSR_SVR, APIC_SVR_ENABLE | APIC_VEC_SPURIOUS);
	/* No legacy PIC interrupts (LINT0), no LINT1 NMI, no error interrupts. */
	apic_write(APIC_MSR_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_MSR_LVT_LINT1, APIC_LVT_MASKED);
	apic_write(APIC_MSR_LVT_ERROR, APIC_LVT_MASKED);
	/* The timer: TSC-deadline mode when the CPU has it; disarmed until someone sleeps. */
	uint32_t lvt = APIC_VEC_TIMER;
	if (cpuid(X86_CPUID_FEATURES, 0).ecx & X86_CPUID1_ECX_TSC_DEADLINE)
		lvt |= APIC_LVT_TSC_DEADLINE;
	apic_write(APIC_MSR_LVT_TIMER, lvt);
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
	bool x2 = cpuid(X86_CPUID_FEATURES, 0).ecx & X86_CPUID1_ECX_X2APIC;
	if (!x2) {
		/* The registers' page: mapped by paging_init (paging_map_mmio) before APIC init. */
		apic_mmio = (volatile uint32_t *)(uintptr_t)APIC_XAPIC_BASE;
		apic_xapic_eoi = apic_mmio_reg(APIC_MSR_EOI);
	} else {
		kcall_fast_modes |= KCALL_FAST_ICR; /* an IPI is one wrmsr */
	}
	trap_set_entry(APIC_VEC_TIMER, x2 ? apic_isr_timer : apic_isr_timer_xapic);
	trap_set_entry(APIC_VEC_WAKE, x2 ? apic_isr_wake : apic_isr_wake_xapic);
	trap_set_entry(APIC_VEC_SPURIOUS, apic_isr_spurious);
}
