// SPDX-License-Identifier: MIT
/* Physical memory: a bump window for boot page tables, then a buddy allocator per NUMA node. */
#include <string.h>
#include "eremit/abi.h"
#include "kernel/boot.h"
#include "kernel/buddy.h"
#include "kernel/klog.h"
#include "kernel/paging.h"
#include "kernel/pmem.h"
#include "kernel/trap.h"
#include "smp/percpu.h"
#include "smp/spinlock.h"

#define PMEM_SHIFT 12

struct pmem_node {
	struct spinlock lock; /* guards buddy after boot */
	struct buddy buddy;
	uint64_t meta_start, meta_end; /* where buddy's metadata lives, set at boot */
} __attribute__((aligned(CPU_CACHE_LINE)));

static struct pmem_node pmem_nodes[EREMIT_MAX_NODES];
static unsigned pmem_nnodes;
/* Set once by the boot CPU before any other CPU runs: pmem_alloc_frame uses the buddies. */
static int pmem_ready;
/* Boot CPU only: the bump window, [start, next) handed out so far. */
static paddr_t boot_start, boot_next, boot_end;

static uint64_t page_down(uint64_t a)
{
	return a & ~(PMEM_FRAME - 1);
}

/* Memory below the image and boot data that boot still needs: none of it is free. */
static paddr_t pmem_floor(void)
{
	const struct eremit_boot_info *bi = &boot_params.info;
	paddr_t floor = boot_image_end();
	if (bi->reserved_end > floor)
		floor = bi->reserved_end;
	return paging_align_up(floor, PMEM_FRAME);
}

/* The bump window starts this close above the image (boot.S maps 64 MiB past it). */
#define PMEM_BOOT_REACH (32ull << 20)

void pmem_init_boot(void)
{
	const struct boot_params *bp = &boot_params;
	paddr_t floor = pmem_floor();

	/*
	 * The largest RAM range (or part of one) above the image and boot data
	 * that starts within PMEM_BOOT_REACH of them: the PVH entry's boot
	 * tables map only the GiBs up to the image plus some slack (boot.S),
	 * and under QEMU with NUMA nodes the largest range may lie beyond.
	 * Failing that, the largest range.
	 */
	paddr_t best_start = 0, best_end = 0;
	for (int near = 1; near >= 0 && best_end == 0; near--) {
		for (unsigned i = 0; i < bp->nram; i++) {
			paddr_t s = bp->ram[i].start > floor
					? paging_align_up(bp->ram[i].start, PMEM_FRAME)
					: floor;
			paddr_t e = page_down(bp->ram[i].end);
			if (near && s >= floor + PMEM_BOOT_REACH)
				continue;
			if (e > s && e - s > best_end - best_start) {
				best_start = s;
				best_end = e;
			}
		}
	}
	if (best_end == 0)
		panic("no RAM above the image (image ends at %#lx)", (unsigned long)floor);
	boot_start = boot_next = best_start;
	boot_end = best_end;
}

/*
 * The free RAM, as pieces cut out of boot_params.ram minus the excluded
 * ranges (the bump window's used part and each node's metadata).
 */
struct pmem_walk {
	void (*fn)(struct pmem_walk *w, uint64_t s, uint64_t e, unsigned node);
	unsigned nexcl;
	uint64_t excl[EREMIT_MAX_NODES + 1][2];
	uint64_t lo[EREMIT_MAX_NODES], hi[EREMIT_MAX_NODES];	   /* span of each node */
	uint64_t big_s[EREMIT_MAX_NODES], big_e[EREMIT_MAX_NODES]; /* largest piece */
};

static void pmem_emit(struct pmem_walk *w, uint64_t s, uint64_t e, unsigned node, unsigned x)
{
	if (e <= s)
		return;
	for (; x < w->nexcl; x++) {
		uint64_t xs = w->excl[x][0], xe = w->excl[x][1];
		if (xs < e && xe > s) {
			if (s < xs)
				pmem_emit(w, s, xs, node, x + 1);
			if (xe < e)
				pmem_emit(w, xe, e, node, x + 1);
			return;
		}
	}
	w->fn(w, s, e, node);
}

