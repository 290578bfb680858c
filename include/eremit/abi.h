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

#define EREMIT_ABI_VERSION 4u /* 4: SMP and NUMA; 3: host files; 2: hypercalls became stores */
/* "ERMTBOOT" read as a little-endian 64-bit integer. */
#define EREMIT_BOOT_MAGIC 0x544f4f42544d5245ull

#define EREMIT_BOOT_PT_GPA   0x1000ull
#define EREMIT_BOOT_INFO_GPA 0x8000ull
#define EREMIT_BOOT_ARGS_GPA 0x10000ull
#define EREMIT_IMAGE_BASE    0x200000ull

#define EREMIT_MAX_CPUS	 256 /* x2APIC IDs 0..255; vCPU i has APIC ID i */
#define EREMIT_MAX_NODES 64  /* NUMA nodes in the boot information */
#define EREMIT_IRQ_VECTORS 256

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
	uint32_t ncpus;	       /* vCPUs created, 1..EREMIT_MAX_CPUS; vCPU 0 boots */
	uint32_t flags;	       /* EREMIT_BOOT_F_* */
	uint64_t args_gpa;     /* argc argument strings then envc environment strings, */
	uint64_t args_size;    /* each NUL-terminated, packed, args_size bytes in all */
	uint32_t argc;	       /* argv[0] is the image name */
	uint32_t envc;
	uint64_t hc_gpa; /* the hypercall page */
	/*
	 * NUMA: nnodes >= 1 nodes; node n owns guest RAM [node_mem[n].start,
	 * node_mem[n].end) (2 MiB-aligned, together exactly [0, mem_size)) and
	 * the vCPUs i with cpu_node[i] == n. nnodes == 1 is a machine without
	 * NUMA.
	 */
	uint32_t nnodes;
	uint32_t pad;
	struct eremit_boot_node {
		uint64_t start, end;
	} node_mem[EREMIT_MAX_NODES];
	uint8_t cpu_node[EREMIT_MAX_CPUS];
	/*
	 * Written by the guest, read by the monitor when the VM ends (for
	 * --stats): the guest-physical address of ncpus arrays of
	 * EREMIT_IRQ_VECTORS uint64_t interrupt counts (by vector), the array of
	 * vCPU i at irq_counts_gpa + i * irq_counts_stride. 0 until the kernel
	 * sets it.
	 */
	uint64_t irq_counts_gpa;
	uint64_t irq_counts_stride;
};

/*
 * Hypercalls. The guest stores the 8-byte guest-physical address of the
 * call's argument block at hc_gpa + 8 * number (a single 8-byte `mov`, from
 * any privilege level). The block must be 8-byte aligned and inside guest
 * RAM; the monitor checks it and every address and length in it, and answers
 * a bad one with -EFAULT in `ret` (never by touching host memory). Results
 * come back in the block; return values are a count or -errno, with Linux's
 * errno numbers (newlib's differ above 34: the guest translates). Any other
 * access to the page is an error.
 */
#define EREMIT_HC_STRIDE 8u

