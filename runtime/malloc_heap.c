// SPDX-License-Identifier: MIT
/* The allocator's shared parts: size-class table, page map, span descriptors. */
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
		uint32_t batch = (64u << 10) / size;
		batch = batch < 1 ? 1 : batch > 32 ? 32 : batch;
		*k = (struct malloc_class){size, span, span / size, batch, 2 * batch};
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
	size_t root = h->nleaves * sizeof(*h->leaf);
	h->leaf = be->alloc(root, 4096, 0);
	if (!h->leaf)
		return -1;
	memset((void *)h->leaf, 0, root);
	for (unsigned n = 0; n < h->nnodes; n++) {
		size_t size = MALLOC_NCLASSES * sizeof(struct malloc_central);
		h->central[n] = be->alloc(size, 4096, (int)n);
		if (!h->central[n])
			return -1;
		memset(h->central[n], 0, size);
	}
	return 0;
}

uintptr_t malloc_map_get(struct malloc_heap *h, const void *p)
{
	uintptr_t a = (uintptr_t)p;
	if (a < h->lo || a >= h->hi)
		return 0;
	size_t g = (a - h->lo) >> MALLOC_GRANULE_SHIFT;
	/* acquire: pairs with the release that published the leaf (its zeroes). */
	_Atomic uintptr_t *leaf =
	    atomic_load_explicit(&h->leaf[g >> MALLOC_LEAF_SHIFT], memory_order_acquire);
	if (!leaf)
		return 0;
	/* acquire: the span descriptor was filled before its entries were stored. */
	return atomic_load_explicit(&leaf[g & (LEAF_ENTRIES - 1)], memory_order_acquire);
}

/* The leaf covering granule g, made (zeroed, on node) if missing; NULL without memory. */
static _Atomic uintptr_t *map_leaf(struct malloc_heap *h, size_t g, unsigned node)
{
	_Atomic(_Atomic uintptr_t *) *slot = &h->leaf[g >> MALLOC_LEAF_SHIFT];
	_Atomic uintptr_t *leaf = atomic_load_explicit(slot, memory_order_acquire);
	if (leaf)
		return leaf;
	size_t size = LEAF_ENTRIES * sizeof(*leaf);
	_Atomic uintptr_t *fresh = h->be.alloc(size, 4096, (int)node);
	if (!fresh)
		return NULL;
	memset((void *)fresh, 0, size);
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
		_Atomic uintptr_t *leaf = map_leaf(h, g, node);
		if (!leaf)
			return -1;
		/* release: a reader of the entry sees the span descriptor it points to. */
		atomic_store_explicit(&leaf[g & (LEAF_ENTRIES - 1)], v, memory_order_release);
	}
	return 0;
}

struct malloc_span *malloc_meta_get(struct malloc_heap *h, unsigned node)
{
	enum { CHUNK = 64 << 10 };
	struct malloc_meta *m = &h->meta[node];
	struct malloc_span *s = NULL;
	spin_lock(&m->lock);
	if (m->free) {
		s = m->free;
		m->free = s->next;
	} else {
		if (m->end - m->next < sizeof(*s)) {
			void *chunk = h->be.alloc(CHUNK, 4096, (int)node);
			if (chunk) {
				m->next = (uintptr_t)chunk;
				m->end = m->next + CHUNK;
			}
		}
		if (m->end - m->next >= sizeof(*s)) {
			s = (struct malloc_span *)m->next;
			m->next += sizeof(*s);
		}
	}
	spin_unlock(&m->lock);
	return s;
}

void malloc_meta_put(struct malloc_heap *h, struct malloc_span *s)
{
	struct malloc_meta *m = &h->meta[s->node];
	spin_lock(&m->lock);
	s->next = m->free;
	m->free = s;
	spin_unlock(&m->lock);
}
