/* SPDX-License-Identifier: MIT */
/*
 * Monitor test fixture for timing the hypercall round trip: 10000 write
 * hypercalls of 0 bytes to stdout from ring 0, then exit 0 (1 if one failed).
 */
#include "fixture.h"

#define CALLS 10000

	.text
	.globl _start
_start:
	HC_INIT
	movq $1, io+IO_FD(%rip)
	lea io(%rip), %rbx
	mov $CALLS, %ecx
1:	HC_REG(HC_WRITE, %rbx)
	cmpq $0, io+IO_RET(%rip)
	jne 2f
	dec %ecx
	jnz 1b
	movl $0, exitblk(%rip)
	HC(HC_EXIT, exitblk)
	ud2
2:	movl $1, exitblk(%rip)
	HC(HC_EXIT, exitblk)
	ud2

	.data
	.balign 8
io:	.quad 0, 0x200000, 0, 0x55
exitblk: .long 0, 0
