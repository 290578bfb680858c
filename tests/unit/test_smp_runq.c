/* SPDX-License-Identifier: MIT */
/* Unit tests of the run queue (include/smp/runq.h): semantics, wrap-around, owner and thieves. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "smp/runq.h"
#include "unit_check.h"

#ifdef __SANITIZE_THREAD__
#define STRESS_ITEMS 200000u /* TSan is ~10x slower: fewer items, same shapes */
#else
#define STRESS_ITEMS 2000000u
#endif
#define THIEVES 4

/* Items are never dereferenced by the queue: small integers cast to pointers will do. */
static void *tag(uintptr_t i)
{
	return (void *)(i + 1);
}

static uintptr_t untag(void *p)
{
	return (uintptr_t)p - 1;
}

/* An empty queue whose counters start at start (a fresh one starts at 0). */
static void runq_init_at(struct runq *q, uint32_t start)
{
	atomic_store(&q->head, start);
	atomic_store(&q->tail, start);
}

static void test_empty(void)
{
	static struct runq q;
	CHECK(runq_len(&q) == 0);
	CHECK(runq_pop(&q) == NULL);
	CHECK(runq_steal(&q) == NULL);
	CHECK(runq_len(&q) == 0);
}

/* 3 * RUNQ_SLOTS items through a queue whose counters start at start: FIFO, full, len. */
static void test_fifo_full_at(uint32_t start)
{
	static struct runq q;
	runq_init_at(&q, start);
	uintptr_t next_in = 0, next_out = 0;
	for (int round = 0; round < 3; round++) {
		while (runq_push(&q, tag(next_in)))
			next_in++;
		CHECK(next_in - next_out == RUNQ_SLOTS);
		CHECK(runq_len(&q) == RUNQ_SLOTS);
		/* A failed push leaves the queue as it was. */
		CHECK(!runq_push(&q, tag(999999)));
		CHECK(runq_len(&q) == RUNQ_SLOTS);
		/* Take half (pop and steal are the same take, oldest first), then refill. */
		for (unsigned i = 0; i < RUNQ_SLOTS / 2; i++) {
			void *p = i & 1 ? runq_steal(&q) : runq_pop(&q);
			CHECK(p && untag(p) == next_out);
			next_out++;
		}
		CHECK(runq_len(&q) == RUNQ_SLOTS / 2);
		CHECK(runq_push(&q, tag(next_in)));
		next_in++;
		CHECK(runq_len(&q) == RUNQ_SLOTS / 2 + 1);
	}
	while (next_out < next_in) {
		void *p = runq_pop(&q);
		CHECK(p && untag(p) == next_out);
		next_out++;
		CHECK(runq_len(&q) == next_in - next_out);
	}
	CHECK(runq_pop(&q) == NULL);
	CHECK(runq_len(&q) == 0);
	/* The counters moved past start by the number of items, wrapping if they had to. */
	CHECK(atomic_load(&q.head) == (uint32_t)(start + next_in));
	CHECK(atomic_load(&q.tail) == (uint32_t)(start + next_in));
}

/* One item at a time across the 2^32 boundary: len never reads a wrapped difference. */
static void test_wrap_single(void)
{
	static struct runq q;
	runq_init_at(&q, UINT32_MAX - 5);
	for (uintptr_t i = 0; i < 20; i++) {
		CHECK(runq_push(&q, tag(i)));
		CHECK(runq_push(&q, tag(i + 1000)));
		CHECK(runq_len(&q) == 2);
		void *a = runq_pop(&q), *b = runq_steal(&q);
		CHECK(a && untag(a) == i);
		CHECK(b && untag(b) == i + 1000);
		CHECK(runq_len(&q) == 0);
		CHECK(runq_steal(&q) == NULL);
	}
	CHECK(atomic_load(&q.head) == 34); /* UINT32_MAX - 5 + 40, mod 2^32 */
}

/*
 * Stress: the owner pushes STRESS_ITEMS items in order, popping some itself
 * (and one whenever the ring is full), while THIEVES threads steal. Every
 * item must be taken exactly once, and each taker must see its items in
 * increasing order (the queue is FIFO and items go in in order). Each item
 * carries a payload the owner writes before pushing and the taker reads
 * after taking, and a taker mark the taker writes: plain accesses, so TSan
 * reports any missing happens-before edge through the queue.
 */
