/* SPDX-License-Identifier: MIT */
/*
 * Monitor test fixture: hypercalls with bad addresses and lengths. The monitor
 * must survive each and answer -errno (-EFAULT, -EBADF, -EACCES...) in the
 * block, for every hypercall number, or ignore a
 * call whose block it cannot write. Exits 42 when every answer was right,
 * else with the number of the first wrong check. With an argument it
 * misbehaves on purpose instead, chosen by the argument's first letter:
 *   u  store at offset 8 * EREMIT_HC_COUNT: unknown hypercall (monitor: 123)
 *   s  4-byte store to the hypercall page (123)
 *   r  8-byte read from the hypercall page (123)
 *   m  8-byte store at offset 4 of the page, misaligned (123)
 *   g  8-byte store just past the hypercall page, outside memory (123)
 *   a  exit hypercall with a misaligned block (123)
 *   o  exit hypercall with its block above guest memory (123)
 *   p  in from an I/O port (123)
 *   q  out to 0x500, the old hypercall port (123)
 *   h  hlt with interrupts off (122)
 *   t  triple fault (122)
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
/* A call on the zeroed 64-byte block blk: set fields with SET, then CALLCHK. */
#define CLEAR call clear_blk
#define SET(off, val) movabs $(val), %rax; mov %rax, blk+(off)(%rip)
#define SETADDR(off, label) lea label(%rip), %rax; mov %rax, blk+(off)(%rip)
#define CALLCHK(n, nr, retoff, want) \
	movq $0x55, blk+(retoff)(%rip); \
	HC(nr, blk); \
	cmpq $(want), blk+(retoff)(%rip); \
	movl $(n), %ebx; \
	jne fail
/* Jumps to label when the case letter in %al is c. */
#define CASE(c, label) cmp $(c), %al; je label

	.text
	.globl _start
_start:
	HC_INIT
	lea stack_top(%rip), %rsp
	mov BI_MEM_SIZE(%rdi), %r14
	cmpl $2, BI_ARGC(%rdi)
	jb checks
	mov BI_ARGS_GPA(%rdi), %rsi   /* argv[0] */
1:	lodsb                         /* skip it: %rsi = argv[1] */
	test %al, %al
	jnz 1b
	lodsb
	CASE('u', unknown)
	CASE('s', short_store)
	CASE('r', page_read)
	CASE('m', misaligned_store)
	CASE('g', past_page)
	CASE('a', exit_misaligned)
	CASE('o', exit_outside)
	CASE('p', port_in)
	CASE('q', old_port)
	CASE('h', halt)
	CASE('t', triple)
	movl $100, %ebx               /* an unknown case letter */
	jmp fail

checks:
	/* Buffers beyond guest memory, overflowing, or not there at all. */
	CHECK(1, HC_WRITE, 1, 0xffffffff00000000, 16, -EFAULT)
	CHECK(2, HC_WRITE, 2, 0x200000, 0xffffffffffffffff, -EFAULT)
	CHECK(3, HC_WRITE, 1, 0xfffffffffffff000, 0x2000, -EFAULT)
	CHECK(4, HC_READ, 0, 0x7fffffffffffffff, 1, -EFAULT)
	CHECK(5, HC_READ, 0, 0x200000, 0x8000000000000000, -EFAULT)
	CHECK(6, HC_LOG, 0, 0x8000000000, 8, -EFAULT)
	CHECK(7, HC_LOG, 0, 0x200000, 0xfffffffffffffff0, -EFAULT)
	/* Wrong file descriptors. */
	CHECK(8, HC_WRITE, 0, 0x200000, 4, -EBADF)
	CHECK(9, HC_WRITE, -1, 0x200000, 4, -EBADF)
	CHECK(10, HC_READ, 1, 0x200000, 4, -EBADF)
	/* Zero bytes is a valid write. */
	CHECK(11, HC_WRITE, 1, 0x200000, 0, 0)
	call file_checks

	/*
	 * Argument blocks that are misaligned, above guest memory (the hypercall
	 * page itself), straddling its end or wrapping around are ignored.
	 */
	lea io+1(%rip), %rax; HC_REG(HC_WRITE, %rax)
	HC_REG(HC_WRITE, %r15)
	lea -8(%r14), %rax; HC_REG(HC_WRITE, %rax)
	movabs $0xfffffffffffffff8, %rax; HC_REG(HC_READ, %rax)

	/* A buffer straddling the end of memory. */
	lea -4(%r14), %rax
	mov %rax, io+IO_BUF(%rip)
	movq $1, io+IO_FD(%rip)
	movq $8, io+IO_LEN(%rip)
	HC(HC_WRITE, io)
	cmpq $-EFAULT, io+IO_RET(%rip)
	movl $12, %ebx
	jne fail

	/* A block in the last bytes of memory (above 4 GiB in a large guest) is fine. */
	lea -IO_SIZE(%r14), %rdx
	call map_page
	movq $1, IO_FD(%rdx)
	movq $0x200000, IO_BUF(%rdx)
	movq $0, IO_LEN(%rdx)
	movq $0x55, IO_RET(%rdx)
	HC_REG(HC_WRITE, %rdx)
	cmpq $0, IO_RET(%rdx)
	movl $13, %ebx
	jne fail

	movl $42, %ebx
