/* SPDX-License-Identifier: MIT */
/* The image's two entry points: the monitor's (64-bit) and QEMU's PVH (32-bit). */
#include "arch/x86_64/x86.h"
#include "arch/x86_64/pvh.h"
#include "kernel/boot.h"

/*
 * QEMU finds the 32-bit entry through this note. Its loader aligns the name
 * to the note segment's alignment and reads an 8-byte address, so the note
 * is 4-aligned and the descriptor a .quad.
 */
	.section .note.Xen, "a"
	.balign 4
	.long 4
	.long 8
	.long PVH_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad pvh_start32
	.balign 4

	.section .text.boot, "ax"

/* Memory above the image that the boot tables map for the first frames. */
#define PVH_MAP_SLACK 0x4000000

/*
 * Monitor entry: long mode, paging on with guest memory identity-mapped,
 * %rdi = boot information. Record the TSC first, for boot-time accounting.
 */
	.code64
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, boot_entry_tsc(%rip)
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	call boot_from_monitor
	ud2
	.size _start, . - _start

/*
 * PVH entry: 32-bit protected mode, flat segments, paging off, %ebx = start
 * info. Identity-map the GiBs holding the image with 2 MiB user-accessible
 * pages (the boot structures lie below it; the kernel drops to ring 3 on
 * them and replaces them soon), then enter long mode.
 */
	.code32
	.globl pvh_start32
	.type pvh_start32, @function
pvh_start32:
	cli
	cld
	movl %ebx, %esi
	rdtsc
	movl %eax, boot_entry_tsc
	movl %edx, boot_entry_tsc + 4

	/*
	 * Map whole GiBs up to the end of the image plus some slack for the
	 * first page-table frames (at most the four PDs below): under a
	 * software hypervisor every iteration here is emulated, and the kernel
	 * touches nothing else before it loads its own tables.
	 */
	movl $__image_end, %edx
	addl $(PVH_MAP_SLACK + 0x3fffffff), %edx
	jc 2f			/* past 4 GiB: map all four */
	shrl $30, %edx
	cmpl $4, %edx
	jbe 0f
2:	movl $4, %edx
0:	shll $9, %edx
	movl $pvh_pd, %edi
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(X86_PTE_P | X86_PTE_W | X86_PTE_U | X86_PTE_PS), %eax
	movl %eax, (%edi, %ecx, 8)
	incl %ecx
	cmpl %edx, %ecx
	jb 1b

	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $12, %eax
	addl $pvh_pd, %eax
	orl $(X86_PTE_P | X86_PTE_W | X86_PTE_U), %eax
	movl %eax, pvh_pdpt(, %ecx, 8)
	incl %ecx
	cmpl $4, %ecx
	jb 2b
	movl $pvh_pdpt, %eax
	orl $(X86_PTE_P | X86_PTE_W | X86_PTE_U), %eax
	movl %eax, pvh_pml4

	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $pvh_pml4, %eax
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl $X86_EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_PE), %eax
	movl %eax, %cr0
	lgdt pvh_gdt_desc
	ljmp $X86_SEL_CODE64, $pvh_start64

	.code64
pvh_start64:
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	movl %esi, %edi
	call boot_from_pvh
	ud2
	.size pvh_start32, . - pvh_start32

	.section .rodata
	.balign 8
pvh_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* data, DPL 0 */
pvh_gdt_desc:
	.word pvh_gdt_desc - pvh_gdt - 1
	.long pvh_gdt

	.section .bss
	.balign 4096
pvh_pml4:	.skip 4096
pvh_pdpt:	.skip 4096
	.globl pvh_pd	/* acpi_boot.c maps the ACPI tables' pages here */
pvh_pd:		.skip 4 * 4096

/*
 * The boot stack, which main() runs on. The page below it is left unmapped
 * by the kernel's page tables, so an overflow faults instead of corrupting
 * .bss.
 */
	.balign 4096
	.globl boot_stack_guard
boot_stack_guard:
	.skip 4096
	.globl boot_stack_bottom
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:

	.section .data
	.balign 8
	.globl boot_entry_tsc
boot_entry_tsc:
	.quad 0
