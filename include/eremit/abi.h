/* SPDX-License-Identifier: MIT */
/* The guest/host ABI: boot information, hypercalls and exit conventions. */
#ifndef EREMIT_ABI_H
#define EREMIT_ABI_H

/*
 * Shared by the kernel (guest) and the `eremit` monitor (host). Depends on
 * nothing but C99. Every change that alters a layout or a meaning bumps
 * EREMIT_ABI_VERSION; the kernel refuses a boot information block whose magic
 * or version it does not know.
 *
 * Guest-physical memory as the monitor lays it out:
 *
 *   0x0000_0000  null page: never mapped by the kernel
 *   0x0000_1000  monitor's boot page tables (EREMIT_BOOT_PT_GPA): PML4,
 *                PDPT, four PDs, a PD for the hypercall page's GiB
 *   0x0000_8000  struct eremit_boot_info (EREMIT_BOOT_INFO_GPA)
 *   0x0000_9000  monitor's GDT; 0xa000: a second PDPT for guests near 512 GiB
 *   0x0001_0000  argument/environment strings (EREMIT_BOOT_ARGS_GPA), or
 *                above the image when they do not fit below it
 *   0x0020_0000  the image, at the physical addresses of its ELF segments
 *   ...          free memory up to mem_size
 *   hc_gpa       the hypercall page: 4 KiB, no RAM behind it, 2 MiB-aligned,
 *                just above guest RAM
 *
 * The kernel must not allocate below max(image_end, reserved_end).
 *
 * Why hypercalls are stores to a page and not port I/O: on hosts whose KVM
 * is a software virtualizer (PVM, as on our build machines), guest ring-0
 * code is emulated instruction by instruction while ring-3 code runs
 * natively. Eremit therefore runs the runtime and the application in ring 3,
 * where `out` faults but a store to a page without RAM exits to the monitor
 * directly, as it does on hardware KVM.
 */

#include <stdint.h>

#define EREMIT_ABI_VERSION 2u /* 2: hypercalls became stores to the hypercall page */
/* "ERMTBOOT" read as a little-endian 64-bit integer. */
#define EREMIT_BOOT_MAGIC 0x544f4f42544d5245ull

#define EREMIT_BOOT_PT_GPA   0x1000ull
#define EREMIT_BOOT_INFO_GPA 0x8000ull
#define EREMIT_BOOT_ARGS_GPA 0x10000ull
#define EREMIT_IMAGE_BASE    0x200000ull

/* Flags in eremit_boot_info.flags. */
#define EREMIT_BOOT_F_VERBOSE	 (1u << 0) /* forward the kernel log to the host */
#define EREMIT_BOOT_F_STDIN_TTY	 (1u << 1) /* host fd 0 is a terminal */
#define EREMIT_BOOT_F_STDOUT_TTY (1u << 2) /* host fd 1 is a terminal */
#define EREMIT_BOOT_F_STDERR_TTY (1u << 3) /* host fd 2 is a terminal */

/*
 * Entry under the monitor: 64-bit long mode at the ELF entry point, paging on
 * with guest memory and the hypercall page identity-mapped, every page-table
 * entry user-accessible (U=1) so the kernel can drop to ring 3 before it
 * builds its own tables, interrupts off, %rdi = EREMIT_BOOT_INFO_GPA. The
 * stack pointer is undefined: the kernel loads its own.
 */