enum eremit_hc_nr {
	EREMIT_HC_EXIT = 0,  /* struct eremit_hc_exit: end the VM with a status */
	EREMIT_HC_WRITE = 1, /* struct eremit_hc_io: write to a file (1, 2: host stdout, stderr) */
	EREMIT_HC_READ = 2,  /* struct eremit_hc_io: read from a file (0: host stdin) */
	EREMIT_HC_LOG = 3,   /* struct eremit_hc_io (fd ignored): kernel log text */
	/* Host files, 4..30 (see "Host files" below). */
	EREMIT_HC_OPEN = 4,	  /* struct eremit_hc_open */
	EREMIT_HC_CLOSE = 5,	  /* struct eremit_hc_fd */
	EREMIT_HC_LSEEK = 6,	  /* struct eremit_hc_fd: arg = offset, whence; ret = new offset */
	EREMIT_HC_FSTAT = 7,	  /* struct eremit_hc_stat: fd */
	EREMIT_HC_STAT = 8,	  /* struct eremit_hc_stat: path, flags EREMIT_AT_SYMLINK_NOFOLLOW */
	EREMIT_HC_UNLINK = 9,	  /* struct eremit_hc_path */
	EREMIT_HC_RMDIR = 10,	  /* struct eremit_hc_path */
	EREMIT_HC_MKDIR = 11,	  /* struct eremit_hc_path: mode */
	EREMIT_HC_RENAME = 12,	  /* struct eremit_hc_path: path to path2 */
	EREMIT_HC_FTRUNCATE = 13, /* struct eremit_hc_fd: arg = length */
	EREMIT_HC_FSYNC = 14,	  /* struct eremit_hc_fd */
	EREMIT_HC_ACCESS = 15,	  /* struct eremit_hc_path: mode = EREMIT_[RWX]_OK bits or 0 */
	EREMIT_HC_PREAD = 16,	  /* struct eremit_hc_pio */
	EREMIT_HC_PWRITE = 17,	  /* struct eremit_hc_pio */
	EREMIT_HC_LINK = 18,	  /* struct eremit_hc_path: a hard link path2 to path */
	EREMIT_HC_CPU_START = 19, /* struct eremit_hc_cpu_start: start an application processor */
	EREMIT_HC_DEBUG = 31, /* struct eremit_hc_debug: a debug stop, for `eremit --gdb` */
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
 * Host files exist only under the eremit monitor. The guest names files by
 * path: a byte string of path_len bytes at path_gpa (no NUL; at most
 * EREMIT_PATH_MAX bytes), absolute or relative to the guest's working
 * directory. The monitor decides what a path may reach (the mounts it was
 * given) and answers -EACCES for anything outside, -EROFS for writes into a
 * read-only mount. A file descriptor is a number of the monitor's per-VM
 * table, never a host descriptor; 0, 1 and 2 are the host's standard streams.
 */
#define EREMIT_PATH_MAX 4095u

/* Open flags: Linux's x86-64 values, named so the guest's libc can map its own onto them. */
#define EREMIT_O_RDONLY	   0x0u
#define EREMIT_O_WRONLY	   0x1u
#define EREMIT_O_RDWR	   0x2u
#define EREMIT_O_ACCMODE   0x3u
#define EREMIT_O_CREAT	   0x40u
#define EREMIT_O_EXCL	   0x80u
#define EREMIT_O_TRUNC	   0x200u
#define EREMIT_O_APPEND	   0x400u
#define EREMIT_O_DIRECTORY 0x10000u
#define EREMIT_O_NOFOLLOW  0x20000u

#define EREMIT_AT_SYMLINK_NOFOLLOW 0x100u /* lstat rather than stat */
#define EREMIT_R_OK		   4u
#define EREMIT_W_OK		   2u
#define EREMIT_X_OK		   1u

struct eremit_hc_open {
	uint64_t path_gpa;
	uint64_t path_len;
	uint32_t flags; /* EREMIT_O_* */
	uint32_t mode;	/* permission bits for a created file (the host's umask applies) */
	int64_t ret;	/* out: a file descriptor or -errno */
};

struct eremit_hc_fd {
	int64_t fd;
	int64_t arg;	/* offset (lseek), length (ftruncate), unused otherwise */
	int32_t whence; /* lseek: 0 SEEK_SET, 1 SEEK_CUR, 2 SEEK_END */
	uint32_t pad;
	int64_t ret; /* out: 0, an offset, or -errno */
};

struct eremit_hc_pio {
	int64_t fd;
	uint64_t buf_gpa;
	uint64_t len;
	int64_t offset; /* file offset; the descriptor's own offset is not changed */
	int64_t ret;	/* out: bytes transferred or -errno */
};

/* What stat reports; the guest's libc copies it into its own struct stat. */
struct eremit_stat {
	uint64_t dev, ino, rdev;
	uint32_t mode, nlink; /* mode: S_IFMT type bits and permissions, as POSIX numbers them */
	uint32_t uid, gid;
	int64_t size;
	int64_t blksize, blocks; /* blocks of 512 bytes */
	int64_t atime_ns, mtime_ns, ctime_ns; /* since the epoch */
};

struct eremit_hc_stat {
	int64_t fd;	   /* EREMIT_HC_FSTAT */
	uint64_t path_gpa; /* EREMIT_HC_STAT */
	uint64_t path_len;
	uint64_t stat_gpa; /* out: struct eremit_stat */
	uint32_t flags;	   /* EREMIT_HC_STAT: 0 or EREMIT_AT_SYMLINK_NOFOLLOW */
	uint32_t pad;
	int64_t ret; /* out: 0 or -errno */
};

struct eremit_hc_path {
	uint64_t path_gpa;
	uint64_t path_len;
	uint64_t path2_gpa; /* rename, link: the new name */
	uint64_t path2_len;
	uint32_t mode; /* mkdir: permissions; access: EREMIT_[RWX]_OK or 0 for existence */
	uint32_t pad;
	int64_t ret; /* out: 0 or -errno */
};

/*
 * Starting an application processor (vCPU 1..ncpus-1), which the monitor
 * created stopped. It starts once, in 64-bit long mode, ring 0, with the
 * monitor's boot GDT (as vCPU 0 did), interrupts off, CR3 = cr3, RSP = rsp,
 * RIP = rip and %rdi = arg. ret: 0, -EINVAL for a bad vCPU number or vCPU 0,
 * -EBUSY when it was started before, -EFAULT for addresses outside RAM.
 */
struct eremit_hc_cpu_start {
	uint32_t cpu;
	uint32_t pad;
	uint64_t rip, rsp, cr3, arg;
	int64_t ret;
};

/*
 * Debug stops (EREMIT_HC_DEBUG), for the monitor's gdb stub. The kernel's
 * #BP and #DB handlers, and its fatal-exception path, pass the interrupted
 * context's registers as an eremit_debug_frame (the layout its interrupt
 * stubs push) and wait in the hypercall while the debugger looks. The
 * monitor may change the frame, and sets or clears EREMIT_DEBUG_RFLAGS_TF in
 * its rflags to single-step; the kernel then returns to the frame (ret 1),
 * or handles the exception as it would without a debugger (ret 0: no
 * debugger is attached). A fatal stop (EREMIT_DEBUG_F_FATAL) never resumes:
 * the kernel reports the fault and exits after the call.
 */
#define EREMIT_DEBUG_F_FATAL	 (1u << 0)
#define EREMIT_DEBUG_RFLAGS_TF	 (1ull << 8)
#define EREMIT_DEBUG_RET_NONE	 0 /* no debugger: the exception takes its usual course */
#define EREMIT_DEBUG_RET_RESUME	 1 /* return to the (possibly changed) frame */

struct eremit_debug_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct eremit_hc_debug {
	uint64_t frame_gpa; /* struct eremit_debug_frame of the stopped context */
	uint32_t vector;    /* x86 exception vector: 1 #DB, 3 #BP, or the fatal one */
	uint32_t flags;	    /* EREMIT_DEBUG_F_* */
	int64_t ret;	    /* out: EREMIT_DEBUG_RET_* */
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
