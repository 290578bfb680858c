// SPDX-License-Identifier: MIT
/* Physical memory at boot: frames for page tables, then the heap. */
#include <string.h>
#include "kernel/boot.h"
#include "kernel/klog.h"
#include "kernel/paging.h"
#include "kernel/pmem.h"
#include "kernel/trap.h"

/* Boot CPU only, before any other CPU or thread exists. */
static paddr_t pmem_next, pmem_end;
static int pmem_closed;

void pmem_init(void)
{
	const struct boot_params *bp = &boot_params;
	paddr_t floor = (uintptr_t)__image_end;
	if (bp->info.reserved_end > floor)
		floor = bp->info.reserved_end;
	floor = paging_align_up(floor, PAGE_SIZE);

	/* The largest RAM range (or part of one) above the image and boot data. */
	paddr_t best_start = 0, best_end = 0;
	for (unsigned i = 0; i < bp->nram; i++) {
		paddr_t s =
		    bp->ram[i].start > floor ? paging_align_up(bp->ram[i].start, PAGE_SIZE) : floor;
		paddr_t e = bp->ram[i].end & ~(PAGE_SIZE - 1);
		if (e > s && e - s > best_end - best_start) {
			best_start = s;
			best_end = e;
		}
	}
	if (best_end == 0)
		panic("no RAM above the image (image ends at %#lx)", (unsigned long)floor);
	pmem_next = best_start;
	pmem_end = best_end;
	klog("pmem: %lu MiB free at [%#lx, %#lx)\n", (unsigned long)((best_end - best_start) >> 20),
	     (unsigned long)best_start, (unsigned long)best_end);
}

paddr_t pmem_alloc_frame(void)
{
	if (pmem_closed)
		panic("pmem_alloc_frame after the heap took the rest of memory");
	if (pmem_end - pmem_next < PAGE_SIZE)
		panic("out of memory for page tables");
	paddr_t f = pmem_next;
	pmem_next += PAGE_SIZE;
	memset((void *)(uintptr_t)f, 0, PAGE_SIZE);
	return f;
}

void pmem_take_heap(paddr_t *start, paddr_t *end)
{
	pmem_closed = 1;
	*start = pmem_next;
	*end = pmem_end;
}