static void pmem_walk_ram(struct pmem_walk *w)
{
	const struct boot_params *bp = &boot_params;
	uint64_t image = (uintptr_t)__image_start, floor = pmem_floor();
	/*
	 * Under the monitor, the low 2 MiB holds its boot page tables, the boot
	 * information and GDT (below EREMIT_BOOT_ARGS_GPA; application processors
	 * may start on them) and maybe the argument strings (up to reserved_end),
	 * which argv points into. Under QEMU the low memory holds the PVH start
	 * information, the command line and the ACPI tables: it is left alone.
	 */
	uint64_t low_lo = EREMIT_BOOT_ARGS_GPA, low_hi = 0;
	if (bp->runner == BOOT_RUNNER_MONITOR) {
		if (bp->info.reserved_end <= image && bp->info.reserved_end > low_lo)
			low_lo = bp->info.reserved_end;
		low_lo = paging_align_up(low_lo, PMEM_FRAME);
		low_hi = page_down(image);
	}
	for (unsigned i = 0; i < bp->nram; i++) {
		uint64_t s = paging_align_up(bp->ram[i].start, PMEM_FRAME);
		uint64_t e = page_down(bp->ram[i].end);
		unsigned node = bp->ram[i].node;
		if (node >= pmem_nnodes)
			panic("RAM range %#lx has node %u of %u", (unsigned long)s, node,
			      pmem_nnodes);
		pmem_emit(w, s > low_lo ? s : low_lo, e < low_hi ? e : low_hi, node, 0);
		pmem_emit(w, s > floor ? s : floor, e, node, 0);
	}
}

static void pmem_measure(struct pmem_walk *w, uint64_t s, uint64_t e, unsigned node)
{
	if (w->hi[node] == 0 || s < w->lo[node])
		w->lo[node] = s;
	if (e > w->hi[node])
		w->hi[node] = e;
	if (e - s > w->big_e[node] - w->big_s[node]) {
		w->big_s[node] = s;
		w->big_e[node] = e;
	}
}

static void pmem_add(struct pmem_walk *w, uint64_t s, uint64_t e, unsigned node)
{
	(void)w;
	struct buddy *b = &pmem_nodes[node].buddy;
	if (buddy_add(b, s >> PMEM_SHIFT, (e - s) >> PMEM_SHIFT))
		panic("pmem: RAM [%#lx, %#lx) of node %u added twice", (unsigned long)s,
		      (unsigned long)e, node);
}

/* Each node's metadata goes at the top of its largest piece (so 2 MiB blocks below stay whole). */
static void pmem_init_node(struct pmem_walk *w, unsigned n)
{
	struct pmem_node *pn = &pmem_nodes[n];
	uint64_t frames = (w->hi[n] - w->lo[n]) >> PMEM_SHIFT;
	if (frames >= UINT32_MAX)
		panic("pmem: node %u spans %lu frames, more than the buddy allocator holds", n,
		      (unsigned long)frames);
	uint64_t meta = paging_align_up(buddy_meta_size((uint32_t)frames), PMEM_FRAME);
	if (frames && meta >= w->big_e[n] - w->big_s[n])
		panic("pmem: node %u has no room for %lu bytes of metadata", n,
		      (unsigned long)meta);
	pn->meta_end = w->big_e[n];
	pn->meta_start = frames ? w->big_e[n] - meta : w->big_e[n];
	buddy_init(&pn->buddy, w->lo[n] >> PMEM_SHIFT, (uint32_t)frames,
		   (void *)(uintptr_t)pn->meta_start);
	w->excl[w->nexcl][0] = pn->meta_start;
	w->excl[w->nexcl][1] = pn->meta_end;
	w->nexcl++;
}

void pmem_init(void)
{
	static struct pmem_walk w; /* too big for the stack; boot CPU only */
	pmem_nnodes = boot_params.nnodes;
	w.nexcl = 1;
	w.excl[0][0] = boot_start;
	w.excl[0][1] = boot_next;
	w.fn = pmem_measure;
	pmem_walk_ram(&w);
	for (unsigned n = 0; n < pmem_nnodes; n++)
		pmem_init_node(&w, n);
	w.fn = pmem_add;
	pmem_walk_ram(&w);
	pmem_ready = 1;
	for (unsigned n = 0; n < pmem_nnodes; n++) {
		const struct buddy *b = &pmem_nodes[n].buddy;
		klog("pmem: node %u: %lu MiB free in [%#lx, %#lx), %lu KiB of metadata\n", n,
		     (unsigned long)((b->nfree << PMEM_SHIFT) >> 20), (unsigned long)w.lo[n],
		     (unsigned long)w.hi[n],
		     (unsigned long)((pmem_nodes[n].meta_end - pmem_nodes[n].meta_start) >> 10));
	}
}

