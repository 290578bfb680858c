/* SPDX-License-Identifier: MIT */
/* A core's inbox: any core pushes, only the owner takes, all at once, oldest first. */
#ifndef SMP_MPSC_H
#define SMP_MPSC_H

/*
 * Portable C11, unit-tested on the host under ThreadSanitizer
 * (tests/unit/test_smp_mpsc.c).
 *
 * An intrusive lock-free stack (Treiber) whose consumer takes the whole
 * stack with one exchange and reverses it. Pushing is lock-free (a CAS loop
 * that only retries when another push won); taking is wait-free. Because the
 * consumer never removes single nodes, the ABA problem of Treiber stacks
 * cannot arise: a node can only be pushed again after the consumer has taken
 * it, by which time the head it was pushed on is gone.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct mpsc_node {
	/* Written by the pusher before the node is published, read by the owner after. */
	struct mpsc_node *next;
};

struct mpsc {
	struct mpsc_node *_Atomic head; /* newest first; NULL when empty */
};

/* Any thread. Returns true when the inbox was empty (the owner may need a wake-up). */
static inline bool mpsc_push(struct mpsc *q, struct mpsc_node *n)
{
	struct mpsc_node *old = atomic_load_explicit(&q->head, memory_order_relaxed);
	do
		n->next = old;
	/* Release: n->next (and whatever the caller wrote to the item) is visible to the taker. */
	while (!atomic_compare_exchange_weak_explicit(&q->head, &old, n, memory_order_release,
						      memory_order_relaxed));
	return old == NULL;
}

/* Owner only: everything pushed so far, oldest first, as a list linked by next; NULL if none. */
static inline struct mpsc_node *mpsc_take_all(struct mpsc *q)
{
	/* Acquire: pairs with the pushes' release, so every node's next is visible. */
	struct mpsc_node *n = atomic_exchange_explicit(&q->head, NULL, memory_order_acquire);
	struct mpsc_node *fifo = NULL;
	while (n) {
		struct mpsc_node *next = n->next;
		n->next = fifo;
		fifo = n;
		n = next;
	}
	return fifo;
}

/* A hint: whether anything is waiting (the owner checks it before going idle). */
static inline bool mpsc_empty(struct mpsc *q)
{
	return atomic_load_explicit(&q->head, memory_order_relaxed) == NULL;
}

#endif /* SMP_MPSC_H */
