/* SPDX-License-Identifier: MIT */
/* Wake-up interrupts: count, bump wake_seq, EOI, hand ring 3 to the scheduler. Nothing else in ring 0. */
#include "arch/x86_64/apic.h"
#include "smp/percpu.h"

/*
 * Under a software hypervisor each instruction here is emulated (about
 * 0.8 µs each, docs/pvm.md), so these stubs are a dozen instructions instead
 * of the common trap path's hundred. They run on the interrupt stack (IST)
 * and touch only this CPU's struct cpu through %gs, whose base is the same in
 * ring 0 and ring 3 (the kernel never uses swapgs). Whoever waits for the
 * event sees wake_seq change and does the work in ring 3.
 *
 * With the scheduler running (sched_on), a timer or wake-up interrupt that
 * came in ring 3 returns into sched_irq_entry (runtime/x86_64/) as if the
 * thread had called it: the interrupted %rip goes below the thread's red
 * zone, the frame's %rip and %rsp are changed, six instructions. One that
 * came in ring 0 (a kernel call) marks sched_pending for ring 3 to see.
 * The frame after our three pushes: %rip at 24, %cs at 32, %rsp at 48.
 */
.macro APIC_WAKE_STUB name, vector, eoi, sched
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
	.if \sched == 1
	cmpl $0, %gs:CPU_OFF_SCHED_ON
	je 2f
	testb $3, 32(%rsp)
	jz 1f
	movq 48(%rsp), %rax
	subq $136, %rax
	movq 24(%rsp), %rcx
	movq %rcx, (%rax)
	movq %rax, 48(%rsp)
	leaq sched_irq_entry(%rip), %rcx
	movq %rcx, 24(%rsp)
	jmp 2f
1:	movl $1, %gs:CPU_OFF_PENDING
2:
	.endif
	popq %rdx
	popq %rcx
	popq %rax
	iretq
	.size \name, . - \name
.endm

	.section .text
APIC_WAKE_STUB apic_isr_timer, APIC_VEC_TIMER, 1, 1
APIC_WAKE_STUB apic_isr_wake, APIC_VEC_WAKE, 1, 1
/* The same with a memory-mapped xAPIC (no x2APIC: QEMU's TCG). */
APIC_WAKE_STUB apic_isr_timer_xapic, APIC_VEC_TIMER, 2, 1
APIC_WAKE_STUB apic_isr_wake_xapic, APIC_VEC_WAKE, 2, 1
/* A spurious interrupt is not in service: it must not be acknowledged. */
APIC_WAKE_STUB apic_isr_spurious, APIC_VEC_SPURIOUS, 0, 0
