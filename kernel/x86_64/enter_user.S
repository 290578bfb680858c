/* SPDX-License-Identifier: MIT */
/* Leaving ring 0 for ring 3 once the boot CPU is set up. */
#include "arch/x86_64/x86.h"

	.section .text
/*
 * kcall_enter_user(fn, stack): iretq into ring 3 with interrupts off. fn
 * starts as if called: a (zero) return address below a 16-byte-aligned top.
 */
	.globl kcall_enter_user
	.type kcall_enter_user, @function
kcall_enter_user:
	subq $8, %rsi
	movq $0, (%rsi)
	pushq $X86_SEL_USER_DATA	/* SS */
	pushq %rsi			/* RSP */
	pushq $X86_RFLAGS_FIXED		/* RFLAGS: interrupts off, IOPL 0 */
	pushq $X86_SEL_USER_CODE	/* CS */
	pushq %rdi			/* RIP */
	xorl %ebp, %ebp
	iretq
	.size kcall_enter_user, . - kcall_enter_user