fail:
	movl %ebx, exitblk(%rip)
	HC(HC_EXIT, exitblk)
	ud2

/*
 * Maps the 2 MiB page that holds %rdx when the boot page tables do not: above
 * 4 GiB on a host without 1 GiB pages, they map only the hypercall page.
 * Clobbers %rax, %rcx, %rsi.
 */
map_page:
	mov %cr3, %rcx
	and $-0x1000, %rcx
	mov (%rcx), %rcx              /* PML4[0]: the PDPT for the first 512 GiB */
	and $-0x1000, %rcx
	mov %rdx, %rax
	shr $30, %rax
	lea (%rcx, %rax, 8), %rsi     /* the PDPT entry */
	mov (%rsi), %rcx
	test $1, %rcx
	jnz 1f
	lea pd(%rip), %rcx
	or $7, %rcx
	mov %rcx, (%rsi)
1:	test $0x80, %rcx              /* a 1 GiB page */
	jnz 2f
	and $-0x1000, %rcx
	mov %rdx, %rax
	shr $21, %rax
	and $511, %rax
	mov %rdx, %rsi
	and $-0x200000, %rsi
	or $0x87, %rsi
	mov %rsi, (%rcx, %rax, 8)
	invlpg (%rdx)
2:	ret

/*
 * Host-file hypercalls: paths and buffers outside memory, overflowing or huge
 * lengths, paths outside the granted directories, bad descriptors, flags
 * and modes. Checks 20..59.
 */
file_checks:
	/* open: path outside, wrapping, huge, empty, absolute and ".." escapes, bad flags */
	CLEAR; SET(0, 0xffffffff00000000); SET(8, 5); CALLCHK(20, HC_OPEN, OPEN_RET, -EFAULT)
	CLEAR; SET(0, 0xfffffffffffffff0); SET(8, 0x20); CALLCHK(21, HC_OPEN, OPEN_RET, -EFAULT)
	CLEAR; SET(0, 0x200000); SET(8, 0xffffffffffffffff); CALLCHK(22, HC_OPEN, OPEN_RET, -ENAMETOOLONG)
	CLEAR; SET(0, 0x200000); CALLCHK(23, HC_OPEN, OPEN_RET, -ENOENT)
	CLEAR; SETADDR(0, etc_passwd); SET(8, 11); CALLCHK(24, HC_OPEN, OPEN_RET, -EACCES)
	CLEAR; SETADDR(0, dotdots); SET(8, 24); CALLCHK(25, HC_OPEN, OPEN_RET, -EACCES)
	CLEAR; SETADDR(0, dot); SET(8, 1); SET(16, 0xffffffff); CALLCHK(26, HC_OPEN, OPEN_RET, -EINVAL)
	CLEAR; SETADDR(0, nulpath); SET(8, 3); CALLCHK(27, HC_OPEN, OPEN_RET, -EINVAL)
	/* close, lseek, ftruncate, fsync: descriptors never opened, negative, huge */
	CLEAR; SET(0, -1); CALLCHK(30, HC_CLOSE, FD_RET, -EBADF)
	CLEAR; SET(0, 1023); CALLCHK(31, HC_CLOSE, FD_RET, -EBADF)
	CLEAR; SET(0, 1024); CALLCHK(32, HC_LSEEK, FD_RET, -EBADF)
	CLEAR; SET(0, 0x7fffffffffffffff); CALLCHK(33, HC_FSYNC, FD_RET, -EBADF)
	CLEAR; SET(0, 5); SET(8, -1); CALLCHK(34, HC_FTRUNCATE, FD_RET, -EINVAL)
	CLEAR; SET(0, 0); SET(16, 7); CALLCHK(35, HC_LSEEK, FD_RET, -EINVAL)
	CLEAR; SET(0, 0); CALLCHK(36, HC_FTRUNCATE, FD_RET, -EBADF)
	/* pread, pwrite: buffers outside, huge lengths, negative offsets, wrong direction */
	CLEAR; SET(0, 0); SET(8, 0xffffffff00000000); SET(16, 8); CALLCHK(40, HC_PREAD, PIO_RET, -EFAULT)
	CLEAR; SET(0, 1); SET(8, 0x200000); SET(16, 0x8000000000000000); CALLCHK(41, HC_PWRITE, PIO_RET, -EFAULT)
	CLEAR; SET(0, 0); SET(8, 0x200000); SET(16, 1); SET(24, -1); CALLCHK(42, HC_PREAD, PIO_RET, -EINVAL)
	CLEAR; SET(0, 1); SET(8, 0x200000); SET(16, 1); CALLCHK(43, HC_PREAD, PIO_RET, -EBADF)
	CLEAR; SET(0, 0); SET(8, 0x200000); SET(16, 1); CALLCHK(44, HC_PWRITE, PIO_RET, -EBADF)
	/* fstat, stat: result buffer outside, overflowing; bad descriptor; bad flags */
	CLEAR; SET(0, 0); SET(24, 0xfffffffffffffff8); CALLCHK(45, HC_FSTAT, STAT_RET, -EFAULT)
	CLEAR; SET(0, 99); SETADDR(24, statbuf); CALLCHK(46, HC_FSTAT, STAT_RET, -EBADF)
	CLEAR; SET(8, 0x10000000000); SET(16, 4); SETADDR(24, statbuf); CALLCHK(47, HC_STAT, STAT_RET, -EFAULT)
	CLEAR; SETADDR(8, dot); SET(16, 1); SETADDR(24, statbuf); SET(32, 8); CALLCHK(48, HC_STAT, STAT_RET, -EINVAL)
	CLEAR; SETADDR(8, etc_passwd); SET(16, 11); SETADDR(24, statbuf); CALLCHK(49, HC_STAT, STAT_RET, -EACCES)
	/* unlink, rmdir, mkdir, rename, access: paths outside memory, huge, escaping */
	CLEAR; SET(0, 0xffffffffffff0000); SET(8, 4); CALLCHK(50, HC_UNLINK, PATH_RET, -EFAULT)
	CLEAR; SET(0, 0x200000); SET(8, 0x100000000); CALLCHK(51, HC_RMDIR, PATH_RET, -ENAMETOOLONG)
	CLEAR; SETADDR(0, etc_passwd); SET(8, 4); CALLCHK(52, HC_MKDIR, PATH_RET, -EACCES)
	CLEAR; SETADDR(0, dot); SET(8, 1); SET(16, 0x8000000000); SET(24, 3); CALLCHK(53, HC_RENAME, PATH_RET, -EFAULT)
	CLEAR; SETADDR(0, dot); SET(8, 1); SET(16, 0x200000); SET(24, 5000); CALLCHK(54, HC_RENAME, PATH_RET, -ENAMETOOLONG)
	CLEAR; SETADDR(0, dot); SET(8, 1); SET(32, 0x100); CALLCHK(55, HC_ACCESS, PATH_RET, -EINVAL)
	CLEAR; SETADDR(0, dotdots); SET(8, 24); CALLCHK(56, HC_UNLINK, PATH_RET, -EACCES)
	CLEAR; SETADDR(0, etc_passwd); SET(8, 11); CALLCHK(57, HC_ACCESS, PATH_RET, -EACCES)
	ret