paddr_t pmem_alloc_frame(void)
{
	paddr_t f;
	if (pmem_ready) {
		f = pmem_alloc(PMEM_FRAME, PMEM_FRAME, PMEM_LOCAL, 0);
		if (!f)
			panic("out of memory for page tables");
	} else {
		if (boot_end - boot_next < PMEM_FRAME)
			panic("out of memory for page tables");
		f = boot_next;
		boot_next += PMEM_FRAME;
	}
	memset((void *)(uintptr_t)f, 0, PMEM_FRAME);
	return f;
}

paddr_t pmem_alloc(uint64_t size, uint64_t align, int node, unsigned flags)
{
	if (node == PMEM_LOCAL)
		node = (int)this_cpu()->node;
	if (!pmem_ready || size == 0 || size > UINT64_MAX - PMEM_FRAME || node < 0 ||
	    (unsigned)node >= pmem_nnodes || (align & (align - 1)))
		return 0;
	uint64_t frames = (size + PMEM_FRAME - 1) >> PMEM_SHIFT;
	unsigned order = align > PMEM_FRAME ? (unsigned)__builtin_ctzll(align) - PMEM_SHIFT : 0;
	for (unsigned i = 0; i < pmem_nnodes; i++) {
		struct pmem_node *pn = &pmem_nodes[((unsigned)node + i) % pmem_nnodes];
		spin_lock(&pn->lock);
		uint64_t f = buddy_alloc(&pn->buddy, frames, order);
		spin_unlock(&pn->lock);
		if (f != BUDDY_NONE)
			return f << PMEM_SHIFT;
		if (flags & PMEM_ONLY_NODE)
			break;
	}
	return 0;
}

int pmem_take(paddr_t pa, uint64_t size)
{
	int node = pmem_node_of(pa);
	if (node < 0 || size == 0 || size > UINT64_MAX - PMEM_FRAME || (pa & (PMEM_FRAME - 1)))
		return -1;
	struct pmem_node *pn = &pmem_nodes[node];
	spin_lock(&pn->lock);
	int r = buddy_take(&pn->buddy, pa >> PMEM_SHIFT, (size + PMEM_FRAME - 1) >> PMEM_SHIFT);
	spin_unlock(&pn->lock);
	return r;
}

void pmem_free(paddr_t pa, uint64_t size)
{
	int node = pmem_node_of(pa);
	if (size == 0 || size > UINT64_MAX - PMEM_FRAME)
		panic("pmem_free(%#lx, %#lx): bad size", (unsigned long)pa, (unsigned long)size);
	if (node < 0 || (pa & (PMEM_FRAME - 1)))
		panic("pmem_free(%#lx): not an allocated frame", (unsigned long)pa);
	struct pmem_node *pn = &pmem_nodes[node];
	spin_lock(&pn->lock);
	int r = buddy_free(&pn->buddy, pa >> PMEM_SHIFT, (size + PMEM_FRAME - 1) >> PMEM_SHIFT);
	spin_unlock(&pn->lock);
	if (r)
		panic("pmem_free(%#lx, %#lx): memory not allocated or freed twice",
		      (unsigned long)pa, (unsigned long)size);
}

int pmem_node_of(paddr_t pa)
{
	const struct boot_params *bp = &boot_params;
	unsigned lo = 0, hi = bp->nram; /* ram[] is sorted and disjoint */
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (pa < bp->ram[mid].start)
			hi = mid;
		else if (pa >= bp->ram[mid].end)
			lo = mid + 1;
		else
			return (int)bp->ram[mid].node;
	}
	return -1;
}

unsigned pmem_node_count(void)
{
	return pmem_nnodes;
}

uint64_t pmem_node_total(unsigned node)
{
	return node < pmem_nnodes ? pmem_nodes[node].buddy.nadded << PMEM_SHIFT : 0;
}

uint64_t pmem_node_free(unsigned node)
{
	if (node >= pmem_nnodes)
		return 0;
	struct pmem_node *pn = &pmem_nodes[node];
	spin_lock(&pn->lock);
	uint64_t n = pn->buddy.nfree;
	spin_unlock(&pn->lock);
	return n << PMEM_SHIFT;
}
