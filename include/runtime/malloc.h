/* SPDX-License-Identifier: MIT */
/* The allocator behind malloc: size classes, spans, per-node central lists, per-core caches. */
#ifndef RUNTIME_MALLOC_H
#define RUNTIME_MALLOC_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "smp/spinlock.h"

/*
 * Portable: the memory comes from a backend (pmem in the kernel, a test
 * arena on the host) and the caller passes the cache of the core it runs on.
 *
 *   size <= MALLOC_MAX_SMALL: one of MALLOC_NCLASSES size classes. A span is
 *   a power-of-two run of memory (64 KiB .. 2 MiB, aligned to its size) cut
 *   into objects of one class. Each core has a cache with a stack of free
 *   objects per class (no lock, no atomic: only that core touches it). An
 *   empty stack is refilled with a batch from the central list of (node,
 *   class); a full one gives half back. The central list holds the spans
 *   with free objects, each span its own free list, behind one lock per
 *   (node, class) (the per-node lock split by class so that classes do not
 *   contend). A span that becomes empty goes back to the backend (one empty
 *   span per central list is kept against thrashing).
 *
 *   size > MALLOC_MAX_SMALL: "large", whole 2 MiB pages from the backend,
 *   2 MiB-aligned, returned to it by free.
 *
 * A page map indexed by address (64 KiB granules, two levels) gives the span
 * or large block of any pointer in O(1); span descriptors live in it. A span belongs to the node of
 * its memory; an object freed on a core of another node goes back to its home node, batched, so the
 * memory a core allocates lies in its own node unless that node ran out.
 */

#define MALLOC_NCLASSES	     60 /* 16 .. 128 by 16, then 4 classes per doubling to 1 MiB */
#define MALLOC_MAX_SMALL     (1u << 20)
#define MALLOC_LARGE_PAGE    (2u << 20)
#define MALLOC_MIN_SPAN	     (64u << 10)
#define MALLOC_GRANULE_SHIFT 16 /* = log2(MALLOC_MIN_SPAN) */
#define MALLOC_LEAF_SHIFT    14 /* granules per page map leaf: 2^14 x 64 KiB = 1 GiB */
#define MALLOC_CACHE_SLOTS   64
#define MALLOC_REMOTE_SLOTS  64
#define MALLOC_MAX_NODES     64
#define MALLOC_KEEP_EMPTY    1 /* empty spans a central list keeps */

/* Where memory comes from. alloc prefers node and falls back to others; NULL when none has room. */
struct malloc_backend {
	void *(*alloc)(size_t size, size_t align, int node);
	void (*free)(void *p, size_t size);
	int (*node_of)(const void *p);	   /* node of memory alloc returned */
	int (*take)(void *p, size_t size); /* [p, p + size) if free: 0, else -1 */
};

struct malloc_class {
	uint32_t size, span, nobj; /* object size, span size, objects per span */
	uint32_t batch, cap;	   /* objects moved per refill/flush, cache stack limit */
	/* size = odd << shift; offset % size == 0 iff the low shift bits are 0 and
	 * (offset >> shift) * odd_inv (mod 2^32) <= odd_max: no division on free. */
	uint32_t shift, odd_inv, odd_max;
};

/* A span: its fields are constant except those guarded by its central list's lock. */
struct malloc_span {
	uintptr_t base;
	uint16_t cls, node;
	uint32_t nobj;
	/* Guarded by the lock of central list (node, cls): */
	uint32_t used;			 /* objects outside the span's free list and bump area */
	uint32_t carved;		 /* objects [carved, nobj) were never handed out */
	void *free;			 /* objects given back, linked through their first word */
	struct malloc_span *next, *prev; /* in the central list while used < nobj */
};

struct malloc_central {
	struct spinlock lock;
	struct malloc_span *partial; /* spans with free objects */
	uint32_t nempty;	     /* of those, spans with used == 0 */
} __attribute__((aligned(64)));

/*
 * A page map leaf: the entries of 2^MALLOC_LEAF_SHIFT granules (1 GiB) and
 * beside them the descriptor of a span starting in each granule. Keeping
 * descriptors here rather than in blocks of their own means no small
 * long-lived allocations scattered through memory, which would split the
 * physically contiguous ranges large blocks need (virtual == physical).
 */
struct malloc_leaf {
	_Atomic uintptr_t entry[1u << MALLOC_LEAF_SHIFT];
	struct malloc_span span[1u << MALLOC_LEAF_SHIFT];
};

struct malloc_heap {
	struct malloc_backend be;
	uintptr_t lo, hi; /* every address the backend can return */
	size_t nleaves;
	_Atomic(struct malloc_leaf *) *leaf; /* page map: nleaves leaves, NULL until used */
	struct malloc_leaf **reserved;	     /* memory of each leaf, taken at init */
	struct spinlock leaf_lock;	     /* guards turning a reserved leaf into a used one */
	unsigned nnodes;
	struct malloc_central *central[MALLOC_MAX_NODES]; /* [cls], in the node's memory */
	struct malloc_class cls[MALLOC_NCLASSES];
	_Atomic size_t span_bytes, large_bytes; /* held from the backend, for mallinfo */
};

struct malloc_bin {
	uint32_t n, cap, batch;
	void *slot[MALLOC_CACHE_SLOTS];
};

