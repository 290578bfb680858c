/* SPDX-License-Identifier: MIT */
/* x86-64 architectural constants the monitor uses to start a vCPU in long mode. */
#ifndef HV_X86_H
#define HV_X86_H

#define X86_CR0_PE (1ull << 0)
#define X86_CR0_MP (1ull << 1)
#define X86_CR0_ET (1ull << 4)
#define X86_CR0_NE (1ull << 5)
#define X86_CR0_WP (1ull << 16)
#define X86_CR0_PG (1ull << 31)

#define X86_CR4_PAE (1ull << 5)

#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)
#define X86_EFER_NXE (1ull << 11)

#define X86_RFLAGS_RESERVED (1ull << 1) /* always 1 */

/* Page-table entry bits. */
#define X86_PTE_P  (1ull << 0)
#define X86_PTE_RW (1ull << 1)
#define X86_PTE_US (1ull << 2) /* user-accessible: ring 3 may use the page */
#define X86_PTE_PS (1ull << 7) /* 2 MiB (PD) or 1 GiB (PDPT) page */

#define X86_PAGE_SIZE  0x1000ull
#define X86_2M	       0x200000ull
#define X86_1G	       0x40000000ull
#define X86_512G       0x8000000000ull /* what one PML4 entry maps */
#define X86_PT_ENTRIES 512

/* Flat 64-bit GDT descriptors and their selectors. */
#define X86_GDT_CODE64		0x00af9a000000ffffull /* L=1, present, DPL 0, execute/read */
#define X86_GDT_DATA		0x00cf92000000ffffull /* present, DPL 0, read/write, 4 GiB */
#define X86_SEL_CODE		0x08
#define X86_SEL_DATA		0x10
#define X86_SEL_TSS		0x18
#define X86_SEG_TYPE_CODE_XRA	11 /* execute/read, accessed */
#define X86_SEG_TYPE_DATA_RWA	3  /* read/write, accessed */
#define X86_SEG_TYPE_TSS64_BUSY 11
#define X86_TSS64_LIMIT		0x67

/* CPUID leaves and feature bits. */
#define X86_CPUID_FEATURES	       0x1
#define X86_CPUID_EXT_FEATURES	       0x80000001u
#define X86_CPUID_1_ECX_X2APIC	       (1u << 21)
#define X86_CPUID_1_ECX_TSC_DEADLINE   (1u << 24)
#define X86_CPUID_1_EBX_APIC_ID_SHIFT  24
#define X86_CPUID_80000001_EDX_PDPE1GB (1u << 26)

#endif /* HV_X86_H */
