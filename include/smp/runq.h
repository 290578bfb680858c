/* SPDX-License-Identifier: MIT */
/* A core's run queue: a bounded ring the owner fills and empties, from which idle cores steal. */
#ifndef SMP_RUNQ_H
#define SMP_RUNQ_H

/*
 * Portable C11, no kernel dependency: unit-tested on the host with many
 * threads under ThreadSanitizer (tests/unit/test_smp_runq.c).
 *
 * One producer, many consumers. Only the owning core pushes (at the tail);
 * the owner pops and other cores steal at the head, in FIFO order, each by
 * one compare-and-swap on head. The owner never takes a lock and never waits
 * for a thief: a pop that loses a race to a thief just retries with the next
 * slot. head and tail are free-running 32-bit counters (they wrap; only
 * their difference matters), so a stale head can never be mistaken for a
 * current one within 2^32 operations: no ABA.
 *
 * Items are pointers; the queue never dereferences them. When the ring is
 * full, runq_push fails and the owner keeps the item elsewhere (the
 * scheduler has a private overflow list).
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RUNQ_SLOTS 256u /* a power of two */
_Static_assert((RUNQ_SLOTS & (RUNQ_SLOTS - 1)) == 0, "the counters wrap: slot = counter % RUNQ_SLOTS");

struct runq {
	/* Next slot to take; advanced by CAS, by the owner or a thief. */
	_Atomic uint32_t head;
	/* Next slot to fill; written by the owner only. */
	_Atomic uint32_t tail __attribute__((aligned(64)));
	/*
	 * Atomic although each slot has one writer: a thief holding a stale
	 * head may read a slot while the owner refills it. Its CAS on head
	 * then fails and the value read is dropped, but the read itself must
	 * not be a data race.
	 */
	void *_Atomic slot[RUNQ_SLOTS];
};

/* Owner only. False when the ring is full (the item was not queued). */
static inline bool runq_push(struct runq *q, void *item)
{
	/* Relaxed: only this thread writes tail. */
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	/*
	 * Acquire: pairs with the release CAS of whoever advanced head, so a
	 * consumer's read of slot[h] happens before we overwrite that slot
	 * once the ring has wrapped.
	 */
	uint32_t h = atomic_load_explicit(&q->head, memory_order_acquire);
	if (t - h >= RUNQ_SLOTS)
		return false;
	atomic_store_explicit(&q->slot[t % RUNQ_SLOTS], item, memory_order_relaxed);
	/* Release: a consumer that sees the new tail (acquire) sees the slot's item. */
	atomic_store_explicit(&q->tail, t + 1, memory_order_release);
	return true;
}

/*
 * Takes the oldest item. Any thread; the owner's runq_pop and the thieves'
 * runq_steal are the same operation. NULL when empty.
 */
static inline void *runq_take(struct runq *q)
{
	/* Relaxed: the CAS below validates h; a stale h only costs a retry. */
	uint32_t h = atomic_load_explicit(&q->head, memory_order_relaxed);
	for (;;) {
		/* Acquire: pairs with runq_push's release, so slots below t hold their items. */
		uint32_t t = atomic_load_explicit(&q->tail, memory_order_acquire);
		/* Signed: a tail read older than h (another consumer moved on) means empty. */
		if ((int32_t)(t - h) <= 0)
			return NULL;
		void *item = atomic_load_explicit(&q->slot[h % RUNQ_SLOTS], memory_order_relaxed);
		/*
		 * Success is release: our read of the slot happens before the
		 * owner's next write to it (runq_push's acquire load of head).
		 * Failure reloads h (relaxed) and retries.
		 */
		if (atomic_compare_exchange_weak_explicit(&q->head, &h, h + 1, memory_order_release,
							  memory_order_relaxed))
			return item;
	}
}

static inline void *runq_pop(struct runq *q)
{
	return runq_take(q);
}

static inline void *runq_steal(struct runq *q)
{
	return runq_take(q);
}

/*
 * The item runq_pop would return now, without taking it (owner: to compare
 * ages with another queue). A thief may take it right after.
 */
static inline void *runq_peek(struct runq *q)
{
	uint32_t h = atomic_load_explicit(&q->head, memory_order_relaxed);
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_acquire);
	if ((int32_t)(t - h) <= 0)
		return NULL;
	return atomic_load_explicit(&q->slot[h % RUNQ_SLOTS], memory_order_relaxed);
}

/* Items queued, approximately when read from another thread (for load balancing only). */
static inline uint32_t runq_len(struct runq *q)
{
	uint32_t h = atomic_load_explicit(&q->head, memory_order_relaxed);
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	return (int32_t)(t - h) > 0 ? t - h : 0;
}

#endif /* SMP_RUNQ_H */