/* One per core; only its core uses it. */
struct malloc_cache {
	struct malloc_heap *heap;
	unsigned node;
	unsigned nremote;
	void *remote[MALLOC_REMOTE_SLOTS]; /* freed objects of other nodes */
	struct malloc_bin bin[MALLOC_NCLASSES];
};

/* Size of class c's objects. */
static inline size_t malloc_class_size(unsigned c)
{
	return c < 8 ? 16u * (c + 1) : (size_t)(5 + (c - 8) % 4) << ((c - 8) / 4 + 5);
}

/* The smallest class holding size bytes (size <= MALLOC_MAX_SMALL). */
static inline unsigned malloc_class_of(size_t size)
{
	if (size <= 128)
		return size ? (unsigned)((size - 1) >> 4) : 0;
	size_t s = size - 1;
	unsigned msb = 63u - (unsigned)__builtin_clzll(s);
	return 8 + (msb - 7) * 4 + (unsigned)((s >> (msb - 2)) & 3);
}

/* Page map entries: 0 = nothing; a struct malloc_span *; or (bytes | MALLOC_MAP_LARGE). */
#define MALLOC_MAP_LARGE 1u

/* The page map entry of the granule holding p; 0 outside the heap. */
static inline uintptr_t malloc_map_get(struct malloc_heap *h, const void *p)
{
	uintptr_t a = (uintptr_t)p;
	if (a < h->lo || a >= h->hi)
		return 0;
	size_t g = (a - h->lo) >> MALLOC_GRANULE_SHIFT;
	/* acquire: pairs with the release that published the leaf (its zeroes). */
	struct malloc_leaf *leaf =
	    atomic_load_explicit(&h->leaf[g >> MALLOC_LEAF_SHIFT], memory_order_acquire);
	if (!leaf)
		return 0;
	/* acquire: the span descriptor was filled before its entries were stored. */
	return atomic_load_explicit(&leaf->entry[g & ((1u << MALLOC_LEAF_SHIFT) - 1)],
				    memory_order_acquire);
}

/* Whether p is the start of an object of span s. */
static inline int malloc_span_holds(const struct malloc_heap *h, const struct malloc_span *s,
				    const void *p)
{
	const struct malloc_class *k = &h->cls[s->cls];
	uint32_t off = (uint32_t)((uintptr_t)p - s->base);
	return !(off & ((1u << k->shift) - 1)) && (off >> k->shift) * k->odd_inv <= k->odd_max;
}

/*
 * Sets up heap over addresses [lo, hi) with nnodes nodes. Takes memory for
 * its page map root and central lists from be. Returns 0, or -1 when be has
 * no memory for them.
 */
int malloc_heap_init(struct malloc_heap *h, const struct malloc_backend *be, uintptr_t lo,
		     uintptr_t hi, unsigned nnodes);

/* A cache for a core of node (memory from that node); NULL when out of memory. */
struct malloc_cache *malloc_cache_new(struct malloc_heap *h, unsigned node);

/* Gives every object the cache holds back to the central lists (the cache stays usable). */
void malloc_cache_drain(struct malloc_cache *c);

/*
 * size bytes aligned to align (a power of two; up to 16 is the default),
 * from the caller's cache c: NULL when out of memory or size is too large.
 * Before failing, drains c and returns the heap's empty spans to the
 * backend, then tries once more.
 */
void *malloc_alloc_slow(struct malloc_cache *c, size_t size, size_t align);
static inline void *malloc_alloc(struct malloc_cache *c, size_t size, size_t align)
{
	if (align <= 16 && size <= MALLOC_MAX_SMALL) {
		struct malloc_bin *b = &c->bin[malloc_class_of(size)];
		if (b->n)
			return b->slot[--b->n];
	}
	return malloc_alloc_slow(c, size, align);
}

/* Frees p (not NULL) through the caller's cache: 0, or -1 if p is not an allocated block's start.
 */
int malloc_release_slow(struct malloc_cache *c, void *p);
static inline int malloc_release(struct malloc_cache *c, void *p)
{
	uintptr_t e = malloc_map_get(c->heap, p);
	const struct malloc_span *s = (const struct malloc_span *)e;
	if (e && !(e & MALLOC_MAP_LARGE) && s->node == c->node &&
	    malloc_span_holds(c->heap, s, p)) {
		struct malloc_bin *b = &c->bin[s->cls];
		if (b->n + 1 < b->cap) {
			b->slot[b->n++] = p;
			return 0;
		}
	}
	return malloc_release_slow(c, p);
}

/* As malloc_release, for a core without a cache: straight to the central list. */
int malloc_release_direct(struct malloc_heap *h, void *p);

/*
 * Resizes large block p in place for size bytes (> MALLOC_MAX_SMALL): a
 * smaller block gives its tail back, a larger one takes the memory after it
 * if that is free. 0, or -1 (p unchanged).
 */
int malloc_resize_large(struct malloc_heap *h, void *p, size_t size);

/* Usable size of the block at p: 0 if p is not one of the heap's blocks. */
size_t malloc_usable(struct malloc_heap *h, const void *p);

/* Returns every empty span to the backend. */
void malloc_heap_trim(struct malloc_heap *h);

#endif /* RUNTIME_MALLOC_H */
