// SPDX-License-Identifier: MIT
/* Identity-mapped page tables with W^X, built once at boot. */
#include <stdint.h>
#include "arch/x86_64/apic.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/boot.h"
#include "kernel/klog.h"
#include "kernel/paging.h"
#include "kernel/pmem.h"
#include "kernel/trap.h"
#include "smp/spinlock.h"

#define PT_ENTRIES 512

static uint64_t *paging_root;

static unsigned pt_index(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & (PT_ENTRIES - 1);
}

/*
 * Every page is user-accessible: the runtime and the application run in
 * ring 3 in the one address space (see include/eremit/abi.h).
 */
static uint64_t paging_flags(enum paging_prot prot)
{
	uint64_t f = X86_PTE_P | X86_PTE_U;
	if (prot == PAGING_RW || prot == PAGING_RWX)
		f |= X86_PTE_W;
	if (prot != PAGING_RX && prot != PAGING_RWX && arch_features.nx)
		f |= X86_PTE_NX;
	return f;
}

/*
 * eremit-cc defines __eremit_exec_stack when an object of the program asks
 * for an executable stack (an executable .note.GNU-stack: gcc emits one for
 * the trampolines of nested functions whose address is taken). Stacks are
 * carved from RAM mapped with 2 MiB pages next to heap and data, so such a
 * program gets all of its data and RAM executable, as Linux's
 * READ_IMPLIES_EXEC gives; every other program keeps W^X.
 */
extern const char __eremit_exec_stack[] __attribute__((weak));

static enum paging_prot paging_ram_prot(void)
{
	return __eremit_exec_stack ? PAGING_RWX : PAGING_RW;
}

/* The table at `level` (2 = PD, 1 = PT) covering va, created on the way. */
static uint64_t *paging_table(uint64_t va, int level)
{
	uint64_t *t = paging_root;
	for (int l = 3; l > level; l--) {
		uint64_t *e = &t[pt_index(va, l)];
		if (!(*e & X86_PTE_P))
			*e = pmem_alloc_frame() | X86_PTE_P | X86_PTE_W | X86_PTE_U;
		else if (*e & X86_PTE_PS)
			panic("paging: %#lx is inside a large page", (unsigned long)va);
		t = (uint64_t *)(uintptr_t)(*e & X86_PTE_ADDR);
	}
	return t;
}

/* Maps [start, end) onto itself, with 2 MiB pages wherever alignment allows. */
static void paging_map(uint64_t start, uint64_t end, enum paging_prot prot)
{
	uint64_t flags = paging_flags(prot);
	uint64_t va = start & ~(PAGE_SIZE - 1);
	while (va < end) {
		if ((va & (PAGE_LARGE - 1)) == 0 && end - va >= PAGE_LARGE) {
			paging_table(va, 1)[pt_index(va, 1)] = va | flags | X86_PTE_PS;
			va += PAGE_LARGE;
		} else {
			paging_table(va, 0)[pt_index(va, 0)] = va | flags;
			va += PAGE_SIZE;
		}
	}
}

/*
 * Unmaps the 4 KiB page at va so that touching it faults: the guard below a
 * stack. A 2 MiB page around it is split into 4 KiB pages first. Only for
 * memory no other CPU has touched yet (a fresh stack): other CPUs' TLBs are
 * not flushed.
 */
static struct spinlock paging_lock; /* the tables are shared by every CPU */

/*
 * Tables for splitting large pages around guard pages come from 2 MiB
 * chunks, not one 4 KiB frame at a time from wherever the frame allocator
 * has one: thousands of thread stacks would otherwise leave page tables
 * scattered all over memory (they stay in use), and no large stack would
 * find room in one piece. Under paging_lock.
 */
static uintptr_t paging_pool_next, paging_pool_end;

static uint64_t *paging_split_table(void)
{
	if (paging_pool_next == paging_pool_end) {
		uintptr_t chunk = (uintptr_t)pmem_alloc(PAGE_LARGE, PAGE_LARGE, PMEM_LOCAL, 0);
		if (!chunk)
			return (uint64_t *)(uintptr_t)pmem_alloc_frame();
		paging_pool_next = chunk;
		paging_pool_end = chunk + PAGE_LARGE;
	}
	uint64_t *pt = (uint64_t *)paging_pool_next;
	paging_pool_next += PAGE_SIZE;
	return pt; /* every entry is written by the caller */
}

