/* SPDX-License-Identifier: MIT */
/* What the monitor hands the kernel: boot information, arguments, boot page tables. */
#ifndef HV_BOOT_H
#define HV_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eremit/abi.h"

#include "image.h"
#include "gmem.h"

struct hv_boot_params {
	const char *image; /* argv[0] */
	int argc;	   /* arguments after argv[0] */
	char *const *argv;
	char *const *envp; /* NULL-terminated, may be NULL */
	uint64_t tsc_khz;
	uint64_t wallclock_ns;
	uint32_t ncpus;
	uint32_t nnodes;     /* NUMA nodes, 1..EREMIT_MAX_NODES (0 counts as 1) */
	uint32_t flags;	     /* EREMIT_BOOT_F_* */
	uint64_t mapped_end; /* the boot page tables map [0, mapped_end) */
};

/*
 * Writes struct eremit_boot_info at EREMIT_BOOT_INFO_GPA and the packed
 * argument and environment strings at EREMIT_BOOT_ARGS_GPA when they fit below
 * the image, else on the first page boundary above it. Returns 0, or -1 with
 * a reason in err when they fit nowhere in (mapped) guest memory.
 */
int hv_boot_write_info(const struct hv_gmem *m, const struct hv_elf_image *img,
		       const struct hv_boot_params *p, char *err, size_t errlen);

/*
 * The NUMA layout of a guest of mem bytes with ncpus vCPUs in nnodes nodes:
 * node n owns an equal share of memory in whole 2 MiB pages (the last node
 * takes the rest) and a contiguous block of vCPUs (vCPU i is on node
 * i * nnodes / ncpus). Fills bi's nnodes, node_mem and cpu_node.
 */
void hv_boot_numa_layout(struct eremit_boot_info *bi, uint64_t mem, uint32_t ncpus,
			 uint32_t nnodes);

/*
 * The hypercall page: the first 2 MiB boundary at or above the end of guest
 * RAM. Guest memory sizes are multiples of 4 KiB, not of 2 MiB, so the page is
 * not always right at mem_size; aligning it lets the boot page tables map it
 * with one 2 MiB page. No memory slot lies there: every access exits to the
 * monitor as MMIO. (A 2 MiB-aligned mem_size below 2^64 - 2 MiB cannot
 * overflow; the largest guest is 512 GiB.)
 */
#define HV_BOOT_HC_ALIGN 0x200000ull
static inline gpa_t hv_boot_hc_gpa(uint64_t mem_size)
{
	return (mem_size + HV_BOOT_HC_ALIGN - 1) & ~(HV_BOOT_HC_ALIGN - 1);
}

/*
 * Writes identity-mapping boot page tables and a flat GDT (see x86_boot.c):
 * all of guest RAM (with 1 GiB pages above 4 GiB when gbpages, else only the
 * first 4 GiB of it) and the hypercall page, every entry present, writable
 * and user-accessible. Returns the end of the guest RAM mapped from 0.
 */
uint64_t hv_boot_write_tables(const struct hv_gmem *m, bool gbpages);

/*
 * The guest-physical address of the GDT written by hv_boot_write_tables. It
 * was at 0x7000, which a fifth page directory now needs (see x86_boot.c).
 */
#define HV_BOOT_GDT_GPA	    0x9000ull
#define HV_BOOT_GDT_ENTRIES 3

#endif /* HV_BOOT_H */
