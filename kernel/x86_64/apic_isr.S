/* SPDX-License-Identifier: MIT */
/* Wake-up interrupts: count, bump wake_seq, EOI, return. Nothing else in ring 0. */
#include "arch/x86_64/apic.h"
#include "smp/percpu.h"

/*
 * Under a software hypervisor each instruction here is emulated (about
 * 0.8 µs each, docs/pvm.md), so these stubs are a dozen instructions instead
 * of the common trap path's hundred. They run on the interrupt stack (IST)
 * and touch only this CPU's struct cpu through %gs, whose base is the same in
 * ring 0 and ring 3 (the kernel never uses swapgs). Whoever waits for the
 * event sees wake_seq change and does the work in ring 3.
 */
.macro APIC_WAKE_STUB name, vector, eoi
	.globl \name
	.type \name, @function
\name:
	pushq %rax
	pushq %rcx
	pushq %rdx
	incq %gs:(CPU_OFF_IRQ_COUNT + 8 * \vector)
	incq %gs:CPU_OFF_WAKE_SEQ
	.if \eoi == 1
	movl $APIC_MSR_EOI, %ecx
	xorl %eax, %eax
	xorl %edx, %edx
	wrmsr
	.elseif \eoi == 2
	movq apic_xapic_eoi(%rip), %rax
	movl $0, (%rax)
	.endif
	popq %rdx
	popq %rcx
	popq %rax
	iretq
	.size \name, . - \name
.endm

	.section .text
APIC_WAKE_STUB apic_isr_timer, APIC_VEC_TIMER, 1
APIC_WAKE_STUB apic_isr_wake, APIC_VEC_WAKE, 1
/* The same with a memory-mapped xAPIC (no x2APIC: QEMU's TCG). */
APIC_WAKE_STUB apic_isr_timer_xapic, APIC_VEC_TIMER, 2
APIC_WAKE_STUB apic_isr_wake_xapic, APIC_VEC_WAKE, 2
/* A spurious interrupt is not in service: it must not be acknowledged. */
APIC_WAKE_STUB apic_isr_spurious, APIC_VEC_SPURIOUS, 0
