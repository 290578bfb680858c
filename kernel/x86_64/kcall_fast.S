/* SPDX-License-Identifier: MIT */
/* The #UD entry: the scheduler's hot kernel calls in a few instructions, the rest in C. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/kcall.h"

/*
 * Under a software hypervisor (PVM, docs/pvm.md) every ring-0 instruction
 * is emulated, at ~0.5-0.8 µs each. The common trap path (isr.S: 15 pushes
 * and pops, trap_dispatch, kcall_trap, kcall_dispatch) is about a hundred
 * of them, ~90 µs per kernel call. The scheduler sends wake-up IPIs, arms
 * the deadline timer and idles all the time, so those three calls are
 * served here in about twenty instructions:
 *
 *   KCALL_APIC_ICR   wrmsr ICR          (x2APIC only: the xAPIC must wait
 *                                        for the previous IPI, apic_write)
 *   KCALL_TIMER_ARM  wrmsr TSC_DEADLINE (TSC-deadline mode only: one-shot
 *                                        mode converts and clamps counts)
 *   KCALL_IDLE       sti; hlt unless *seq != seen, as apic_idle_ring0
 *
 * kcall_fast_modes (set in ring 3 as apic.c and apic_timer.c choose the
 * modes) says which of the first two apply. Everything else, and any #UD
 * that is not a kernel call from the kernel's text, goes to the vector's
 * usual stub with the registers and the stack as the CPU left them, so
 * kcall_trap checks and reports it exactly as before.
 *
 * The same security check as kcall_trap comes first: only ud2 + "KC" lying
 * inside [__image_start, __text_end) is a kernel call. The four bytes are
 * read after the range check, so the read cannot leave the mapped text.
 *
 * Registers: as kcall() promises, all but %rax are preserved (%rcx and
 * %rdx, needed by wrmsr, are saved); %rax returns 0, as kcall_dispatch
 * does for these calls. Interrupts stay off (interrupt gate) except in the
 * sti; hlt window; the wake-up interrupt that ends the hlt runs on its own
 * stack (IST_IRQ, idt.c) and returns to the cli. iretq restores the
 * caller's RFLAGS, interrupt flag included.
 */

#define KCALL_INSN_WORD 0x434b0b0f /* ud2 (0f 0b) and "KC", one little-endian dword */
#define X86_VEC_UD	6
#define ISR_STUB_SIZE	16 /* isr.S aligns each vector's stub to 16 bytes (IDT_STUB_SIZE) */

	.section .text
	.globl kcall_fast_entry
	.type kcall_fast_entry, @function
kcall_fast_entry:
	/* #UD pushes no error code: (%rsp) is RIP, then CS, RFLAGS, RSP, SS. */
	pushq %rcx
	movq 8(%rsp), %rcx
	/* The image is linked at 2 MiB, far below 2 GiB: 32-bit immediates. */
	cmpq $__image_start, %rcx
	jb .Lslow
	cmpq $(__text_end - KCALL_INSN_LEN), %rcx
	ja .Lslow
	cmpl $KCALL_INSN_WORD, (%rcx)
	jne .Lslow

	cmpq $KCALL_TIMER_ARM, %rax
	jne .Lnot_timer
	testl $KCALL_FAST_DEADLINE, kcall_fast_modes(%rip)
	jz .Lslow
	movl $APIC_MSR_TSC_DEADLINE, %ecx
.Lwrmsr_rdi:
	/* wrmsr takes the value in %edx:%eax. */
	pushq %rdx
	movl %edi, %eax
	movq %rdi, %rdx
	shrq $32, %rdx
	wrmsr
	popq %rdx
.Ldone:
	xorl %eax, %eax
	addq $KCALL_INSN_LEN, 8(%rsp)
	popq %rcx
	iretq

.Lnot_timer:
	cmpq $KCALL_APIC_ICR, %rax
	jne .Lnot_icr
	testl $KCALL_FAST_ICR, kcall_fast_modes(%rip)
	jz .Lslow
	/*
	 * An x2APIC ICR write is not serializing: without the fences the IPI
	 * could reach the target before our caller's last stores (the work it
	 * is told about) are visible. mfence drains them; lfence keeps the
	 * wrmsr from starting before mfence is done (Linux: weak_wrmsr_fence).
	 */
	mfence
	lfence
	movl $APIC_MSR_ICR, %ecx
	jmp .Lwrmsr_rdi

.Lnot_icr:
	cmpq $KCALL_IDLE, %rax
	jne .Lslow
	/*
	 * With interrupts off since the #UD: a wake-up that bumped *seq after
	 * the caller read seen is either seen here or still pending, and then
	 * ends the hlt at once (sti delays interrupts by one instruction, so
	 * none slips in between sti and hlt).
	 */
	cmpq %rsi, (%rdi)
	jne .Ldone
	sti
	hlt
	cli
	jmp .Ldone

.Lslow:
	popq %rcx
	jmp isr_stubs + X86_VEC_UD * ISR_STUB_SIZE
	.size kcall_fast_entry, . - kcall_fast_entry
