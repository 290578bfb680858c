/* SPDX-License-Identifier: MIT */
/* Inside the allocator: page map, span descriptors, central lists (runtime/malloc.h). */
#ifndef RUNTIME_MALLOC_IMPL_H
#define RUNTIME_MALLOC_IMPL_H

#include "runtime/malloc.h"

/* Sets the entries of the granules of [p, p + size) to v. */
void malloc_map_set(struct malloc_heap *h, const void *p, size_t size, uintptr_t v);

/* The descriptor slot of a span starting at p. */
struct malloc_span *malloc_map_span(struct malloc_heap *h, const void *p);

/*
 * Up to want objects of class cls into out, from node's central list or,
 * when it is empty, a new span (preferably on node). Returns how many: 0 when
 * out of memory.
 */
unsigned malloc_central_take(struct malloc_heap *h, unsigned node, unsigned cls, void **out,
			     unsigned want);

/* Gives n objects (of any classes and nodes; grouped runs take each lock once) back. */
void malloc_central_give(struct malloc_heap *h, void **objs, unsigned n);

#endif /* RUNTIME_MALLOC_IMPL_H */