struct eremit_boot_info {
	uint64_t magic;	       /* EREMIT_BOOT_MAGIC */
	uint32_t version;      /* EREMIT_ABI_VERSION */
	uint32_t size;	       /* sizeof(struct eremit_boot_info) on the writer's side */
	uint64_t mem_size;     /* guest RAM is [0, mem_size) */
	uint64_t image_start;  /* lowest guest-physical address of the loaded image */
	uint64_t image_end;    /* one past the highest (including .bss) */
	uint64_t reserved_end; /* one past the last byte of monitor-placed data */
	uint64_t tsc_khz;      /* guest TSC frequency, 0 when unknown */
	uint64_t wallclock_ns; /* host CLOCK_REALTIME at VM creation, ns since the epoch */
	uint32_t ncpus;	       /* vCPUs created (1 until SMP) */
	uint32_t flags;	       /* EREMIT_BOOT_F_* */
	uint64_t args_gpa;     /* argc argument strings then envc environment strings, */
	uint64_t args_size;    /* each NUL-terminated, packed, args_size bytes in all */
	uint32_t argc;	       /* argv[0] is the image name */
	uint32_t envc;
	uint64_t hc_gpa; /* the hypercall page */
};

/*
 * Hypercalls. The guest stores the 8-byte guest-physical address of the
 * call's argument block at hc_gpa + 8 * number (a single 8-byte `mov`, from
 * any privilege level). The block must be 8-byte aligned and inside guest
 * RAM; the monitor checks it and every address and length in it, and answers
 * a bad one with -EFAULT in `ret` (never by touching host memory). Results
 * come back in the block; return values are a count or -errno (Linux errno
 * numbers, which newlib shares). Any other access to the page is an error.
 */
#define EREMIT_HC_STRIDE 8u

enum eremit_hc_nr {
	EREMIT_HC_EXIT = 0,  /* struct eremit_hc_exit: end the VM with a status */
	EREMIT_HC_WRITE = 1, /* struct eremit_hc_io: write to host fd 1 or 2 */
	EREMIT_HC_READ = 2,  /* struct eremit_hc_io: read from host fd 0 */
	EREMIT_HC_LOG = 3,   /* struct eremit_hc_io (fd ignored): kernel log text */
	EREMIT_HC_COUNT
};

struct eremit_hc_exit {
	int32_t status; /* 0..255, the process exit status seen on the host */
	uint32_t pad;
};

struct eremit_hc_io {
	int64_t fd;
	uint64_t buf_gpa; /* guest-physical address of the buffer */
	uint64_t len;	  /* bytes */
	int64_t ret;	  /* out: bytes transferred or -errno */
};

/*
 * Under QEMU (`eremit --qemu` or a plain qemu-system-x86_64 -kernel) the
 * kernel uses three 16550 UARTs instead of hypercalls: COM1 carries the
 * application's stdout, COM2 its stderr, COM3 the kernel log. The kernel ends
 * the VM by printing EREMIT_QEMU_EXIT_TAG followed by the decimal status and
 * a newline on COM3, then writing the status to the isa-debug-exit device at
 * EREMIT_QEMU_DEBUG_EXIT_PORT (QEMU then exits with (2 * status + 1) & 255,
 * which loses information, hence the tag).
 */
#define EREMIT_QEMU_COM_STDOUT	    0x3f8u
#define EREMIT_QEMU_COM_STDERR	    0x2f8u
#define EREMIT_QEMU_COM_LOG	    0x3e8u
#define EREMIT_QEMU_DEBUG_EXIT_PORT 0xf4u
#define EREMIT_QEMU_EXIT_TAG	    "\036eremit-exit "

/*
 * Exit statuses of a run, on either runner. 0..255 is what the application
 * passed to exit(); the kernel uses 128 + signal number for deaths, as a
 * POSIX shell reports them.
 */
#define EREMIT_STATUS_ABORT   134 /* abort(): 128 + SIGABRT */
#define EREMIT_STATUS_SIGILL  132 /* invalid opcode */
#define EREMIT_STATUS_SIGFPE  136 /* divide error, x87/SIMD exceptions */
#define EREMIT_STATUS_SIGSEGV 139 /* page fault, general protection, stack overflow */
#define EREMIT_STATUS_SIGBUS  135 /* alignment check, machine check */
#define EREMIT_STATUS_SIGTRAP 133 /* breakpoint, debug exception */
#define EREMIT_STATUS_PANIC   70  /* kernel panic (EX_SOFTWARE): a kernel bug or bad boot data */

#endif /* EREMIT_ABI_H */
