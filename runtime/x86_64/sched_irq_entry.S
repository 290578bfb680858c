/* SPDX-License-Identifier: MIT */
/* Where a timer or wake-up interrupt taken in ring 3 continues: the scheduler, in ring 3. */

/*
 * The interrupt stubs (kernel/x86_64/apic_isr.S) run in ring 0, where every
 * instruction is emulated under PVM, so they do not schedule: when the
 * interrupt came in ring 3 they make the interrupted thread "call" this
 * entry, as a signal handler is entered: they store the interrupted %rip
 * 136 bytes below the thread's %rsp (below the 128-byte red zone, which the
 * application's code may be using) and continue here with %rsp pointing at
 * it. Every register and the flags are as the thread left them.
 *
 * This saves everything the interrupted code may hold: flags, the
 * caller-saved integer registers (sched_interrupt preserves the rest), and
 * the whole FPU/SSE/AVX state with XSAVE (FXSAVE without it) in a 64-byte
 * aligned area below. Then the scheduler may switch to another thread;
 * when this one runs again it comes back here, restores, and `ret 128`
 * returns to the interrupted instruction with the red zone skipped back.
 */
	.section .text
	.globl sched_irq_entry
	.type sched_irq_entry, @function
sched_irq_entry:
	pushfq
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbp
	cld			/* the ABI wants DF clear at calls; popfq restores it */
	movq %rsp, %rbp
	andq $-64, %rsp
	subq sched_xsave_size(%rip), %rsp
	cmpb $0, sched_xsave(%rip)
	je 1f
	/*
	 * The 64-byte header must be zero before XSAVE: XSAVE sets only the
	 * XSTATE_BV bits of features XCR0 enables and leaves the others (and
	 * XCOMP_BV and the reserved bytes) as the stack had them, and XRSTOR
	 * faults (#GP) on any such bit.
	 */
	xorl %eax, %eax
	movq %rax, 512(%rsp)
	movq %rax, 520(%rsp)
	movq %rax, 528(%rsp)
	movq %rax, 536(%rsp)
	movq %rax, 544(%rsp)
	movq %rax, 552(%rsp)
	movq %rax, 560(%rsp)
	movq %rax, 568(%rsp)
	movl $-1, %eax
	movl $-1, %edx
	xsave64 (%rsp)
	call sched_interrupt
	movl $-1, %eax
	movl $-1, %edx
	xrstor64 (%rsp)
	jmp 2f
1:	fxsave64 (%rsp)
	call sched_interrupt
	fxrstor64 (%rsp)
2:	movq %rbp, %rsp
	popq %rbp
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	popfq
	ret $128
	.size sched_irq_entry, . - sched_irq_entry
