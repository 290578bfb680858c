/* SPDX-License-Identifier: MIT */
/*
 * Monitor test fixture: hypercalls with bad addresses and lengths. The monitor
 * must survive each and answer -EFAULT (or -EBADF) in the block. Exits 42 when
 * every answer was right, else with the number of the first wrong check.
 * With more arguments it misbehaves on purpose instead:
 *   argc 2: unknown hypercall 99  (monitor exits 123)
 *   argc 3: hlt with interrupts off (122)
 *   argc 4: triple fault          (122)
 *   argc 5: exit with a misaligned block (123)
 *   argc 6: read from an I/O port nobody backs (123)
 */
#include "fixture.h"

/* Sets up io = {fd, buf, len, ret = 0x55}, calls nr, expects ret == want, else exit n. */
#define CHECK(n, nr, fd, buf, len, want) \
	movq $(fd), io+IO_FD(%rip); \
	movabs $(buf), %rax; mov %rax, io+IO_BUF(%rip); \
	movabs $(len), %rax; mov %rax, io+IO_LEN(%rip); \
	movq $0x55, io+IO_RET(%rip); \
	HC(nr, io); \
	cmpq $(want), io+IO_RET(%rip); \
	movl $(n), %ebx; \
	jne fail

	.text
	.globl _start
_start:
	mov BI_ARGC(%rdi), %ecx
	cmp $2, %ecx; je unknown
	cmp $3, %ecx; je halt
	cmp $4, %ecx; je triple
	cmp $5, %ecx; je misaligned
	cmp $6, %ecx; je badport

	/* Buffers beyond guest memory, overflowing, or not there at all. */
	CHECK(1, HC_WRITE, 1, 0xffffffff00000000, 16, -EFAULT)
	CHECK(2, HC_WRITE, 2, 0x200000, 0xffffffffffffffff, -EFAULT)
	CHECK(3, HC_WRITE, 1, 0xfffffffffffff000, 0x2000, -EFAULT)
	CHECK(4, HC_READ, 0, 0x7fffffffffffffff, 1, -EFAULT)
	CHECK(5, HC_READ, 0, 0x200000, 0x8000000000000000, -EFAULT)
	CHECK(6, HC_LOG, 0, 0x4000000000, 8, -EFAULT)
	CHECK(7, HC_LOG, 0, 0x200000, 0xfffffffffffffff0, -EFAULT)
	/* Wrong file descriptors. */
	CHECK(8, HC_WRITE, 0, 0x200000, 4, -EBADF)
	CHECK(9, HC_WRITE, -1, 0x200000, 4, -EBADF)
	CHECK(10, HC_READ, 1, 0x200000, 4, -EBADF)
	/* Zero bytes is a valid write. */
	CHECK(11, HC_WRITE, 1, 0x200000, 0, 0)
	/* Argument blocks that are misaligned or outside memory are ignored. */
	mov $0xfffffff8, %eax; mov $(HC_PORT + HC_WRITE), %dx; outl %eax, %dx
	lea io+1(%rip), %rax; mov $(HC_PORT + HC_WRITE), %dx; outl %eax, %dx
	mov $0x7ffffff8, %eax; mov $(HC_PORT + HC_READ), %dx; outl %eax, %dx
	movl $42, %ebx
fail:
	movl %ebx, exitblk(%rip)
	HC(HC_EXIT, exitblk)
	ud2

unknown:
	mov $(HC_PORT + 99), %dx; outl %eax, %dx
	ud2
halt:
	cli
	hlt
	ud2
triple:
	lidt nullidt(%rip)
	ud2     /* #UD, #GP on the empty IDT, then #DF: shutdown (int3 would be emulated) */
misaligned:
	lea exitblk+4(%rip), %rax; mov $(HC_PORT + HC_EXIT), %dx; outl %eax, %dx
	ud2
badport:
	mov $0x60, %dx; inb %dx, %al
	ud2

	.data
	.balign 8
io:	.quad 0, 0, 0, 0
exitblk: .long 0, 0
nullidt: .word 0
	.quad 0