void paging_guard_page(uint64_t va)
{
	va &= ~(PAGE_SIZE - 1);
	spin_lock(&paging_lock);
	uint64_t *pde = &paging_table(va, 1)[pt_index(va, 1)];
	if (!(*pde & X86_PTE_P))
		panic("paging: guard page %#lx is not mapped", (unsigned long)va);
	if (*pde & X86_PTE_PS) {
		uint64_t base = *pde & X86_PTE_ADDR & ~(PAGE_LARGE - 1);
		uint64_t flags = *pde & ~X86_PTE_ADDR & ~X86_PTE_PS;
		uint64_t *pt = paging_split_table();
		for (unsigned i = 0; i < PT_ENTRIES; i++)
			pt[i] = (base + (uint64_t)i * PAGE_SIZE) | flags;
		*pde = (uintptr_t)pt | X86_PTE_P | X86_PTE_W | X86_PTE_U;
	}
	paging_table(va, 0)[pt_index(va, 0)] = 0;
	spin_unlock(&paging_lock);
	kcall(KCALL_LOAD_CR3, (uintptr_t)paging_root, 0, 0); /* flushes this CPU's TLB */
}

void paging_unguard_page(uint64_t va)
{
	va &= ~(PAGE_SIZE - 1);
	spin_lock(&paging_lock);
	uint64_t *pde = &paging_table(va, 1)[pt_index(va, 1)];
	if (!(*pde & X86_PTE_P) || (*pde & X86_PTE_PS))
		panic("paging: %#lx is not a guard page", (unsigned long)va);
	/*
	 * Present again as the RAM around it. No TLB flush: x86 does not
	 * cache a translation that was not present.
	 */
	paging_table(va, 0)[pt_index(va, 0)] = va | paging_flags(paging_ram_prot());
	spin_unlock(&paging_lock);
}

uint64_t paging_root_phys(void)
{
	return (uintptr_t)paging_root;
}

void paging_init(void)
{
	const struct boot_params *bp = &boot_params;
	uint64_t image = (uintptr_t)__image_start;
	uint64_t image_top = paging_align_up(boot_image_end(), PAGE_LARGE);
	paging_root = (uint64_t *)(uintptr_t)pmem_alloc_frame();

	enum paging_prot ram = paging_ram_prot();
	/* Page 0 stays unmapped so that null pointers fault. */
	paging_map(PAGE_SIZE, image, ram);
	paging_map(image, (uintptr_t)__text_end, PAGING_RX);
	paging_map((uintptr_t)__rodata_start, (uintptr_t)__rodata_end, PAGING_R);
	/* Data, .bss, the symbol table and the rest of their last 2 MiB page. */
	uint64_t guard = (uintptr_t)boot_stack_guard;
	paging_map((uintptr_t)__data_start, guard, ram);
	paging_map(guard + PAGE_SIZE, image_top, ram);
	/* RAM above the image; RAM below it lies in the low range mapped first. */
	for (unsigned i = 0; i < bp->nram; i++) {
		uint64_t s = bp->ram[i].start, e = bp->ram[i].end & ~(PAGE_SIZE - 1);
		if (s < image_top)
			s = image_top;
		if (e > s)
			paging_map(s, e, ram);
	}
	/* The xAPIC's registers when there is no x2APIC (QEMU's TCG): uncached. */
	if (!apic_is_x2apic()) {
		paging_map(APIC_XAPIC_BASE, APIC_XAPIC_BASE + PAGE_SIZE, PAGING_RW);
		paging_table(APIC_XAPIC_BASE, 0)[pt_index(APIC_XAPIC_BASE, 0)] |=
		    X86_PTE_PCD | X86_PTE_PWT;
	}
	/* The monitor's hypercall page: a store there exits; nothing is behind it. */
	if (bp->info.hc_gpa)
		paging_map(bp->info.hc_gpa, bp->info.hc_gpa + PAGE_SIZE, PAGING_RW);
	kcall(KCALL_LOAD_CR3, (uintptr_t)paging_root, 0, 0);
	klog("paging: text RX, rodata R%s, data %s, stack guard at %#lx\n",
	     arch_features.nx ? "+NX" : "",
	     ram == PAGING_RWX ? "RWX (executable stack)" : arch_features.nx ? "RW+NX" : "RW",
	     (unsigned long)guard);
}
