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
	size_t root = h->nleaves * (sizeof(*h->leaf) + sizeof(*h->reserved));
	h->leaf = be->alloc(root, 4096, 0);
	if (!h->leaf)
		return -1;
	memset((void *)h->leaf, 0, root);
	h->reserved = (struct malloc_leaf **)(h->leaf + h->nleaves);
	/*
	 * The memory of every leaf now, on the node of the memory it maps:
	 * taken before the heap is used, it sits at the edge of free memory,
	 * not in the middle. It is written (zeroed) only when the leaf is first
	 * used: under PVM the first touch of a page costs ~10 us.
	 */
	for (size_t i = 0; i < h->nleaves; i++) {
		uintptr_t at = h->lo + (i << (MALLOC_LEAF_SHIFT + MALLOC_GRANULE_SHIFT));
		int node = be->node_of((void *)at);
		h->reserved[i] = be->alloc(sizeof(struct malloc_leaf), 4096,
					   node < 0 || (unsigned)node >= h->nnodes ? 0 : node);
		if (!h->reserved[i])
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

/* The leaf covering granule g, zeroed and published on first use. */
static struct malloc_leaf *map_leaf(struct malloc_heap *h, size_t g)
{
	size_t i = g >> MALLOC_LEAF_SHIFT;
	/* acquire: a published leaf's zeroes are visible. */
	struct malloc_leaf *leaf = atomic_load_explicit(&h->leaf[i], memory_order_acquire);
	if (leaf)
		return leaf;
	spin_lock(&h->leaf_lock);
	leaf = atomic_load_explicit(&h->leaf[i], memory_order_relaxed);
	if (!leaf) {
		leaf = h->reserved[i];
		memset((void *)leaf->entry, 0, sizeof(leaf->entry));
		/* release: the zeroes before the pointer (readers do not take the lock). */
		atomic_store_explicit(&h->leaf[i], leaf, memory_order_release);
	}
	spin_unlock(&h->leaf_lock);
	return leaf;
}

void malloc_map_set(struct malloc_heap *h, const void *p, size_t size, uintptr_t v)
{
	uintptr_t a = (uintptr_t)p;
	size_t g = (a - h->lo) >> MALLOC_GRANULE_SHIFT;
	size_t last = (a + size - 1 - h->lo) >> MALLOC_GRANULE_SHIFT;
	for (; g <= last; g++) {
		struct malloc_leaf *leaf = map_leaf(h, g);
		/* release: a reader of the entry sees the span descriptor it points to. */
		atomic_store_explicit(&leaf->entry[g & (LEAF_ENTRIES - 1)], v,
				      memory_order_release);
	}
}

struct malloc_span *malloc_map_span(struct malloc_heap *h, const void *p)
{
	size_t g = ((uintptr_t)p - h->lo) >> MALLOC_GRANULE_SHIFT;
	return &map_leaf(h, g)->span[g & (LEAF_ENTRIES - 1)];
}
