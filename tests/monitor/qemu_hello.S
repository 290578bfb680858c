/* SPDX-License-Identifier: MIT */
/*
 * Monitor test fixture for --qemu: a PVH (32-bit) entry that prints "hi" on
 * COM1 (stdout), "err" on COM2 (stderr), a log line and the exit tag for
 * status 7 on COM3, then exits through isa-debug-exit. Built with -DNOTAG it
 * leaves out the tag, as a kernel that dies would.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define COM1 0x3f8
#define COM2 0x2f8
#define COM3 0x3e8
#define DEBUG_EXIT 0xf4

	.section .note.Xen, "a"
	.balign 4
	.long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long _start

	.text
	.code32
	.globl _start
/* puts(port %dx, string %esi, length %ecx) */
#define PUTS(port, str) mov $port, %dx; mov $str, %esi; mov $(str##_end - str), %ecx; rep outsb
_start:
	PUTS(COM1, out)
	PUTS(COM2, err)
	PUTS(COM3, log)
#ifndef NOTAG
	PUTS(COM3, tag)
#endif
	mov $DEBUG_EXIT, %dx
	mov $7, %eax
	outl %eax, %dx
	cli
1:	hlt
	jmp 1b

	.data
out:	.ascii "hi\n"
out_end:
err:	.ascii "err\n"
err_end:
log:	.ascii "kernel log line\r\n"
log_end:
tag:	.ascii "\036eremit-exit 7\n"
tag_end:
