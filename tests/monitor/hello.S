/* SPDX-License-Identifier: MIT */
/*
 * Monitor test fixture: prints "hi" (or its argv[1]) and a newline on stdout
 * through the write hypercall, then exits with status 7.
 */
#include "fixture.h"

	.text
	.globl _start
_start:
	HC_INIT
	lea msg(%rip), %rsi
	mov $2, %rcx
	cmpl $2, BI_ARGC(%rdi)
	jb print
	mov BI_ARGS_GPA(%rdi), %rsi   /* argv[0] */
1:	lodsb                         /* skip it: %rsi = argv[1] */
	test %al, %al
	jnz 1b
	xor %ecx, %ecx
2:	cmpb $0, (%rsi, %rcx)
	je print
	inc %rcx
	jmp 2b
print:
	movq $1, io+IO_FD(%rip)
	mov %rsi, io+IO_BUF(%rip)
	mov %rcx, io+IO_LEN(%rip)
	HC(HC_WRITE, io)
	lea nl(%rip), %rsi
	mov %rsi, io+IO_BUF(%rip)
	movq $1, io+IO_LEN(%rip)
	HC(HC_WRITE, io)
	movl $7, exitblk(%rip)
	HC(HC_EXIT, exitblk)
	ud2

	.data
	.balign 8
io:	.quad 0, 0, 0, 0
exitblk: .long 0, 0
msg:	.ascii "hi"
nl:	.ascii "\n"