struct item {
	uint64_t payload;  /* written by the owner before the push */
	int taker;	   /* written by whoever took it */
	_Atomic int takes; /* times taken: must end at exactly 1 */
};

static struct runq stress_q;
static struct item *items;
static atomic_bool owner_done;

struct taker {
	int id;
	uint64_t taken;
	uint64_t out_of_order; /* items older than the previous one this taker took */
	uint64_t bad_payload;
	long last;
};

static void take_one(struct taker *t, void *p)
{
	struct item *it = p;
	long i = it - items;
	if (it->payload != (uint64_t)i * 2654435761u)
		t->bad_payload++;
	it->taker = t->id;
	/* Relaxed: only counts; a double take shows up in the total whatever the order. */
	atomic_fetch_add_explicit(&it->takes, 1, memory_order_relaxed);
	if (i <= t->last)
		t->out_of_order++;
	t->last = i;
	t->taken++;
}

static void *thief(void *arg)
{
	struct taker *t = arg;
	for (;;) {
		void *p = runq_steal(&stress_q);
		if (p) {
			take_one(t, p);
			continue;
		}
		/* Acquire: after the owner's last push, an empty queue stays empty. */
		if (atomic_load_explicit(&owner_done, memory_order_acquire) &&
		    runq_len(&stress_q) == 0)
			return NULL;
		sched_yield();
	}
}

static void *owner(void *arg)
{
	struct taker *t = arg;
	for (uint32_t i = 0; i < STRESS_ITEMS; i++) {
		items[i].payload = (uint64_t)i * 2654435761u;
		while (!runq_push(&stress_q, &items[i])) {
			/* Full: the scheduler would keep it elsewhere; here the owner runs one. */
			void *p = runq_pop(&stress_q);
			if (p)
				take_one(t, p);
		}
		/* The owner also runs its own work now and then. */
		if (i % 7 == 0) {
			void *p = runq_pop(&stress_q);
			if (p)
				take_one(t, p);
		}
	}
	atomic_store_explicit(&owner_done, true, memory_order_release);
	void *p;
	while ((p = runq_pop(&stress_q)))
		take_one(t, p);
	return NULL;
}

static void test_stress(uint32_t start)
{
	items = calloc(STRESS_ITEMS, sizeof(*items));
	if (!items) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	for (uint32_t i = 0; i < STRESS_ITEMS; i++)
		items[i].taker = -1;
	runq_init_at(&stress_q, start);
	atomic_store(&owner_done, false);

	struct taker takers[1 + THIEVES];
	pthread_t tid[1 + THIEVES];
	for (int i = 0; i <= THIEVES; i++) {
		takers[i] = (struct taker){.id = i, .last = -1};
		pthread_create(&tid[i], NULL, i ? thief : owner, &takers[i]);
	}
	uint64_t total = 0, stolen = 0, out_of_order = 0, bad_payload = 0;
	for (int i = 0; i <= THIEVES; i++) {
		pthread_join(tid[i], NULL);
		total += takers[i].taken;
		stolen += i ? takers[i].taken : 0;
		out_of_order += takers[i].out_of_order;
		bad_payload += takers[i].bad_payload;
	}
	uint64_t not_once = 0, untaken = 0;
	for (uint32_t i = 0; i < STRESS_ITEMS; i++) {
		not_once += atomic_load(&items[i].takes) != 1;
		untaken += items[i].taker < 0;
	}
	printf("stress from %#x: %llu items, %llu stolen by %d thieves\n", start,
	       (unsigned long long)total, (unsigned long long)stolen, THIEVES);
	/* Exactly once: every item's count is 1, and the takers' totals agree. */
	CHECK(not_once == 0);
	CHECK(untaken == 0);
	CHECK(total == STRESS_ITEMS);
	CHECK(out_of_order == 0);
	CHECK(bad_payload == 0);
	CHECK(runq_len(&stress_q) == 0);
	CHECK(atomic_load(&stress_q.head) == (uint32_t)(start + STRESS_ITEMS));
	free(items);
}

int main(void)
{
	test_empty();
	test_fifo_full_at(0);
	test_fifo_full_at(UINT32_MAX - 100); /* the counters wrap while the ring is full */
	test_fifo_full_at(UINT32_MAX - RUNQ_SLOTS + 1);
	test_wrap_single();
	test_stress(0);
	test_stress(UINT32_MAX - 1000); /* wrap-around under contention */
	TEST_DONE();
}
