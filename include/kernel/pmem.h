/* SPDX-License-Identifier: MIT */
/* Physical memory at boot: page-table frames first, then the sbrk heap. */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;

/*
 * Takes the largest RAM range above the image and boot data. Until the
 * frame allocator (SMP issue), memory is handed out from its bottom: frames
 * for page tables, then the rest becomes the sbrk heap.
 */
void pmem_init(void);

/* A zeroed, 4 KiB-aligned frame; panics when memory is exhausted. */
paddr_t pmem_alloc_frame(void);

/* Ends early allocation and returns the heap: [*start, *end). */
void pmem_take_heap(paddr_t *start, paddr_t *end);

#endif /* KERNEL_PMEM_H */
