/* SPDX-License-Identifier: MIT */
/*
 * Monitor test fixture for --timeout: spins forever without an exit. The
 * same two bytes (jmp to itself) run as the monitor's 64-bit entry and as
 * QEMU's 32-bit PVH entry.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .note.Xen, "a"
	.balign 4
	.long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long _start

	.text
	.globl _start
_start:
	jmp _start