clear_blk:
	lea blk(%rip), %rax
	movq $0, 0(%rax); movq $0, 8(%rax); movq $0, 16(%rax); movq $0, 24(%rax)
	movq $0, 32(%rax); movq $0, 40(%rax); movq $0, 48(%rax); movq $0, 56(%rax)
	ret

unknown:
	HC(HC_COUNT, exitblk)
	ud2
short_store:
	movl $0x200000, %eax
	movl %eax, (HC_STRIDE * HC_WRITE)(%r15)
	ud2
page_read:
	mov (%r15), %rax
	ud2
misaligned_store:
	lea exitblk(%rip), %rax
	mov %rax, 4(%r15)
	ud2
past_page:
	lea exitblk(%rip), %rax
	mov %rax, 0x1000(%r15)
	ud2
exit_misaligned:
	lea exitblk+4(%rip), %rax
	HC_REG(HC_EXIT, %rax)
	ud2
exit_outside:
	HC_REG(HC_EXIT, %r14)         /* mem_size: the first byte above memory */
	ud2
port_in:
	mov $0x60, %dx
	inb %dx, %al
	ud2
old_port:
	lea exitblk(%rip), %rax
	mov $0x500, %dx
	outl %eax, %dx
	ud2
halt:
	cli
	hlt
	ud2
triple:
	lidt nullidt(%rip)
	ud2     /* #UD, #GP on the empty IDT, then #DF: shutdown (int3 would be emulated) */

	.data
	.balign 8
io:	.quad 0, 0, 0, 0
exitblk: .long 0, 0
blk:	.fill 8, 8, 0
statbuf: .fill STAT_SIZE, 1, 0
etc_passwd: .ascii "/etc/passwd"
dotdots: .ascii "../../../../../../../etc"
dot:	.ascii "."
nulpath: .ascii "a\0b"
	.balign 8
nullidt: .word 0
	.quad 0
	.balign 0x1000
pd:	.fill 512, 8, 0
stack:	.fill 64, 8, 0
stack_top:
