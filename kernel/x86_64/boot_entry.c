// SPDX-License-Identifier: MIT
/* From either loader's handover to one struct boot_params, then kernel_main. */
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/pvh.h"
#include "arch/x86_64/x86.h"
#include "kernel/boot.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/klog.h"

struct boot_params boot_params;

/* Called from _start with the monitor's boot information (kernel/x86_64/boot.S). */
_Noreturn void boot_from_monitor(const struct eremit_boot_info *info);
/* Called from pvh_start32 once in long mode, with the PVH start info. */
_Noreturn void boot_from_pvh(const struct pvh_start_info *si);
static void boot_monitor_topology(struct boot_params *bp);

_Noreturn void boot_from_monitor(const struct eremit_boot_info *info)
{
	struct boot_params *bp = &boot_params;
	bp->runner = BOOT_RUNNER_MONITOR;
	console_init(&console_hv,
		     info->magic == EREMIT_BOOT_MAGIC && (info->flags & EREMIT_BOOT_F_VERBOSE));
	if (info->magic != EREMIT_BOOT_MAGIC || info->version != EREMIT_ABI_VERSION ||
	    info->size < sizeof(*info)) {
		kerr("eremit kernel: boot information has magic %#lx version %u size %u, "
		     "expected %#lx version %u: monitor and image do not match\n",
		     (unsigned long)info->magic, info->version, info->size,
		     (unsigned long)EREMIT_BOOT_MAGIC, EREMIT_ABI_VERSION);
		console_exit(EREMIT_STATUS_PANIC);
	}
	memcpy(&bp->info, info, sizeof(bp->info));
	boot_monitor_topology(bp);
	kernel_main();
}

/* Bad boot information is a monitor bug: say what is wrong and stop. */
static _Noreturn void boot_bad_info(const char *what, unsigned long value)
{
	kerr("eremit kernel: boot information has %s %lu: monitor and image do not match\n", what,
	     value);
	console_exit(EREMIT_STATUS_PANIC);
}

/* CPUs, NUMA nodes and the RAM of each node, from the monitor's boot information. */
static void boot_monitor_topology(struct boot_params *bp)
{
	const struct eremit_boot_info *bi = &bp->info;
	uint64_t next = 0;
	if (bi->ncpus < 1 || bi->ncpus > EREMIT_MAX_CPUS)
		boot_bad_info("ncpus", bi->ncpus);
	if (bi->nnodes < 1 || bi->nnodes > EREMIT_MAX_NODES)
		boot_bad_info("nnodes", bi->nnodes);
	bp->ncpus = bi->ncpus;
	bp->nnodes = bi->nnodes;
	bp->nram = 0;
	for (unsigned n = 0; n < bi->nnodes; n++) {
		const struct eremit_boot_node *m = &bi->node_mem[n];
		/* Nodes tile [0, mem_size) in order; an empty node owns no RAM. */
		if (m->start != next || m->end < m->start || m->end > bi->mem_size)
			boot_bad_info("a bad memory range for node", n);
		next = m->end;
		if (m->end > m->start)
			bp->ram[bp->nram++] = (struct boot_ram_range){m->start, m->end, n};
	}
	if (next != bi->mem_size)
		boot_bad_info("node memory ending below mem_size at", (unsigned long)next);
	for (unsigned i = 0; i < bp->ncpus; i++) {
		if (bi->cpu_node[i] >= bi->nnodes)
			boot_bad_info("a bad node for vCPU", i);
		bp->cpu_apic[i] = i;
		bp->cpu_node[i] = bi->cpu_node[i];
	}
}

static void boot_pvh_memmap(struct boot_params *bp, const struct pvh_start_info *si)
{
	const struct pvh_memmap_entry *m = (const void *)(uintptr_t)si->memmap_paddr;
	uint64_t top = 0;
	bp->nram = 0;
	for (uint32_t i = 0; si->version >= 1 && i < si->memmap_entries; i++) {
		if (m[i].type != PVH_MEMMAP_RAM || bp->nram == BOOT_MAX_RAM_RANGES)
			continue;
		bp->ram[bp->nram++] = (struct boot_ram_range){m[i].addr, m[i].addr + m[i].size, 0};
		if (m[i].addr + m[i].size > top)
			top = m[i].addr + m[i].size;
	}
	bp->info.mem_size = top;
}

/*
 * This CPU's local APIC ID from CPUID (leaf 0xb's 32-bit x2APIC ID, else
 * leaf 1's 8 bits), asked in ring 0: under PVM, CPUID from ring 3 with
 * several vCPUs answered with another vCPU's APIC ID in about half of the
 * runs (measured with QEMU -smp 2), ring 0 always with the right one.
 */
static uint32_t boot_apic_id(void)
{
	if (cpuid(0, 0).eax >= X86_CPUID_TOPOLOGY)
		return cpuid(X86_CPUID_TOPOLOGY, 0).edx;
	return cpuid(X86_CPUID_FEATURES, 0).ebx >> 24;
}

_Noreturn void boot_from_pvh(const struct pvh_start_info *si)
{
	struct boot_params *bp = &boot_params;
	bp->runner = BOOT_RUNNER_QEMU;
	bp->cmdline = si->cmdline_paddr ? (const char *)(uintptr_t)si->cmdline_paddr : "";
	bp->acpi_rsdp = si->rsdp_paddr;
	uart_init();
	int verbose = cmdline_flag(bp->cmdline, "eremit.verbose");
	console_init(&console_uart, verbose);
	if (si->magic != PVH_START_MAGIC) {
		kerr("eremit kernel: PVH start info has magic %#x, expected %#x\n", si->magic,
		     PVH_START_MAGIC);
		console_exit(EREMIT_STATUS_PANIC);
	}
	bp->info = (struct eremit_boot_info){
	    .magic = EREMIT_BOOT_MAGIC,
	    .version = EREMIT_ABI_VERSION,
	    .size = sizeof(bp->info),
	    .image_start = (uintptr_t)__image_start,
	    .image_end = boot_image_end(),
	    .ncpus = 1,
	    .flags = verbose ? EREMIT_BOOT_F_VERBOSE : 0,
	};
	/* eremit --qemu passes the host's TSC frequency: no PIT calibration. */
	uint64_t khz;
	if (cmdline_u64(bp->cmdline, "eremit.tsc_khz", &khz))
		bp->info.tsc_khz = khz;
	boot_pvh_memmap(bp, si);
	/* One CPU and one node until ACPI says more (acpi_init, from kernel_main). */
	bp->ncpus = 1;
	bp->nnodes = 1;
	bp->cpu_apic[0] = boot_apic_id();
	if (bp->nram == 0) {
		kerr("eremit kernel: QEMU passed no memory map (PVH start info version %u)\n",
		     si->version);
		console_exit(EREMIT_STATUS_PANIC);
	}
	kernel_main();
}
