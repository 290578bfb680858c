/* SPDX-License-Identifier: MIT */
/* Switching threads: all in ring 3, a function call's worth of state. */

	.section .text
/*
 * void sched_switch(uint64_t *save_rsp, uint64_t next_rsp,
 *                   _Atomic uint32_t *prev_on_cpu, uint64_t next_fs);
 *
 * A switch is always a function call (a preempted thread entered the
 * scheduler through sched_irq_entry, which saved everything else on its own
 * stack), so only what the SysV ABI says a callee preserves is saved: the
 * six callee-saved registers, MXCSR's control bits and the x87 control
 * word. Vector registers are caller-saved; not touching them is what makes
 * a yield cheaper than Linux's, which saves the whole XSAVE area.
 *
 * Once the stack pointer is the next thread's, the previous thread's
 * context is complete in memory and another CPU may run it: *prev_on_cpu
 * goes to 0 then, and not before (a plain store is a release on x86).
 * The TLS base (FS) follows the thread: wrfsbase in ring 3 when the CPU
 * allows it, else a kernel call.
 */
	.globl sched_switch
	.type sched_switch, @function
sched_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	movl $0, (%rdx)
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	cmpb $0, sched_fsgsbase(%rip)
	je 1f
	wrfsbase %rcx
2:	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
1:	/* kcall(KCALL_SET_FS_BASE, base): ud2 "KC", number in %rax, argument in %rdi */
	movl $2, %eax
	movq %rcx, %rdi
	ud2
	.byte 0x4b, 0x43
	jmp 2b
	.size sched_switch, . - sched_switch

/*
 * The first "return" of a new thread: sched_switch pops the registers
 * thread_create laid out, so %r12 holds the thread. The stack is 16-byte
 * aligned here, as at a call site.
 */
	.globl sched_thread_entry
	.type sched_thread_entry, @function
sched_thread_entry:
	movq %r12, %rdi
	call thread_start	/* does not return */
	ud2
	.size sched_thread_entry, . - sched_thread_entry
