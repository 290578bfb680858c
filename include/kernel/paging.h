/* SPDX-License-Identifier: MIT */
/* The kernel's page tables: identity mapping with per-section permissions. */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include <stdint.h>

#define PAGE_SIZE  4096ul
#define PAGE_LARGE 0x200000ul

/* a rounded up to a multiple of align, a power of two. */
static inline uint64_t paging_align_up(uint64_t a, uint64_t align)
{
	return (a + align - 1) & ~(align - 1);
}

enum paging_prot {
	PAGING_R = 0,  /* read-only, no execute */
	PAGING_RW = 1, /* writable, no execute */
	PAGING_RX = 2, /* read-only, executable */
	PAGING_RWX = 3, /* writable and executable: data and RAM of a program
			 * that needs an executable stack (paging_init) */
};

/*
 * Builds tables mapping the image (text RX, rodata R, data RW), all RAM
 * (RW, no execute; RWX for a program linked with an executable stack) with
 * 2 MiB pages where alignment allows, leaves page 0
 * and the boot stack's guard page unmapped, and switches to them.
 */
void paging_init(void);

/* Unmaps the page at va (a stack's guard); splits its 2 MiB page if needed. */
void paging_guard_page(uint64_t va);
/* Maps a guard page again, as the RAM around it, before its memory is freed. */
void paging_unguard_page(uint64_t va);

/* The root table's physical address, for CPUs that come up later. */
uint64_t paging_root_phys(void);

#endif /* KERNEL_PAGING_H */
