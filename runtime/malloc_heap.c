// SPDX-License-Identifier: MIT
/* The allocator's shared parts: size-class table, page map with the span descriptors. */
#include <string.h>
#include "malloc_impl.h"

#define LEAF_ENTRIES (1u << MALLOC_LEAF_SHIFT)

static void heap_classes(struct malloc_heap *h)
{
	for (unsigned c = 0; c < MALLOC_NCLASSES; c++) {
		struct malloc_class *k = &h->cls[c];
		uint32_t size = (uint32_t)malloc_class_size(c), span = MALLOC_MIN_SPAN;
		/* At least 8 objects per span, up to one 2 MiB page. */
		while (span < 8 * size && span < MALLOC_LARGE_PAGE)
			span *= 2;
		/* A core caches at most 256 KiB of a class (two objects of the largest). */
		uint32_t batch = (128u << 10) / size;
		batch = batch < 1 ? 1 : batch > 32 ? 32 : batch;
		uint32_t shift = (uint32_t)__builtin_ctz(size), odd = size >> shift, inv = odd;
		for (int i = 0; i < 5; i++) /* Newton: each step doubles the correct low bits */
			inv *= 2 - odd * inv;
		*k = (struct malloc_class){.size = size,
					   .span = span,
					   .nobj = span / size,
					   .batch = batch,
					   .cap = 2 * batch,
					   .shift = shift,
					   .odd_inv = inv,
					   .odd_max = UINT32_MAX / odd};
	}
}

static struct malloc_leaf *map_leaf(struct malloc_heap *h, size_t g, unsigned node);

int malloc_heap_init(struct malloc_heap *h, const struct malloc_backend *be, uintptr_t lo,
		     uintptr_t hi, unsigned nnodes)
{
	memset(h, 0, sizeof(*h));
	h->be = *be;
	h->lo = lo & ~(((uintptr_t)1 << (MALLOC_GRANULE_SHIFT + MALLOC_LEAF_SHIFT)) - 1);
	h->hi = hi;
	h->nnodes = nnodes < 1 ? 1 : nnodes > MALLOC_MAX_NODES ? MALLOC_MAX_NODES : nnodes;
	h->nleaves = ((h->hi - h->lo - 1) >> (MALLOC_GRANULE_SHIFT + MALLOC_LEAF_SHIFT)) + 1;
	heap_classes(h);
	size_t root = h->nleaves * sizeof(*h->leaf);
	h->leaf = be->alloc(root, 4096, 0);
	if (!h->leaf)
		return -1;
	memset((void *)h->leaf, 0, root);
	/*
	 * Every leaf now, on the node of the memory it maps: made before the
	 * heap is used, they sit at the edge of free memory, not in the middle.
	 */
	for (size_t i = 0; i < h->nleaves; i++) {
		size_t g = i << MALLOC_LEAF_SHIFT;
		int node = be->node_of((void *)(h->lo + (g << MALLOC_GRANULE_SHIFT)));
		if (!map_leaf(h, g, node < 0 || (unsigned)node >= h->nnodes ? 0 : (unsigned)node))
			return -1;
	}
	for (unsigned n = 0; n < h->nnodes; n++) {
		size_t size = MALLOC_NCLASSES * sizeof(struct malloc_central);
		h->central[n] = be->alloc(size, 4096, (int)n);
		if (!h->central[n])
			return -1;
		memset(h->central[n], 0, size);
	}
	return 0;
}

/*
 * The leaf covering granule g, made if missing: on node, entries zeroed
 * (descriptors are filled when used). NULL without memory.
 */
static struct malloc_leaf *map_leaf(struct malloc_heap *h, size_t g, unsigned node)
{
	_Atomic(struct malloc_leaf *) *slot = &h->leaf[g >> MALLOC_LEAF_SHIFT];
	struct malloc_leaf *leaf = atomic_load_explicit(slot, memory_order_acquire);
	if (leaf)
		return leaf;
	size_t size = sizeof(*leaf);
	struct malloc_leaf *fresh = h->be.alloc(size, 4096, (int)node);
	if (!fresh)
		return NULL;
	memset((void *)fresh->entry, 0, sizeof(fresh->entry));
	/* release: the zeroes are visible before the leaf is; acquire: use the winner's leaf. */
	if (atomic_compare_exchange_strong_explicit(slot, &leaf, fresh, memory_order_acq_rel,
						    memory_order_acquire))
		return fresh;
	h->be.free((void *)fresh, size);
	return leaf;
}

int malloc_map_set(struct malloc_heap *h, const void *p, size_t size, uintptr_t v, unsigned node)
{
	uintptr_t a = (uintptr_t)p;
	size_t g = (a - h->lo) >> MALLOC_GRANULE_SHIFT;
	size_t last = (a + size - 1 - h->lo) >> MALLOC_GRANULE_SHIFT;
	for (; g <= last; g++) {
		struct malloc_leaf *leaf = map_leaf(h, g, node);
		if (!leaf)
			return -1;
		/* release: a reader of the entry sees the span descriptor it points to. */
		atomic_store_explicit(&leaf->entry[g & (LEAF_ENTRIES - 1)], v,
				      memory_order_release);
	}
	return 0;
}

struct malloc_span *malloc_map_span(struct malloc_heap *h, const void *p, unsigned node)
{
	size_t g = ((uintptr_t)p - h->lo) >> MALLOC_GRANULE_SHIFT;
	struct malloc_leaf *leaf = map_leaf(h, g, node);
	return leaf ? &leaf->span[g & (LEAF_ENTRIES - 1)] : NULL;
}
