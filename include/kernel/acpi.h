/* SPDX-License-Identifier: MIT */
/* ACPI tables: the CPUs (MADT) and NUMA nodes (SRAT) a QEMU guest is given. */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

/*
 * The parsers are pure functions over bytes that a map callback hands them,
 * so the host unit tests run them on synthetic tables (tests/unit). Every
 * length and address read from a table is checked before it is followed;
 * a table with a bad checksum, a bad length or an entry running past its
 * end is refused with a reason, never half-read.
 */
#include <stdint.h>
#include "eremit/abi.h"

struct boot_params;

/* "RSD PTR " lies on a 16-byte boundary in the BIOS area (ACPI 6.5, 5.2.5.1). */
#define ACPI_BIOS_AREA	    0xe0000u
#define ACPI_BIOS_AREA_END  0x100000u
#define ACPI_MAX_MEM_RANGES 128
/* No table we read is larger (MADT for 256 x2APIC CPUs: about 4 KiB). */
#define ACPI_TABLE_MAX (1u << 20)

/*
 * The parsers' view of physical memory: a pointer to the len bytes at
 * physical address pa, or NULL when they cannot be reached.
 */
typedef const void *(*acpi_map_fn)(uint64_t pa, uint64_t len, void *ctx);

struct acpi_mem_affinity {
	uint64_t start, end;
	uint32_t domain; /* SRAT proximity domain */
};

/* What MADT and SRAT say, before it becomes boot_params. */
struct acpi_topology {
	unsigned ncpus;			    /* usable CPUs, the boot CPU first */
	unsigned ncpus_dropped;		    /* usable CPUs beyond EREMIT_MAX_CPUS */
	uint32_t cpu_apic[EREMIT_MAX_CPUS]; /* local (x2)APIC IDs */
	int has_srat;			    /* an SRAT with valid checksum was found */
	uint8_t cpu_has_domain[EREMIT_MAX_CPUS];
	uint32_t cpu_domain[EREMIT_MAX_CPUS]; /* when cpu_has_domain[i] */
	unsigned nmem;			      /* enabled SRAT memory ranges */
	struct acpi_mem_affinity mem[ACPI_MAX_MEM_RANGES];
};

/* Whether the len bytes at p hold a valid RSDP (signature, checksums, length). */
int acpi_rsdp_valid(const void *p, uint64_t len);

/*
 * The physical address of the first valid RSDP in the len bytes at area,
 * which start at physical address base (16-byte steps); 0 when none.
 */
uint64_t acpi_rsdp_scan(const void *area, uint64_t len, uint64_t base);

/*
 * Reads the MADT and (if present) SRAT reached from the RSDP at rsdp_pa:
 * CPUs whose local APIC or x2APIC entry is enabled or online-capable, once
 * each, the boot CPU (APIC ID boot_apic) first and the others in table
 * order; the proximity domain of each CPU and the enabled memory ranges
 * from SRAT. Returns NULL, or a reason (t is then unspecified).
 */
const char *acpi_read_topology(acpi_map_fn map, void *ctx, uint64_t rsdp_pa, uint32_t boot_apic,
			       struct acpi_topology *t);

/*
 * Makes t the CPUs and nodes of bp: ncpus and cpu_apic; with an SRAT, nnodes
 * (the proximity domains of the CPUs and of memory holding RAM, numbered
 * densely in increasing order), cpu_node, and bp->ram split where node
 * ranges begin and end (RAM no range covers belongs to node 0; a CPU
 * without a domain too). Returns NULL, or a reason and leaves bp as it was
 * (too many nodes or RAM pieces).
 */
const char *acpi_apply_topology(const struct acpi_topology *t, struct boot_params *bp);

/*
 * Under QEMU, on the boot CPU in ring 3 before pmem_init: the CPUs and
 * NUMA nodes from ACPI into boot_params. Without usable tables, one CPU
 * and one node, and the kernel log says why. Nothing under the monitor,
 * whose boot information already says.
 */
void acpi_init(void);

#endif /* KERNEL_ACPI_H */
