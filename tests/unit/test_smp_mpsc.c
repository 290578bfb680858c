/* SPDX-License-Identifier: MIT */
/* Unit tests of the inbox (include/smp/mpsc.h): FIFO batches, many producers, reused nodes. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "smp/mpsc.h"
#include "unit_check.h"

#ifdef __SANITIZE_THREAD__
#define PER_PRODUCER 50000u /* TSan is ~10x slower: fewer messages, same shapes */
#else
#define PER_PRODUCER 500000u
#endif
#define PRODUCERS 6
#define POOL	  16 /* nodes per producer, each reused once the consumer gave it back */

struct msg {
	struct mpsc_node node; /* first: a node pointer is a message pointer */
	unsigned producer;     /* plain fields: written before the push, read after the take */
	uint64_t seq;
	uint64_t payload;
	/* 1 while queued or being read; the consumer hands the node back with 0. */
	atomic_int busy;
};

static struct msg *msg_of(struct mpsc_node *n)
{
	return (struct msg *)n;
}

static void test_single(void)
{
	static struct mpsc q;
	struct msg m[5] = {0};
	CHECK(mpsc_empty(&q));
	CHECK(mpsc_take_all(&q) == NULL);
	/* Only the push onto an empty inbox reports it (the one that needs a wake-up). */
	CHECK(mpsc_push(&q, &m[0].node));
	CHECK(!mpsc_empty(&q));
	for (int i = 1; i < 5; i++)
		CHECK(!mpsc_push(&q, &m[i].node));
	/* Oldest first. */
	struct mpsc_node *n = mpsc_take_all(&q);
	for (int i = 0; i < 5; i++) {
		CHECK(n == &m[i].node);
		n = n ? n->next : NULL;
	}
	CHECK(n == NULL);
	CHECK(mpsc_empty(&q));
	CHECK(mpsc_take_all(&q) == NULL);
	/* Taken nodes can be pushed again, in any order. */
	CHECK(mpsc_push(&q, &m[3].node));
	CHECK(!mpsc_push(&q, &m[1].node));
	n = mpsc_take_all(&q);
	CHECK(n == &m[3].node && n->next == &m[1].node && n->next->next == NULL);
	CHECK(mpsc_push(&q, &m[1].node));
	n = mpsc_take_all(&q);
	CHECK(n == &m[1].node && n->next == NULL);
}

/*
 * Stress: PRODUCERS threads each send PER_PRODUCER messages numbered 0, 1,
 * ... through a pool of POOL nodes, reusing a node once the consumer has
 * handed it back (so nodes are pushed again while others are queued: the
 * Treiber stack's ABA case). The consumer must see each producer's messages
 * exactly once and in order, with the payload written before the push. Every
 * batch it takes starts with a message pushed onto an empty inbox, so the
 * number of non-empty batches equals the number of pushes that returned true.
 */
static struct mpsc stress_q;
static struct msg pool[PRODUCERS][POOL];
static atomic_ulong empty_pushes;

static void *producer(void *arg)
{
	unsigned p = (unsigned)(uintptr_t)arg;
	unsigned long mine = 0;
	for (uint64_t s = 0; s < PER_PRODUCER; s++) {
		struct msg *m = &pool[p][s % POOL];
		/* Acquire: pairs with the consumer's release, so its reads of m are done. */
		while (atomic_load_explicit(&m->busy, memory_order_acquire))
			sched_yield();
		m->producer = p;
		m->seq = s;
		m->payload = s * 0x9e3779b97f4a7c15ull + p;
		/* Relaxed: the push's release publishes it together with the fields. */
		atomic_store_explicit(&m->busy, 1, memory_order_relaxed);
		mine += mpsc_push(&stress_q, &m->node);
	}
	/* Relaxed: read after join, which orders it. */
	atomic_fetch_add_explicit(&empty_pushes, mine, memory_order_relaxed);
	return NULL;
}

static void test_stress(void)
{
	pthread_t tid[PRODUCERS];
	for (unsigned p = 0; p < PRODUCERS; p++)
		pthread_create(&tid[p], NULL, producer, (void *)(uintptr_t)p);

	uint64_t next[PRODUCERS] = {0};
	uint64_t received = 0, out_of_order = 0, bad = 0, batches = 0, largest = 0;
	const uint64_t total = (uint64_t)PRODUCERS * PER_PRODUCER;
	while (received < total) {
		struct mpsc_node *n = mpsc_take_all(&stress_q);
		if (!n) {
			sched_yield();
			continue;
		}
		batches++;
		uint64_t size = 0;
		while (n) {
			/* Read next first: once handed back, the node may be pushed again. */
			struct mpsc_node *after = n->next;
			struct msg *m = msg_of(n);
			if (m->producer >= PRODUCERS ||
			    m->payload != m->seq * 0x9e3779b97f4a7c15ull + m->producer) {
				bad++;
			} else {
				out_of_order += m->seq != next[m->producer];
				next[m->producer] = m->seq + 1;
			}
			/* Release: our reads of m happen before the producer rewrites it. */
			atomic_store_explicit(&m->busy, 0, memory_order_release);
			received++;
			size++;
			n = after;
		}
		largest = size > largest ? size : largest;
	}
	for (unsigned p = 0; p < PRODUCERS; p++)
		pthread_join(tid[p], NULL);
	printf("stress: %llu messages from %d producers in %llu batches (largest %llu)\n",
	       (unsigned long long)received, PRODUCERS, (unsigned long long)batches,
	       (unsigned long long)largest);
	CHECK(received == total);
	CHECK(bad == 0);
	CHECK(out_of_order == 0);
	for (unsigned p = 0; p < PRODUCERS; p++)
		CHECK(next[p] == PER_PRODUCER);
	CHECK(mpsc_take_all(&stress_q) == NULL);
	CHECK(batches == atomic_load(&empty_pushes));
}

int main(void)
{
	test_single();
	test_stress();
	TEST_DONE();
}
