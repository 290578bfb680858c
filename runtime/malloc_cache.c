// SPDX-License-Identifier: MIT
/* The per-core side of the allocator: cache stacks, remote frees, large blocks, alignment. */
#include <string.h>
#include "malloc_impl.h"

struct malloc_cache *malloc_cache_new(struct malloc_heap *h, unsigned node)
{
	struct malloc_cache *c = h->be.alloc(sizeof(*c), 4096, (int)node);
	if (!c)
		return NULL;
	c->heap = h;
	c->node = node;
	c->nremote = 0;
	for (unsigned i = 0; i < MALLOC_NCLASSES; i++) {
		c->bin[i].n = 0;
		c->bin[i].cap = h->cls[i].cap;
		c->bin[i].batch = h->cls[i].batch;
	}
	return c;
}

/* Remote frees, sorted by their central list so that each lock is taken once. */
static void flush_remote(struct malloc_cache *c)
{
	unsigned key[MALLOC_REMOTE_SLOTS], n = c->nremote;
	for (unsigned i = 0; i < n; i++) {
		const struct malloc_span *s =
		    (const struct malloc_span *)malloc_map_get(c->heap, c->remote[i]);
		unsigned k = s->node * MALLOC_NCLASSES + s->cls;
		void *p = c->remote[i];
		unsigned j = i;
		for (; j > 0 && key[j - 1] > k; j--) {
			key[j] = key[j - 1];
			c->remote[j] = c->remote[j - 1];
		}
		key[j] = k;
		c->remote[j] = p;
	}
	malloc_central_give(c->heap, c->remote, n);
	c->nremote = 0;
}

/* Gives the coldest batch of a full stack back: the bottom of the stack. */
static void flush_bin(struct malloc_cache *c, struct malloc_bin *b)
{
	unsigned k = b->batch < b->n ? b->batch : b->n;
	malloc_central_give(c->heap, b->slot, k);
	memmove(b->slot, b->slot + k, (b->n - k) * sizeof(b->slot[0]));
	b->n -= k;
}

void malloc_cache_drain(struct malloc_cache *c)
{
	for (unsigned i = 0; i < MALLOC_NCLASSES; i++) {
		struct malloc_bin *b = &c->bin[i];
		malloc_central_give(c->heap, b->slot, b->n);
		b->n = 0;
	}
	flush_remote(c);
}

/* Everything this core holds goes back and empty spans leave the heap: before giving up. */
static void reclaim(struct malloc_cache *c)
{
	malloc_cache_drain(c);
	malloc_heap_trim(c->heap);
}

static void *refill(struct malloc_cache *c, unsigned cls)
{
	struct malloc_bin *b = &c->bin[cls];
	unsigned got = malloc_central_take(c->heap, c->node, cls, b->slot, b->batch);
	if (!got) {
		reclaim(c);
		got = malloc_central_take(c->heap, c->node, cls, b->slot, b->batch);
		if (!got)
			return NULL;
	}
	b->n = got - 1;
	return b->slot[got - 1];
}

static void *alloc_large(struct malloc_cache *c, size_t size, size_t align)
{
	struct malloc_heap *h = c->heap;
	if (size > SIZE_MAX - MALLOC_LARGE_PAGE)
		return NULL;
	if (size == 0) /* memalign(2 MiB, 0): a block still */
		size = 1;
	size_t bytes = (size + MALLOC_LARGE_PAGE - 1) & ~((size_t)MALLOC_LARGE_PAGE - 1);
	if (align < MALLOC_LARGE_PAGE)
		align = MALLOC_LARGE_PAGE;
	void *p = h->be.alloc(bytes, align, (int)c->node);
	if (!p) {
		reclaim(c);
		if (!(p = h->be.alloc(bytes, align, (int)c->node)))
			return NULL;
	}
	malloc_map_set(h, p, 1, bytes | MALLOC_MAP_LARGE);
	atomic_fetch_add_explicit(&h->large_bytes, bytes, memory_order_relaxed);
	return p;
}

