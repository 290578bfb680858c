/* SPDX-License-Identifier: MIT */
/* Boot page tables and GDT in guest memory, so the vCPU can start in long mode. */
#include <string.h>

#include "eremit/abi.h"

#include "boot.h"
#include "config.h"
#include "x86.h"

/*
 * The tables identity-map [0, hc_gpa + 2 MiB): guest RAM and the 2 MiB page
 * that holds the hypercall page. Without 1 GiB pages only the first 4 GiB of
 * RAM are mapped (the PDs for more would not fit below the boot information),
 * and the hypercall page alone when it lies higher. Layout:
 *
 *   0x1000  PML4
 *   0x2000  PDPT for [0, 512 GiB)
 *   0x3000  four PDs: [0, 4 GiB) in 2 MiB pages
 *   0x7000  the high PD: above 4 GiB, the GiB that holds the hypercall page
 *           in 2 MiB pages (the GiBs below it are 1 GiB pages)
 *   0x8000  (struct eremit_boot_info, not ours)
 *   0x9000  GDT
 *   0xa000  PDPT for [512 GiB, 1 TiB): only for the hypercall page of a guest
 *           larger than 512 GiB - 2 MiB, which lies at 512 GiB
 *
 * The hypercall page is always mapped by a 2 MiB page, so at most one GiB
 * above 4 GiB needs a PD. Every entry is present, writable and user: the
 * kernel runs ring-3 code on these tables before it builds its own.
 */
#define PML4_GPA      (EREMIT_BOOT_PT_GPA)
#define PDPT_GPA      (EREMIT_BOOT_PT_GPA + 0x1000)
#define PD_GPA	      (EREMIT_BOOT_PT_GPA + 0x2000)
#define NR_LOW_PD     4
#define HIGH_PD_GPA   (PD_GPA + NR_LOW_PD * X86_PAGE_SIZE)
#define HIGH_PDPT_GPA (HV_BOOT_GDT_GPA + X86_PAGE_SIZE)
#define LOW_END	      ((uint64_t)NR_LOW_PD * X86_1G)
#define PT_FLAGS      (X86_PTE_P | X86_PTE_RW | X86_PTE_US)

_Static_assert(HIGH_PD_GPA + X86_PAGE_SIZE <= EREMIT_BOOT_INFO_GPA, "PDs fit below boot info");
_Static_assert(HV_BOOT_GDT_GPA >= EREMIT_BOOT_INFO_GPA + X86_PAGE_SIZE, "GDT above boot info");
_Static_assert(HIGH_PDPT_GPA + X86_PAGE_SIZE <= EREMIT_BOOT_ARGS_GPA, "PDPT below the args");
_Static_assert(HV_BOOT_HC_ALIGN == X86_2M, "the hypercall page lies in one 2 MiB page");
_Static_assert(HV_MEM_MAX <= X86_512G, "RAM fits in the first PDPT");
_Static_assert(HV_MEM_MAX + X86_2M <= 2 * X86_512G, "the hypercall page in the second");

static uint64_t *table(const struct hv_gmem *m, gpa_t gpa)
{
	return hv_gpa_ptr(m, gpa, X86_PAGE_SIZE);
}

/* The PDPT for a, after pointing its PML4 entry at it. */
static uint64_t *pdpt_for(const struct hv_gmem *m, uint64_t a)
{
	gpa_t pdpt = a < X86_512G ? PDPT_GPA : HIGH_PDPT_GPA;

	table(m, PML4_GPA)[a / X86_512G] = pdpt | PT_FLAGS;
	return table(m, pdpt);
}

static void map_1g(const struct hv_gmem *m, uint64_t a)
{
	pdpt_for(m, a)[a / X86_1G % X86_PT_ENTRIES] = a | PT_FLAGS | X86_PTE_PS;
}

/* Below 4 GiB each GiB has its PD; above, only the hypercall page's GiB uses one. */
static void map_2m(const struct hv_gmem *m, uint64_t a)
{
	gpa_t pd = a < LOW_END ? PD_GPA + a / X86_1G * X86_PAGE_SIZE : HIGH_PD_GPA;

	pdpt_for(m, a)[a / X86_1G % X86_PT_ENTRIES] = pd | PT_FLAGS;
	table(m, pd)[a / X86_2M % X86_PT_ENTRIES] = a | PT_FLAGS | X86_PTE_PS;
}

uint64_t hv_boot_write_tables(const struct hv_gmem *m, bool gbpages)
{
	uint64_t *gdt = table(m, HV_BOOT_GDT_GPA);
	gpa_t hc = hv_boot_hc_gpa(m->size);
	uint64_t hc_gb = hc / X86_1G * X86_1G; /* the GiB that holds the hypercall page */
	uint64_t a = 0;

	/* Only the entries that map memory are written: the rest is still zero. */
	for (; a < LOW_END && a < m->size; a += X86_2M)
		map_2m(m, a);
	if (gbpages) {
		for (; a < hc_gb; a += X86_1G)
			map_1g(m, a);
		for (; a < m->size; a += X86_2M)
			map_2m(m, a);
	}
	map_2m(m, hc);

	gdt[0] = 0;
	gdt[X86_SEL_CODE / 8] = X86_GDT_CODE64;
	gdt[X86_SEL_DATA / 8] = X86_GDT_DATA;
	return a < m->size ? a : m->size;
}
