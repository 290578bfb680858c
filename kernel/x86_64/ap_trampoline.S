/* SPDX-License-Identifier: MIT */
/* Real mode to long mode for an application processor woken by INIT-SIPI-SIPI under QEMU. */
#include "arch/x86_64/ap_trampoline.h"
#include "arch/x86_64/x86.h"

/*
 * Copied to AP_TRAMPOLINE_PA and run there: the AP starts in real mode with
 * CS = AP_TRAMPOLINE_PA >> 4 and IP = 0. The page's address is fixed, so
 * every absolute address below is known when assembling (ABS). Nothing here
 * uses a stack: the AP gets one only with its last jump.
 */
#define ABS(x) (AP_TRAMPOLINE_PA + (x) - ap_trampoline_start)

	.section .rodata
	.balign 16
	.globl ap_trampoline_start
ap_trampoline_start:
	.code16
	cli
	cld
	lgdtl %cs:(ap_tp_gdt_desc - ap_trampoline_start)
	movl %cr0, %eax
	orl $X86_CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $AP_SEL_CODE32, $ABS(ap_tp_protected)

	.code32
ap_tp_protected:
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $AP_TRAMPOLINE_PML4, %eax
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl AP_TRAMPOLINE_PA + AP_TP_EFER, %eax
	wrmsr
	/*
	 * CR0 as the boot CPU has it, caches on: after INIT, CD and NW are
	 * set, and under KVM's shadow paging a CPU running with caching off
	 * changes memory types for all (it made the boot CPU fault).
	 */
	movl $(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | X86_CR0_MP | X86_CR0_PE), %eax
	movl %eax, %cr0
	ljmpl $X86_SEL_CODE64, $ABS(ap_tp_long)

	.code64
ap_tp_long:
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	/* Every parameter into a register before STARTED frees the page for the next AP. */
	movq AP_TRAMPOLINE_PA + AP_TP_KERNEL_CR3, %rax
	movq AP_TRAMPOLINE_PA + AP_TP_RSP, %rsp
	movq AP_TRAMPOLINE_PA + AP_TP_ARG, %rdi
	movq AP_TRAMPOLINE_PA + AP_TP_RIP, %rsi
	movq AP_TRAMPOLINE_PA + AP_TP_FINISH, %rdx
	movl $1, AP_TRAMPOLINE_PA + AP_TP_STARTED
	jmpq *%rdx

	.balign 8
ap_tp_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* X86_SEL_CODE64: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* X86_SEL_DATA */
	.quad 0x00cf9a000000ffff	/* AP_SEL_CODE32 */
ap_tp_gdt_desc:
	.word ap_tp_gdt_desc - ap_tp_gdt - 1
	.long ABS(ap_tp_gdt)
	/* The parameter block, zero until filled; .org fails if the code ran into it. */
	.org ap_trampoline_start + AP_TP_PARAMS
	.skip AP_TP_STARTED + 4 - AP_TP_PARAMS
	.globl ap_trampoline_end
ap_trampoline_end:

/*
 * In kernel text, reached from the trampoline on its identity map: the
 * kernel's tables map the trampoline page no-execute, so the switch to
 * them (%rax) happens here, then on to the entry (%rsi) on the new stack.
 */
	.text
	.globl ap_trampoline_finish
	.type ap_trampoline_finish, @function
ap_trampoline_finish:
	movq %rax, %cr3
	jmpq *%rsi
	.size ap_trampoline_finish, . - ap_trampoline_finish
