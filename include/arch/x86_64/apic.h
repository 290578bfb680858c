/* SPDX-License-Identifier: MIT */
/* The local APIC in x2APIC mode: vectors, EOI, IPIs, the timer, idling. */
#ifndef ARCH_X86_64_APIC_H
#define ARCH_X86_64_APIC_H

/*
 * Interrupt vectors the kernel uses. Wake-up vectors (timer and IPIs) enter
 * through short dedicated stubs (apic_isr.S) that count the interrupt, bump
 * this_cpu()->wake_seq and send EOI: under a software hypervisor every
 * ring-0 instruction is emulated (docs/pvm.md: ~0.8 µs each), so the work an
 * interrupt causes is done by the interrupted CPU in ring 3, not in the
 * handler.
 */
#define APIC_VEC_TIMER	  0xf0 /* TSC-deadline or one-shot timer */
#define APIC_VEC_WAKE	  0xf1 /* IPI: look at your mailbox / queues */
#define APIC_VEC_SPURIOUS 0xff

/* x2APIC MSRs (Intel SDM vol. 3, 11.12.1.2). */
#define APIC_MSR_BASE	    0x1b
#define APIC_BASE_EXTD	    (1u << 10) /* x2APIC mode */
#define APIC_BASE_EN	    (1u << 11)
#define APIC_MSR_ID	    0x802
#define APIC_MSR_EOI	    0x80b
#define APIC_MSR_SVR	    0x80f
#define APIC_MSR_ICR	    0x830
#define APIC_MSR_LVT_TIMER  0x832
#define APIC_MSR_LVT_LINT0  0x835
#define APIC_MSR_LVT_LINT1  0x836
#define APIC_MSR_LVT_ERROR  0x837
#define APIC_MSR_TIMER_INIT 0x838
#define APIC_MSR_TIMER_CUR  0x839
#define APIC_MSR_TIMER_DIV  0x83e
#define APIC_MSR_TSC_DEADLINE 0x6e0

#define APIC_SVR_ENABLE	     (1u << 8)
#define APIC_LVT_MASKED	     (1u << 16)
#define APIC_LVT_TSC_DEADLINE (2u << 17)
#define APIC_ICR_FIXED	     (0u << 8)
#define APIC_ICR_NMI	     (4u << 8)
#define APIC_ICR_INIT	     (5u << 8)
#define APIC_ICR_STARTUP     (6u << 8)
#define APIC_ICR_ASSERT	     (1u << 14)
#define APIC_ICR_LEVEL	     (1u << 15)
#define APIC_ICR_SELF	     (1u << 18)
#define APIC_ICR_ALL	     (2u << 18)
#define APIC_ICR_OTHERS	     (3u << 18)

/* The xAPIC's registers when there is no x2APIC: where firmware leaves them. */
#define APIC_XAPIC_BASE 0xfee00000ull

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/*
 * A local APIC register, named by its x2APIC MSR, in whichever mode the CPU
 * runs: an MSR access, or the xAPIC's memory-mapped word (the ICR as its two
 * halves, after the previous IPI left). Ring 0.
 */
void apic_write(uint32_t msr, uint64_t value);
uint64_t apic_read(uint32_t msr);

/* True once apic_trap_init chose x2APIC mode (false: the xAPIC, memory-mapped). */
bool apic_is_x2apic(void);

/*
 * Ring 0, on each CPU as it comes up: x2APIC mode, software-enabled with the
 * spurious vector, LINT0/1 and the error LVT masked, the timer LVT on
 * APIC_VEC_TIMER (TSC-deadline mode when the CPU has it) and disarmed.
 */
void apic_init_cpu(void);

/* Sends an interrupt command (APIC_ICR_* | vector) to x2APIC ID dest. Any ring. */
void apic_send(uint32_t dest, uint32_t icr_low);

/*
 * Idle until an interrupt arrives, unless *seq (this CPU's wake_seq) no
 * longer equals seen: checked in ring 0 with interrupts off, then `sti; hlt`,
 * so a wake-up between the caller's last look and the halt is never lost.
 */
void apic_idle(const _Atomic uint64_t *seq, uint64_t seen);

/* The ring-0 half of apic_idle (KCALL_IDLE). */
void apic_idle_ring0(const _Atomic uint64_t *seq, uint64_t seen);

/*
 * Ring 3, boot CPU, before apic_init_cpu: picks x2APIC or xAPIC mode by
 * CPUID and installs the wake-up stubs (apic_isr.S) for the kernel's vectors.
 */
void apic_trap_init(void);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_X86_64_APIC_H */