/* The smallest class whose objects are multiples of align (spans are aligned to their size). */
static int class_aligned(size_t size, size_t align)
{
	if (size < align)
		size = align;
	if (size > MALLOC_MAX_SMALL)
		return -1;
	for (unsigned c = malloc_class_of(size); c < MALLOC_NCLASSES; c++)
		if (malloc_class_size(c) % align == 0)
			return (int)c;
	return -1;
}

void *malloc_alloc_slow(struct malloc_cache *c, size_t size, size_t align)
{
	unsigned cls;
	if (align <= 16) {
		if (size > MALLOC_MAX_SMALL)
			return alloc_large(c, size, align);
		cls = malloc_class_of(size);
	} else {
		int k = class_aligned(size, align);
		if (k < 0)
			return alloc_large(c, size, align);
		cls = (unsigned)k;
	}
	struct malloc_bin *b = &c->bin[cls];
	if (b->n)
		return b->slot[--b->n];
	return refill(c, cls);
}

static int free_large(struct malloc_heap *h, void *p, uintptr_t e)
{
	size_t bytes = e & ~(uintptr_t)MALLOC_MAP_LARGE;
	if ((uintptr_t)p & (MALLOC_LARGE_PAGE - 1))
		return -1;
	malloc_map_set(h, p, 1, 0);
	h->be.free(p, bytes);
	atomic_fetch_sub_explicit(&h->large_bytes, bytes, memory_order_relaxed);
	return 0;
}

/* The span of small block p (NULL if p is not one's start), after freeing p if it is large. */
static const struct malloc_span *release_large(struct malloc_heap *h, void *p, int *r)
{
	uintptr_t e = malloc_map_get(h, p);
	*r = -1;
	if (!e)
		return NULL;
	if (e & MALLOC_MAP_LARGE) {
		*r = free_large(h, p, e);
		return NULL;
	}
	const struct malloc_span *s = (const struct malloc_span *)e;
	if (!malloc_span_holds(h, s, p))
		return NULL;
	*r = 0;
	return s;
}

int malloc_release_direct(struct malloc_heap *h, void *p)
{
	int r;
	if (release_large(h, p, &r))
		malloc_central_give(h, &p, 1);
	return r;
}

int malloc_release_slow(struct malloc_cache *c, void *p)
{
	int r;
	const struct malloc_span *s = release_large(c->heap, p, &r);
	if (!s)
		return r;
	if (s->node != c->node) {
		c->remote[c->nremote++] = p;
		if (c->nremote == MALLOC_REMOTE_SLOTS)
			flush_remote(c);
		return 0;
	}
	struct malloc_bin *b = &c->bin[s->cls];
	b->slot[b->n++] = p;
	if (b->n == b->cap)
		flush_bin(c, b);
	return 0;
}

int malloc_resize_large(struct malloc_heap *h, void *p, size_t size)
{
	uintptr_t e = malloc_map_get(h, p);
	if (!(e & MALLOC_MAP_LARGE) || ((uintptr_t)p & (MALLOC_LARGE_PAGE - 1)) ||
	    size <= MALLOC_MAX_SMALL || size > SIZE_MAX - MALLOC_LARGE_PAGE)
		return -1;
	size_t old = e & ~(uintptr_t)MALLOC_MAP_LARGE;
	size_t bytes = (size + MALLOC_LARGE_PAGE - 1) & ~((size_t)MALLOC_LARGE_PAGE - 1);
	char *c = p;
	if (bytes < old)
		h->be.free(c + bytes, old - bytes);
	else if (bytes > old && (!h->be.take || h->be.take(c + old, bytes - old)))
		return -1;
	/* Only the block's owner, the caller, reads or writes its entry meanwhile. */
	malloc_map_set(h, p, 1, bytes | MALLOC_MAP_LARGE);
	atomic_fetch_add_explicit(&h->large_bytes, bytes - old, memory_order_relaxed);
	return 0;
}

size_t malloc_usable(struct malloc_heap *h, const void *p)
{
	uintptr_t e = malloc_map_get(h, p);
	if (!e)
		return 0;
	if (e & MALLOC_MAP_LARGE)
		return e & ~(uintptr_t)MALLOC_MAP_LARGE;
	return h->cls[((const struct malloc_span *)e)->cls].size;
}
