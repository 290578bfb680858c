// SPDX-License-Identifier: MIT
/* Spans and the central list of each (node, class): batches in and out of the per-core caches. */
#include "malloc_impl.h"

static void list_link(struct malloc_central *ce, struct malloc_span *s)
{
	s->prev = NULL;
	s->next = ce->partial;
	if (ce->partial)
		ce->partial->prev = s;
	ce->partial = s;
}

static void list_unlink(struct malloc_central *ce, struct malloc_span *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		ce->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

/* Up to want objects of span s: its free list first, then never-used ones (untouched memory). */
static unsigned span_take(struct malloc_span *s, size_t size, void **out, unsigned want)
{
	unsigned got = 0;
	while (got < want && s->free) {
		out[got++] = s->free;
		s->free = *(void **)s->free;
	}
	while (got < want && s->carved < s->nobj)
		out[got++] = (void *)(s->base + (uintptr_t)s->carved++ * size);
	s->used += got;
	return got;
}

/* Returns span s (empty, in no list) to the backend. */
static void span_release(struct malloc_heap *h, struct malloc_span *s)
{
	size_t span = h->cls[s->cls].span;
	/* The entries go before the memory: a new span there would write its own. */
	malloc_map_set(h, (void *)s->base, span, 0);
	h->be.free((void *)s->base, span);
	atomic_fetch_sub_explicit(&h->span_bytes, span, memory_order_relaxed);
}

/* A new span of class cls, preferably on node; NULL when out of memory. */
static struct malloc_span *span_new(struct malloc_heap *h, unsigned node, unsigned cls)
{
	const struct malloc_class *k = &h->cls[cls];
	void *mem = h->be.alloc(k->span, k->span, (int)node);
	if (!mem)
		return NULL;
	int home = h->be.node_of(mem);
	if (home >= 0 && (unsigned)home < h->nnodes)
		node = (unsigned)home;
	struct malloc_span *s = malloc_map_span(h, mem);
	*s = (struct malloc_span){
	    .base = (uintptr_t)mem, .cls = (uint16_t)cls, .node = (uint16_t)node, .nobj = k->nobj};
	malloc_map_set(h, mem, k->span, (uintptr_t)s);
	atomic_fetch_add_explicit(&h->span_bytes, k->span, memory_order_relaxed);
	return s;
}

unsigned malloc_central_take(struct malloc_heap *h, unsigned node, unsigned cls, void **out,
			     unsigned want)
{
	struct malloc_central *ce = &h->central[node][cls];
	size_t size = h->cls[cls].size;
	unsigned got = 0;
	spin_lock(&ce->lock);
	while (got < want && ce->partial) {
		struct malloc_span *s = ce->partial;
		if (s->used == 0)
			ce->nempty--;
		got += span_take(s, size, out + got, want - got);
		if (s->used == s->nobj)
			list_unlink(ce, s);
	}
	spin_unlock(&ce->lock);
	if (got)
		return got;

	/* Nothing listed: a new span, private to this call until it is listed. */
	struct malloc_span *s = span_new(h, node, cls);
	if (!s)
		return 0;
	got = span_take(s, size, out, want);
	if (s->used < s->nobj) {
		ce = &h->central[s->node][cls];
		spin_lock(&ce->lock);
		list_link(ce, s);
		spin_unlock(&ce->lock);
	}
	return got;
}

void malloc_central_give(struct malloc_heap *h, void **objs, unsigned n)
{
	struct malloc_central *held = NULL;
	struct malloc_span *dead = NULL; /* emptied spans to release after unlocking */
	for (unsigned i = 0; i < n; i++) {
		struct malloc_span *s = (struct malloc_span *)malloc_map_get(h, objs[i]);
		struct malloc_central *ce = &h->central[s->node][s->cls];
		if (ce != held) {
			if (held)
				spin_unlock(&held->lock);
			spin_lock(&ce->lock);
			held = ce;
		}
		*(void **)objs[i] = s->free;
		s->free = objs[i];
		if (s->used-- == s->nobj)
			list_link(ce, s);
		if (s->used == 0) {
			if (ce->nempty < MALLOC_KEEP_EMPTY) {
				ce->nempty++;
			} else {
				list_unlink(ce, s);
				s->next = dead;
				dead = s;
			}
		}
	}
	if (held)
		spin_unlock(&held->lock);
	while (dead) {
		struct malloc_span *s = dead;
		dead = s->next;
		span_release(h, s);
	}
}

void malloc_heap_trim(struct malloc_heap *h)
{
	for (unsigned node = 0; node < h->nnodes; node++) {
		for (unsigned cls = 0; cls < MALLOC_NCLASSES; cls++) {
			struct malloc_central *ce = &h->central[node][cls];
			struct malloc_span *dead = NULL;
			spin_lock(&ce->lock);
			for (struct malloc_span *s = ce->partial, *next; s && ce->nempty;
			     s = next) {
				next = s->next;
				if (s->used == 0) {
					list_unlink(ce, s);
					ce->nempty--;
					s->next = dead;
					dead = s;
				}
			}
			spin_unlock(&ce->lock);
			while (dead) {
				struct malloc_span *s = dead;
				dead = s->next;
				span_release(h, s);
			}
		}
	}
}
