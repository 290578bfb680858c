// SPDX-License-Identifier: MIT
/* A pairing heap of timers by deadline: the portable core of the per-CPU timer queues. */
#include "kernel/timer.h"

/*
 * Each node keeps its leftmost child, its right sibling (next) and prev:
 * the parent for a leftmost child, else the left sibling. That makes
 * unlinking any node O(1), which timer_heap_remove needs. Roots have
 * prev == next == NULL.
 */

/* Melds two roots (either may be NULL): the later one becomes the other's leftmost child. */
static struct timer *meld(struct timer *a, struct timer *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (b->deadline < a->deadline) {
		struct timer *t = a;
		a = b;
		b = t;
	}
	b->prev = a;
	b->next = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	return a;
}

/*
 * The standard two-pass merge of a sibling list into one root, without
 * recursion (a list can be as long as the heap): meld pairs left to right,
 * stacking the results, then meld the stack from the right.
 */
static struct timer *merge_pairs(struct timer *first)
{
	struct timer *stack = NULL;
	while (first) {
		struct timer *a = first, *b = a->next;
		first = b ? b->next : NULL;
		a->prev = a->next = NULL;
		if (b)
			b->prev = b->next = NULL;
		struct timer *m = meld(a, b);
		m->next = stack;
		stack = m;
	}
	struct timer *root = NULL;
	while (stack) {
		struct timer *m = stack;
		stack = m->next;
		m->next = NULL;
		root = meld(root, m);
	}
	return root;
}

void timer_heap_insert(struct timer_heap *h, struct timer *t)
{
	t->child = t->next = t->prev = NULL;
	t->queued = true;
	h->root = meld(h->root, t);
	h->count++;
}

void timer_heap_remove(struct timer_heap *h, struct timer *t)
{
	if (t == h->root) {
		h->root = merge_pairs(t->child);
	} else {
		if (t->prev->child == t)
			t->prev->child = t->next;
		else
			t->prev->next = t->next;
		if (t->next)
			t->next->prev = t->prev;
		h->root = meld(h->root, merge_pairs(t->child));
	}
	t->child = t->next = t->prev = NULL;
	t->queued = false;
	h->count--;
}

struct timer *timer_heap_pop(struct timer_heap *h)
{
	struct timer *t = h->root;
	if (t)
		timer_heap_remove(h, t);
	return t;
}
