/* SPDX-License-Identifier: MIT */
/* Where an application processor starts: 64-bit, ring 0, its own stack, %rdi = its index. */

	.section .text
/*
 * Both runners get here the same way: the eremit monitor starts the vCPU
 * here directly (EREMIT_HC_CPU_START), QEMU's APs through the real-mode
 * trampoline after INIT-SIPI-SIPI. Paging is on with the kernel's tables,
 * interrupts are off, the GDT is a loader's: smp_ap_main loads ours.
 */
	.globl smp_ap_entry
	.type smp_ap_entry, @function
smp_ap_entry:
	cli
	cld
	xorl %ebp, %ebp
	call smp_ap_main
	ud2
	.size smp_ap_entry, . - smp_ap_entry
