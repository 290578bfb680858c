/* SPDX-License-Identifier: MIT */
/*
 * Monitor test fixture for --pin and --timeout: one read hypercall on stdin,
 * which blocks the vCPU thread in the monitor's read() until stdin has data
 * or is closed, then exit with status 0.
 */
#include "fixture.h"

	.text
	.globl _start
_start:
	HC_INIT
	movq $0, io+IO_FD(%rip)
	lea buf(%rip), %rax
	mov %rax, io+IO_BUF(%rip)
	movq $1, io+IO_LEN(%rip)
	HC(HC_READ, io)
	movl $0, exitblk(%rip)
	HC(HC_EXIT, exitblk)
	ud2

	.data
	.balign 8
io:	.quad 0, 0, 0, 0
exitblk: .long 0, 0
buf:	.quad 0
