/* SPDX-License-Identifier: MIT */
/* Boot: what both entry paths hand to kernel_main. */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

/* Stack of the boot thread, on which main() runs (Linux's default limit). */
#define BOOT_STACK_SIZE	    (8 * 1024 * 1024)
/* Every NUMA node can hold two pieces (QEMU's low 640 KiB, the PCI hole below 4 GiB). */
#define BOOT_MAX_RAM_RANGES (2 * EREMIT_MAX_NODES)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "eremit/abi.h"

enum boot_runner {
	BOOT_RUNNER_MONITOR, /* our monitor: hypercalls */
	BOOT_RUNNER_QEMU,    /* QEMU via PVH: UARTs and isa-debug-exit */
};

struct boot_ram_range {
	uint64_t start, end;
	uint32_t node; /* NUMA node, < boot_params.nnodes */
};

/*
 * Everything the kernel learns from its loader, in one form whichever the
 * entry path. Filled before kernel_main and read-only afterwards.
 */
struct boot_params {
	enum boot_runner runner;
	struct eremit_boot_info info; /* under QEMU: synthesised from PVH */
	const char *cmdline;	      /* QEMU's -append, NULL under the monitor */
	uint64_t acpi_rsdp;	      /* under QEMU: the RSDP from PVH, 0 when not given */
	unsigned nram;
	struct boot_ram_range ram[BOOT_MAX_RAM_RANGES]; /* sorted by start, disjoint */
	/*
	 * CPUs: cpu i (0 = the boot CPU) has local APIC ID cpu_apic[i] and
	 * belongs to NUMA node cpu_node[i]. Under the monitor: its vCPUs and
	 * nodes; under QEMU: ACPI's MADT and SRAT (one node without SRAT).
	 */
	unsigned ncpus;	 /* 1..EREMIT_MAX_CPUS */
	unsigned nnodes; /* 1..EREMIT_MAX_NODES */
	uint32_t cpu_apic[EREMIT_MAX_CPUS];
	uint8_t cpu_node[EREMIT_MAX_CPUS];
};

extern struct boot_params boot_params;
extern uint64_t boot_entry_tsc; /* TSC at the first instruction */
extern uint64_t boot_main_tsc;	/* TSC just before main() */
extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

/* Linker-script symbols (kernel/eremit.ld). */
extern char __image_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[];

/*
 * The address of a linker-script symbol that may lie above 2 GiB: a
 * program's large data (gcc -mcmodel=medium puts big arrays in .ldata and
 * .lbss, at the end of the data segment) pushes everything after it out of
 * reach of the kernel's small-model code, whose 32-bit references would not
 * link. A 64-bit immediate reaches it anywhere.
 */
#define BOOT_FAR_SYMBOL(name)                                         \
	({                                                            \
		uintptr_t boot_far_;                                  \
		__asm__("movabs $" #name ", %0" : "=r"(boot_far_)); \
		boot_far_;                                            \
	})

/* The end of the image: data, large data and the symbol table. */
#define boot_image_end() BOOT_FAR_SYMBOL(__image_end)

_Noreturn void kernel_main(void);

#endif
#endif /* KERNEL_BOOT_H */
