/* SPDX-License-Identifier: MIT */
/* The PVH boot protocol (Xen's, also QEMU's -kernel for ELF images with the note). */
#ifndef ARCH_X86_64_PVH_H
#define ARCH_X86_64_PVH_H

#define PVH_ELFNOTE_PHYS32_ENTRY 18 /* XEN_ELFNOTE_PHYS32_ENTRY */
#define PVH_START_MAGIC		 0x336ec578
#define PVH_MEMMAP_RAM		 1

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Handed over in %ebx at the 32-bit entry, paging off. */
struct pvh_start_info {
	uint32_t magic;
	uint32_t version; /* 1 carries the memory map */
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct pvh_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};
#endif

#endif /* ARCH_X86_64_PVH_H */
