// SPDX-License-Identifier: MIT
/* GDT and TSS: flat 64-bit segments and the interrupt stacks. */
#include <stdint.h>
#include "arch/x86_64/x86.h"
#include "kernel/trap.h"
#include "arch/x86_64/gdt.h"
#include "smp/percpu.h"

/* The 64-bit TSS: only the interrupt stack table matters here. */
struct __attribute__((packed)) tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

/*
 * One GDT and TSS per CPU: a TSS descriptor is marked busy when loaded, so
 * CPUs cannot share one, and each CPU needs its own interrupt stacks.
 * Slots: null, code64, data, unused, user32 code, user data, user code64,
 * TSS (two slots).
 */
struct gdt_cpu {
	uint64_t gdt[9];
	struct tss tss;
	uintptr_t ist_base; /* GDT_NIST stacks of GDT_IST_STACK_SIZE bytes */
} __attribute__((aligned(CPU_CACHE_LINE)));

static struct gdt_cpu gdt_cpus[CPU_MAX];
/* The boot CPU's interrupt stacks; other CPUs' come from memory at bring-up. */
static uint8_t gdt_boot_ist[GDT_NIST * GDT_IST_STACK_SIZE] __attribute__((aligned(16)));

#define GDT_CODE64	0x00af9a000000ffffull /* present, DPL 0, execute/read, L=1 */
#define GDT_DATA	0x00cf92000000ffffull /* present, DPL 0, read/write */
#define GDT_USER_CODE32 0x00cffa000000ffffull /* present, DPL 3, execute/read, D=1 */
#define GDT_USER_DATA	0x00cff2000000ffffull /* present, DPL 3, read/write */
#define GDT_USER_CODE64 0x00affa000000ffffull /* present, DPL 3, execute/read, L=1 */
#define GDT_TSS_TYPE	0x89ull		      /* present, available 64-bit TSS */

static void gdt_set_tss(uint64_t *slot, struct tss *t)
{
	uint64_t base = (uintptr_t)t, limit = sizeof(*t) - 1;
	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (GDT_TSS_TYPE << 40) |
		  (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

void gdt_init(unsigned cpu, void *ist_stacks)
{
	struct gdt_cpu *g = &gdt_cpus[cpu];
	uint64_t *gdt = g->gdt;
	struct tss *t = &g->tss;
	g->ist_base = (uintptr_t)(ist_stacks ? ist_stacks : gdt_boot_ist);
	for (int i = 0; i < GDT_NIST; i++)
		t->ist[i] = g->ist_base + (uint64_t)(i + 1) * GDT_IST_STACK_SIZE;
	t->iomap_base = sizeof(*t); /* no I/O permission bitmap */
	gdt[X86_SEL_CODE64 / 8] = GDT_CODE64;
	gdt[X86_SEL_DATA / 8] = GDT_DATA;
	gdt[X86_SEL_USER32 / 8] = GDT_USER_CODE32;
	gdt[X86_SEL_USER_DATA / 8] = GDT_USER_DATA;
	gdt[X86_SEL_USER_CODE / 8] = GDT_USER_CODE64;
	gdt_set_tss(&gdt[X86_SEL_TSS / 8], t);

	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} desc = {sizeof(g->gdt) - 1, (uintptr_t)gdt};
	/*
	 * Reload CS with a far return, the data selectors directly. FS and GS
	 * become null before their bases are written (percpu, TLS): loading a
	 * selector later would reset the base.
	 */
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(desc), "i"(X86_SEL_CODE64), "i"(X86_SEL_DATA), "r"(X86_SEL_TSS)
			 : "rax", "memory");
}

int gdt_ist_of(unsigned cpu, uint64_t rsp)
{
	for (int i = 0; i < GDT_NIST; i++) {
		uint64_t lo = gdt_cpus[cpu].ist_base + (uint64_t)i * GDT_IST_STACK_SIZE;
		if (rsp >= lo && rsp <= lo + GDT_IST_STACK_SIZE)
			return i + 1;
	}
	return 0;
}
