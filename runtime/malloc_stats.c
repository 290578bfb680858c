// SPDX-License-Identifier: MIT
/* The allocator's statistics and tuning calls: mallinfo, malloc_stats, malloc_trim, mallopt. */
#include <malloc.h>
#include <stdio.h>
#include "kernel/pmem.h"
#include "runtime/malloc.h"
#include "runtime/runtime.h"

extern struct malloc_heap runtime_heap;

/*
 * Per-object counts are not kept (they would cost every malloc and free):
 * uordblks is what the heap holds from the frame allocator, an upper bound
 * of the bytes in use, and hblkhd the part of it in large blocks.
 */
struct mallinfo mallinfo(void)
{
	size_t spans = atomic_load_explicit(&runtime_heap.span_bytes, memory_order_relaxed);
	size_t large = atomic_load_explicit(&runtime_heap.large_bytes, memory_order_relaxed);
	struct mallinfo mi = {0};
	mi.arena = spans + large;
	mi.hblkhd = large;
	mi.uordblks = spans + large;
	return mi;
}

void malloc_stats(void)
{
	struct mallinfo mi = mallinfo();
	fprintf(stderr, "malloc: %zu KiB in spans of small objects, %zu KiB in large blocks\n",
		(mi.arena - mi.hblkhd) >> 10, mi.hblkhd >> 10);
	for (unsigned n = 0; n < pmem_node_count(); n++)
		fprintf(stderr, "malloc: node %u: %llu of %llu KiB free\n", n,
			(unsigned long long)(pmem_node_free(n) >> 10),
			(unsigned long long)(pmem_node_total(n) >> 10));
}

void mstats(char *title)
{
	if (title)
		fprintf(stderr, "%s\n", title);
	malloc_stats();
}

/* Returns this CPU's cached objects and every empty span: 1 if memory went back. */
int malloc_trim(size_t pad)
{
	(void)pad; /* nothing is kept "at the top": spans go back whole */
	size_t before = mallinfo().arena;
	struct malloc_cache *c = runtime_cache_enter();
	if (c)
		malloc_cache_drain(c);
	runtime_cache_exit();
	malloc_heap_trim(&runtime_heap);
	return mallinfo().arena < before;
}

/* No tunables: like glibc for a parameter it does not know, 0 (failure) for every one. */
int mallopt(int param, int value)
{
	(void)param;
	(void)value;
	return 0;
}
