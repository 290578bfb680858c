/* SPDX-License-Identifier: MIT */
/* ABI constants for the assembly fixtures (kept in step with include/eremit/abi.h). */
#define HC_PORT 0x500
#define HC_EXIT 0
#define HC_WRITE 1
#define HC_READ 2
#define HC_LOG 3
#define BI_ARGC 88     /* offsetof(struct eremit_boot_info, argc) */
#define BI_ARGS_GPA 72 /* offsetof(struct eremit_boot_info, args_gpa) */
#define IO_FD 0        /* struct eremit_hc_io */
#define IO_BUF 8
#define IO_LEN 16
#define IO_RET 24
#define EFAULT 14
#define EBADF 9

/* Hypercall nr with the argument block at label blk. */
#define HC(nr, blk) lea blk(%rip), %rax; mov $(HC_PORT + nr), %dx; outl %eax, %dx
