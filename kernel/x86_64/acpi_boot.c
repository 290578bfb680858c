// SPDX-License-Identifier: MIT
/* Under QEMU: find the RSDP, reach the ACPI tables, and take the CPUs and NUMA nodes from them. */
#include "arch/x86_64/x86.h"
#include "kernel/acpi.h"
#include "kernel/boot.h"
#include "kernel/klog.h"

#define GIB	 (1ull << 30)
#define MIB2	 (2ull << 20)
#define PD_SLOTS (4 * 512) /* boot.S's four page directories: 4 GiB in 2 MiB pages */

/* The PVH boot page directories (kernel/x86_64/boot.S), in use until paging_init. */
extern uint64_t pvh_pd[PD_SLOTS];

/*
 * ACPI tables lie near the top of RAM below 4 GiB, outside the GiBs the PVH
 * entry maps. Rather than mapping all 4 GiB there (each entry an emulated
 * ring-0 loop iteration under a software hypervisor), map the 2 MiB pages
 * the tables occupy here, natively: the boot tables are user-writable and
 * this runs in ring 3. A not-present entry is never cached in the TLB, so
 * a new one takes effect without invalidation. Read-only, no W bit.
 */
static const void *acpi_boot_map(uint64_t pa, uint64_t len, void *ctx)
{
	(void)ctx;
	if (pa >= 4 * GIB || len > 4 * GIB - pa)
		return 0;
	for (uint64_t p = pa & ~(MIB2 - 1); p < pa + len; p += MIB2) {
		uint64_t *e = &pvh_pd[p / MIB2];
		if (!(*e & X86_PTE_P))
			*e = p | X86_PTE_P | X86_PTE_U | X86_PTE_PS;
	}
	return (const void *)(uintptr_t)pa;
}

static uint64_t acpi_find_rsdp(void)
{
	uint64_t pa = boot_params.acpi_rsdp;
	const void *p;
	if (pa && (p = acpi_boot_map(pa, 36, 0)) && acpi_rsdp_valid(p, 36))
		return pa;
	p = acpi_boot_map(ACPI_BIOS_AREA, ACPI_BIOS_AREA_END - ACPI_BIOS_AREA, 0);
	return acpi_rsdp_scan(p, ACPI_BIOS_AREA_END - ACPI_BIOS_AREA, ACPI_BIOS_AREA);
}

static void acpi_log(const struct boot_params *bp, const struct acpi_topology *t)
{
	klog("acpi: %u CPU%s, %u NUMA node%s%s\n", bp->ncpus, bp->ncpus == 1 ? "" : "s", bp->nnodes,
	     bp->nnodes == 1 ? "" : "s", t->has_srat ? " (SRAT)" : " (no SRAT)");
	if (t->ncpus_dropped)
		klog("acpi: %u more CPUs ignored: at most %u are supported\n", t->ncpus_dropped,
		     EREMIT_MAX_CPUS);
	for (unsigned n = 0; n < bp->nnodes; n++) {
		uint64_t bytes = 0;
		unsigned first = ~0u, last = 0, count = 0;
		for (unsigned i = 0; i < bp->nram; i++)
			if (bp->ram[i].node == n)
				bytes += bp->ram[i].end - bp->ram[i].start;
		for (unsigned i = 0; i < bp->ncpus; i++)
			if (bp->cpu_node[i] == n) {
				first = first < i ? first : i;
				last = i;
				count++;
			}
		if (count == 0)
			klog("acpi: node %u: %lu KiB, no CPUs\n", n, (unsigned long)(bytes >> 10));
		else if (count == last - first + 1)
			klog("acpi: node %u: %lu KiB, CPUs %u-%u\n", n,
			     (unsigned long)(bytes >> 10), first, last);
		else
			klog("acpi: node %u: %lu KiB, %u CPUs from %u to %u\n", n,
			     (unsigned long)(bytes >> 10), count, first, last);
	}
}

void acpi_init(void)
{
	static struct acpi_topology t;
	struct boot_params *bp = &boot_params;
	const char *why;
	uint64_t rsdp;

	if (bp->runner != BOOT_RUNNER_QEMU)
		return;
	if (!(rsdp = acpi_find_rsdp())) {
		klog("acpi: no RSDP: one CPU, one NUMA node\n");
		return;
	}
	/* boot_from_pvh put the boot CPU's APIC ID first. */
	why = acpi_read_topology(acpi_boot_map, 0, rsdp, bp->cpu_apic[0], &t);
	if (!why)
		why = acpi_apply_topology(&t, bp);
	if (why) {
		klog("acpi: %s: one CPU, one NUMA node\n", why);
		return;
	}
	acpi_log(bp, &t);
}
