/* SPDX-License-Identifier: MIT */
/* ABI constants for the assembly fixtures (kept in step with include/eremit/abi.h). */
#define HC_EXIT 0
#define HC_WRITE 1
#define HC_READ 2
#define HC_LOG 3
#define HC_OPEN 4
#define HC_CLOSE 5
#define HC_LSEEK 6
#define HC_FSTAT 7
#define HC_STAT 8
#define HC_UNLINK 9
#define HC_RMDIR 10
#define HC_MKDIR 11
#define HC_RENAME 12
#define HC_FTRUNCATE 13
#define HC_FSYNC 14
#define HC_ACCESS 15
#define HC_PREAD 16
#define HC_PWRITE 17
#define HC_LINK 18
#define HC_COUNT 32 /* 19..30 unassigned, 31 is the debug stop */
#define HC_STRIDE 8
#define BI_MEM_SIZE 16 /* offsetof(struct eremit_boot_info, mem_size) */
#define BI_ARGS_GPA 72 /* offsetof(struct eremit_boot_info, args_gpa) */
#define BI_ARGC 88     /* offsetof(struct eremit_boot_info, argc) */
#define BI_HC_GPA 96   /* offsetof(struct eremit_boot_info, hc_gpa) */
#define IO_FD 0        /* struct eremit_hc_io */
#define IO_BUF 8
#define IO_LEN 16
#define IO_RET 24
#define IO_SIZE 32
/* struct eremit_hc_open, _fd, _pio, _stat, _path: where ret is */
#define OPEN_RET 24
#define FD_RET 24
#define PIO_RET 32
#define STAT_RET 40
#define PATH_RET 40
#define STAT_SIZE 88 /* struct eremit_stat */
/* Linux errno numbers, as the ABI returns them */
#define ENOENT 2
#define EBADF 9
#define EACCES 13
#define EFAULT 14
#define EINVAL 22
#define ENAMETOOLONG 36

/* The fixtures keep the hypercall page's address in %r15, loaded once at entry. */
#define HC_INIT mov BI_HC_GPA(%rdi), %r15
/* Hypercall nr with the argument block at label blk (clobbers %rax). */
#define HC(nr, blk) lea blk(%rip), %rax; mov %rax, (HC_STRIDE * (nr))(%r15)
/* Hypercall nr with the argument block's address in register reg. */
#define HC_REG(nr, reg) mov reg, (HC_STRIDE * (nr))(%r15)
