/* SPDX-License-Identifier: MIT */
/* Unit tests of the timer pairing heap: fixed cases, its invariants, random runs against a reference. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel/timer.h"
#include "unit_check.h"

static uint64_t rng_state;

static uint64_t rng(void) /* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/*
 * Walks the whole heap: heap order, every back link, the queued flags and
 * the count. Iterative, since a heap can be a list as long as itself.
 */
static int heap_valid(const struct timer_heap *h)
{
	if (!h->root)
		return h->count == 0;
	if (h->root->prev || h->root->next || !h->root->queued)
		return 0;
	struct timer **stack = malloc(sizeof(*stack) * (h->count + 1));
	size_t top = 0, seen = 0;
	int ok = 1;
	stack[top++] = h->root;
	while (top && ok) {
		struct timer *n = stack[--top];
		if (++seen > h->count) {
			ok = 0;
			break;
		}
		struct timer *left = n;
		for (struct timer *c = n->child; c; left = c, c = c->next) {
			if (c->prev != left || c->deadline < n->deadline || !c->queued) {
				ok = 0;
				break;
			}
			stack[top++] = c;
			if (top > h->count) {
				ok = 0;
				break;
			}
		}
	}
	free(stack);
	return ok && seen == h->count;
}

static void test_empty_and_single(void)
{
	struct timer_heap h = {0};
	struct timer t = TIMER_INIT(NULL, NULL);

	CHECK(timer_heap_min(&h) == NULL);
	CHECK(timer_heap_pop(&h) == NULL);
	CHECK(heap_valid(&h));
	t.deadline = 42;
	timer_heap_insert(&h, &t);
	CHECK(t.queued && h.count == 1 && timer_heap_min(&h) == &t);
	CHECK(heap_valid(&h));
	CHECK(timer_heap_pop(&h) == &t);
	CHECK(!t.queued && h.count == 0 && timer_heap_min(&h) == NULL);
	timer_heap_insert(&h, &t); /* a popped timer can be queued again */
	timer_heap_remove(&h, &t);
	CHECK(!t.queued && h.count == 0 && h.root == NULL);
}

/* Inserts n timers with the given deadlines, then checks they pop in order. */
static void pops_sorted(struct timer *ts, size_t n)
{
	struct timer_heap h = {0};
	for (size_t i = 0; i < n; i++)
		timer_heap_insert(&h, &ts[i]);
	CHECK(h.count == n);
	CHECK(heap_valid(&h));
	uint64_t last = 0;
	size_t popped = 0, disorder = 0;
	struct timer *t;
	while ((t = timer_heap_pop(&h))) {
		disorder += t->deadline < last || t->queued;
		last = t->deadline;
		popped++;
	}
	CHECK(popped == n);
	CHECK(disorder == 0);
}

static void test_orders(void)
{
	enum { N = 100000 };
	struct timer *ts = calloc(N, sizeof(*ts));

	for (size_t i = 0; i < N; i++)
		ts[i].deadline = i;
	pops_sorted(ts, N);
	for (size_t i = 0; i < N; i++)
		ts[i].deadline = N - i;
	pops_sorted(ts, N);
	for (size_t i = 0; i < N; i++)
		ts[i].deadline = 7; /* all equal */
	pops_sorted(ts, N);
	rng_state = 1;
	for (size_t i = 0; i < N; i++)
		ts[i].deadline = rng();
	pops_sorted(ts, N);
	for (size_t i = 0; i < N; i++)
		ts[i].deadline = i % 2 ? UINT64_MAX : UINT64_MAX - i; /* the far end of the range */
	pops_sorted(ts, N);
	free(ts);
}

/* Removing the root, a leftmost child, a middle sibling and a last sibling. */
static void test_remove_positions(void)
{
	struct timer ts[8];
	struct timer_heap h = {0};

	for (int i = 0; i < 8; i++) {
		ts[i] = TIMER_INIT(NULL, NULL);
		ts[i].deadline = 100 + (uint64_t)i;
		timer_heap_insert(&h, &ts[i]); /* 100 is root, the rest its children */
	}
	timer_heap_remove(&h, &ts[7]); /* leftmost child */
	CHECK(heap_valid(&h) && h.count == 7);
	timer_heap_remove(&h, &ts[1]); /* last sibling */
	CHECK(heap_valid(&h) && h.count == 6);
	timer_heap_remove(&h, &ts[4]); /* middle sibling */
	CHECK(heap_valid(&h) && h.count == 5);
	timer_heap_remove(&h, &ts[0]); /* root */
	CHECK(heap_valid(&h) && h.count == 4 && timer_heap_min(&h) == &ts[2]);
	uint64_t want[] = {102, 103, 105, 106};
	for (int i = 0; i < 4; i++) {
		struct timer *t = timer_heap_pop(&h);
		CHECK(t && t->deadline == want[i]);
	}
	CHECK(h.count == 0 && !timer_heap_pop(&h));
	for (int i = 0; i < 8; i++)
		CHECK(!ts[i].queued);
}

/*
 * Random inserts, removes and pops against a reference (the queued flags of
 * a pool, scanned for the minimum). Small deadline ranges force ties.
 */
static int random_run(uint64_t seed, size_t pool, uint64_t range, size_t ops)
{
	struct timer *ts = calloc(pool, sizeof(*ts));
	struct timer_heap h = {0};
	size_t queued = 0;
	int ok = 1;

	rng_state = seed;
	for (size_t op = 0; op < ops && ok; op++) {
		struct timer *t = &ts[rng() % pool];
		switch (rng() % 4) {
		case 0:
		case 1: /* insert, or remove and re-insert elsewhere */
			if (t->queued) {
				timer_heap_remove(&h, t);
				queued--;
			}
			t->deadline = rng() % range;
			timer_heap_insert(&h, t);
			queued++;
			break;
		case 2:
			if (t->queued) {
				timer_heap_remove(&h, t);
				queued--;
				ok &= !t->queued;
			}
			break;
		case 3: {
			uint64_t min = UINT64_MAX;
			for (size_t i = 0; i < pool; i++)
				if (ts[i].queued && ts[i].deadline < min)
					min = ts[i].deadline;
			struct timer *p = timer_heap_pop(&h);
			if (!queued) {
				ok &= p == NULL;
			} else {
				ok &= p && !p->queued && p->deadline == min;
				queued--;
			}
			break;
		}
		}
		ok &= h.count == queued;
		struct timer *m = timer_heap_min(&h);
		ok &= queued ? m && m->queued : !m;
		if (op % 97 == 0)
			ok &= heap_valid(&h);
	}
	ok &= heap_valid(&h);
	/* Drain: the rest comes out sorted, and is exactly the queued set. */
	uint64_t last = 0;
	for (struct timer *p; (p = timer_heap_pop(&h)); queued--) {
		ok &= p->deadline >= last;
		last = p->deadline;
	}
	ok &= queued == 0;
	for (size_t i = 0; i < pool; i++)
		ok &= !ts[i].queued;
	free(ts);
	if (!ok)
		fprintf(stderr, "  random run failed: seed %llu, pool %zu, range %llu\n",
			(unsigned long long)seed, pool, (unsigned long long)range);
	return ok;
}

static void test_random(void)
{
	for (uint64_t seed = 1; seed <= 20; seed++) {
		CHECK(random_run(seed, 8, 4, 20000));
		CHECK(random_run(seed, 200, 50, 50000));
		CHECK(random_run(seed, 1000, UINT64_MAX, 50000));
	}
}

int main(void)
{
	test_empty_and_single();
	test_orders();
	test_remove_positions();
	test_random();
	TEST_DONE();
}
