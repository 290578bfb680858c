/* SPDX-License-Identifier: MIT */
/* Boot page tables and GDT in guest memory, so the vCPU can start in long mode. */
#include <string.h>

#include "eremit/abi.h"

#include "boot.h"
#include "x86.h"

/*
 * Layout in the page range the ABI reserves for them:
 *   0x1000 PML4, 0x2000 PDPT, 0x3000-0x6fff four PDs (first 4 GiB in 2 MiB
 *   pages), 0x7000 GDT. Above 4 GiB the PDPT maps 1 GiB pages when the CPU
 *   has them; one PML4 entry covers 512 GiB, the largest guest.
 */
#define PML4_GPA (EREMIT_BOOT_PT_GPA)
#define PDPT_GPA (EREMIT_BOOT_PT_GPA + 0x1000)
#define PD_GPA	 (EREMIT_BOOT_PT_GPA + 0x2000)
#define NR_PD	 4
#define PT_FLAGS (X86_PTE_P | X86_PTE_RW)

_Static_assert(HV_BOOT_GDT_GPA == PD_GPA + NR_PD * X86_PAGE_SIZE, "GDT after the PDs");
_Static_assert(HV_BOOT_GDT_GPA + X86_PAGE_SIZE <= EREMIT_BOOT_INFO_GPA, "tables fit below 0x8000");

static uint64_t *table(const struct hv_gmem *m, gpa_t gpa)
{
	return hv_gpa_ptr(m, gpa, X86_PAGE_SIZE);
}

uint64_t hv_boot_write_tables(const struct hv_gmem *m, bool gbpages)
{
	uint64_t *pml4 = table(m, PML4_GPA), *pdpt = table(m, PDPT_GPA);
	uint64_t *gdt = table(m, HV_BOOT_GDT_GPA);
	uint64_t low = m->size < (uint64_t)NR_PD * X86_1G ? m->size : (uint64_t)NR_PD * X86_1G;
	uint64_t mapped;

	/* Only the entries that map memory are written: the rest is still zero. */
	pml4[0] = PDPT_GPA | PT_FLAGS;
	for (uint64_t a = 0; a < low; a += X86_2M) {
		uint64_t gb = a / X86_1G;
		if (a % X86_1G == 0)
			pdpt[gb] = (PD_GPA + gb * X86_PAGE_SIZE) | PT_FLAGS;
		table(m, PD_GPA + gb * X86_PAGE_SIZE)[(a % X86_1G) / X86_2M] =
		    a | PT_FLAGS | X86_PTE_PS;
	}
	mapped = low;
	if (gbpages)
		for (; mapped < m->size; mapped += X86_1G)
			pdpt[mapped / X86_1G] = mapped | PT_FLAGS | X86_PTE_PS;

	gdt[0] = 0;
	gdt[X86_SEL_CODE / 8] = X86_GDT_CODE64;
	gdt[X86_SEL_DATA / 8] = X86_GDT_DATA;
	return mapped;
}
