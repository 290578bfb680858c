/* SPDX-License-Identifier: MIT */
/* Unit tests of the allocator core over a buddy-managed arena of two "nodes", with threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kernel/buddy.h"
#include "runtime/malloc.h"
#include "unit_check.h"

#ifdef __SANITIZE_THREAD__
#define SCALE 1 /* TSan is ~10x slower: fewer rounds, same shapes */
#else
#define SCALE 4
#endif

#define ARENA	 (512ul << 20) /* two nodes of 256 MiB */
#define NODES	 2
#define NODE_SZ	 (ARENA / NODES)
#define NTHREADS 8

static uintptr_t arena;
static struct buddy node_buddy[NODES];
static pthread_mutex_t node_lock[NODES] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static void *node_meta[NODES];

static int be_node_of(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	return a >= arena && a < arena + ARENA ? (int)((a - arena) / NODE_SZ) : -1;
}

static void *be_alloc(size_t size, size_t align, int node)
{
	unsigned order = align > 4096 ? (unsigned)__builtin_ctzll(align) - 12 : 0;
	for (int i = 0; i < NODES; i++) {
		int n = (node + i) % NODES;
		pthread_mutex_lock(&node_lock[n]);
		uint64_t f = buddy_alloc(&node_buddy[n], (size + 4095) / 4096, order);
		pthread_mutex_unlock(&node_lock[n]);
		if (f != BUDDY_NONE)
			return (void *)(uintptr_t)(f * 4096);
	}
	return NULL;
}

static void be_free(void *p, size_t size)
{
	int n = be_node_of(p);
	pthread_mutex_lock(&node_lock[n]);
	int r = buddy_free(&node_buddy[n], (uintptr_t)p / 4096, (size + 4095) / 4096);
	pthread_mutex_unlock(&node_lock[n]);
	if (r) {
		fprintf(stderr, "backend: bad free of %p (%zu bytes)\n", p, size);
		abort();
	}
}

static int be_take(void *p, size_t size)
{
	int n = be_node_of(p);
	pthread_mutex_lock(&node_lock[n]);
	int r = buddy_take(&node_buddy[n], (uintptr_t)p / 4096, (size + 4095) / 4096);
	pthread_mutex_unlock(&node_lock[n]);
	return r;
}

static const struct malloc_backend be = {be_alloc, be_free, be_node_of, be_take};
static struct malloc_heap heap;

static uint64_t backend_free(void)
{
	uint64_t n = 0;
	for (int i = 0; i < NODES; i++) {
		pthread_mutex_lock(&node_lock[i]);
		n += node_buddy[i].nfree;
		pthread_mutex_unlock(&node_lock[i]);
	}
	return n * 4096;
}

static void setup(void)
{
	void *m = mmap(NULL, ARENA + (2ul << 20), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	arena = ((uintptr_t)m + (2ul << 20) - 1) & ~((2ul << 20) - 1);
	for (int n = 0; n < NODES; n++) {
		uint32_t frames = (uint32_t)(NODE_SZ / 4096);
		node_meta[n] = malloc(buddy_meta_size(frames));
		uint64_t base = (arena + n * NODE_SZ) / 4096;
		buddy_init(&node_buddy[n], base, frames, node_meta[n]);
		buddy_add(&node_buddy[n], base, frames);
	}
	CHECK(malloc_heap_init(&heap, &be, arena, arena + ARENA, NODES) == 0);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	return x ^ (x >> 33);
}

static void fill(void *p, size_t n, uint64_t seed)
{
	unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)mix(seed + i / 8);
}

static int intact(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)mix(seed + i / 8))
			return 0;
	return 1;
}

static void test_classes(void)
{
	for (size_t s = 0; s <= MALLOC_MAX_SMALL; s += s < 4096 ? 1 : 997) {
		unsigned c = malloc_class_of(s);
		CHECK(c < MALLOC_NCLASSES && malloc_class_size(c) >= s);
		if (c > 0 && s > 0 && malloc_class_size(c - 1) >= s)
			CHECK(!"a smaller class would do");
	}
	CHECK(malloc_class_of(MALLOC_MAX_SMALL) == MALLOC_NCLASSES - 1);
	CHECK(malloc_class_size(MALLOC_NCLASSES - 1) == MALLOC_MAX_SMALL);
	for (unsigned c = 0; c < MALLOC_NCLASSES; c++) {
		CHECK(heap.cls[c].nobj >= 2 && heap.cls[c].cap <= MALLOC_CACHE_SLOTS);
		/* The division-free object test agrees with %, at every offset of a span. */
		struct malloc_span s = {.base = 1u << 21, .cls = (uint16_t)c};
		uint32_t size = heap.cls[c].size, wrong = 0;
		for (uint32_t off = 0; off < heap.cls[c].span; off++)
			wrong += malloc_span_holds(&heap, &s, (void *)(s.base + off)) !=
				 (off % size == 0);
		CHECK(wrong == 0);
	}
}

/* Sizes and alignments on one cache; contents survive; usable sizes; bad frees refused. */
static void test_basic(struct malloc_cache *c)
{
	enum { N = 3000 };
	static void *p[N];
	static size_t len[N];
	for (int i = 0; i < N; i++) {
		len[i] = (size_t)mix((uint64_t)i) % (i % 50 == 0 ? 3u << 20 : 2000);
		p[i] = malloc_alloc(c, len[i], 16);
		CHECK(p[i] && (uintptr_t)p[i] % 16 == 0 && malloc_usable(&heap, p[i]) >= len[i]);
		fill(p[i], len[i], (uint64_t)i);
	}
	for (int i = 0; i < N; i++)
		CHECK(intact(p[i], len[i], (uint64_t)i));
	char *x = malloc_alloc(c, 100, 16);
	CHECK(malloc_release(c, x + 16) == -1);	       /* inside an object */
	CHECK(malloc_release(c, (void *)&heap) == -1); /* not heap memory */
	char *big = malloc_alloc(c, 5u << 20, 16);
	CHECK(big && (uintptr_t)big % MALLOC_LARGE_PAGE == 0);
	CHECK(malloc_usable(&heap, big) == 6u << 20);
	CHECK(malloc_release(c, big + 4096) == -1);
	CHECK(malloc_release(c, big + (2u << 20)) == -1);
	CHECK(malloc_release(c, big) == 0 && malloc_release(c, big) == -1); /* large double free */
	CHECK(malloc_release(c, x) == 0);
	for (int i = 0; i < N; i++)
		CHECK(malloc_release(c, p[i]) == 0);
	for (size_t align = 32; align <= (8u << 20); align *= 2) {
		for (size_t size = 0; size < (3u << 20); size = size * 3 + 7) {
			void *q = malloc_alloc(c, size, align);
			CHECK(q && (uintptr_t)q % align == 0 && malloc_usable(&heap, q) >= size);
			memset(q, 0x5a, size);
			CHECK(malloc_release(c, q) == 0);
		}
	}
	CHECK(malloc_alloc(c, SIZE_MAX - 100, 16) == NULL);
	CHECK(malloc_alloc(c, SIZE_MAX / 2, 16) == NULL);
}

/* Large blocks: freed memory is reused, many times more than the arena in total. */
static void test_reuse(struct malloc_cache *c)
{
	size_t total = 0;
	for (int i = 0; i < 40 * SCALE; i++) {
		size_t n = (100u << 20) + (size_t)i * 4096;
		char *p = malloc_alloc(c, n, 16);
		CHECK(p != NULL);
		if (!p)
			return;
		p[0] = 1;
		p[n - 1] = 2;
		total += n;
		CHECK(malloc_release(c, p) == 0);
	}
	CHECK(total > 5 * ARENA);
	/* In place: a fresh 2 MiB block grows into the free half of its split buddy. */
	malloc_heap_trim(&heap);
	uint64_t before = backend_free();
	char *p = malloc_alloc(c, 2u << 20, 16);
	CHECK(p && malloc_resize_large(&heap, p, (3u << 20) + 1) == 0);
	CHECK(malloc_usable(&heap, p) == 4u << 20 && backend_free() == before - (4u << 20));
	memset(p, 1, 4u << 20);
	CHECK(malloc_resize_large(&heap, p, (1u << 20) + 1) == 0); /* the tail goes back */
	CHECK(malloc_usable(&heap, p) == 2u << 20 && backend_free() == before - (2u << 20));
	char *q = malloc_alloc(c, 2u << 20, 16); /* probably right after p */
	if (q == p + (2u << 20))
		CHECK(malloc_resize_large(&heap, p, 3u << 20) == -1); /* q is in the way */
	CHECK(malloc_resize_large(&heap, p, 100) == -1);	      /* not to a small size */
	CHECK(malloc_release(c, q) == 0 && malloc_release(c, p) == 0);
	CHECK(backend_free() == before);
}

/* Out of memory: NULL, small allocations still work, and all of it comes back. */
static void test_oom(struct malloc_cache *c)
{
	enum { MAXP = 1 << 16 };
	static void *p[MAXP];
	int n = 0;
	malloc_cache_drain(c);
	malloc_heap_trim(&heap);
	uint64_t before = backend_free();
	while (n < MAXP && (p[n] = malloc_alloc(c, 8u << 20, 16)))
		n++;
	CHECK(n > 0 && n < MAXP);
	CHECK(malloc_alloc(c, 8u << 20, 16) == NULL);
	void *small = malloc_alloc(c, 64, 16); /* spans come from what is left */
	CHECK(small != NULL);
	for (int i = 0; i < n; i++)
		CHECK(malloc_release(c, p[i]) == 0);
	if (small)
		CHECK(malloc_release(c, small) == 0);
	/* Now small objects until memory runs out, then back and one big block. */
	n = 0;
	while (n < MAXP && (p[n] = malloc_alloc(c, 4000, 16)))
		n++;
	while (n < MAXP && (p[n] = malloc_alloc(c, 100000, 16)))
		n++;
	CHECK(n == MAXP || malloc_alloc(c, 1000, 16) == NULL);
	for (int i = 0; i < n; i++)
		CHECK(malloc_release(c, p[i]) == 0);
	void *big = malloc_alloc(c, ARENA / 4, 16); /* needs the spans returned */
	CHECK(big != NULL);
	if (big)
		CHECK(malloc_release(c, big) == 0);
	malloc_cache_drain(c);
	malloc_heap_trim(&heap);
	CHECK(backend_free() == before);
}

/* A core's memory lies in its node; objects freed on the other node go home. */
static void test_nodes(struct malloc_cache *c0, struct malloc_cache *c1)
{
	enum { N = 2000 };
	static void *p[N];
	uint64_t before = backend_free();
	for (int i = 0; i < N; i++) {
		p[i] = malloc_alloc(c1, (size_t)(i % 700) + 1, 16);
		CHECK(be_node_of(p[i]) == 1);
	}
	void *big = malloc_alloc(c1, 4u << 20, 16);
	CHECK(be_node_of(big) == 1);
	CHECK(malloc_release(c0, big) == 0);
	for (int i = 0; i < N; i++)
		CHECK(malloc_release(c0, p[i]) == 0); /* remote frees */
	malloc_cache_drain(c0);
	malloc_cache_drain(c1);
	malloc_heap_trim(&heap);
	CHECK(backend_free() == before);
	for (int i = 0; i < N; i++) {
		p[i] = malloc_alloc(c0, 48, 16);
		CHECK(be_node_of(p[i]) == 0);
	}
	for (int i = 0; i < N; i++)
		CHECK(malloc_release(c1, p[i]) == 0);
}

/* Threads allocate, check, trade and free blocks through shared slots. */
#define SLOTS 512
static _Atomic(uint64_t *) slot[SLOTS];
static struct malloc_cache *tcache[NTHREADS];
static atomic_int thread_errors;

/* A block: word 0 = its size in words, word 1 = seed, then mix(seed + i). */
static uint64_t *block_new(struct malloc_cache *c, uint64_t r)
{
	size_t words = 2 + (size_t)(r % 64 == 0 ? mix(r) % 40000 : mix(r) % 300);
	uint64_t *b = malloc_alloc(c, words * 8, r % 16 == 0 ? 64 : 16);
	if (!b)
		return NULL;
	b[0] = words;
	b[1] = r;
	for (size_t i = 2; i < words; i++)
		b[i] = mix(r + i);
	return b;
}

static int block_ok(const uint64_t *b)
{
	for (size_t i = 2; i < b[0]; i++)
		if (b[i] != mix(b[1] + i))
			return 0;
	return 1;
}

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	struct malloc_cache *c = tcache[id];
	uint64_t r = mix((uint64_t)id + 1);
	for (int round = 0; round < 20000 * SCALE; round++) {
		r = mix(r + (uint64_t)round);
		uint64_t *b = block_new(c, r);
		if (!b) {
			atomic_fetch_add(&thread_errors, 1);
			continue;
		}
		/* acq_rel: our stores to b are seen by whoever takes it; we see theirs. */
		uint64_t *old = atomic_exchange_explicit(&slot[r % SLOTS], b, memory_order_acq_rel);
		if (old) {
			if (!block_ok(old))
				atomic_fetch_add(&thread_errors, 1);
			if (malloc_release(c, old))
				atomic_fetch_add(&thread_errors, 1);
		}
	}
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		malloc_cache_drain(tcache[i]);
	malloc_heap_trim(&heap);
	uint64_t before = backend_free();
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	CHECK(atomic_load(&thread_errors) == 0);
	for (int i = 0; i < SLOTS; i++) {
		uint64_t *b = atomic_load(&slot[i]);
		if (b) {
			CHECK(block_ok(b));
			CHECK(malloc_release(tcache[i % NTHREADS], b) == 0);
		}
	}
	for (int i = 0; i < NTHREADS; i++)
		malloc_cache_drain(tcache[i]);
	malloc_heap_trim(&heap);
	CHECK(backend_free() == before);
	printf("threads: %d x %d rounds\n", NTHREADS, 20000 * SCALE);
}

int main(void)
{
	setup();
	test_classes();
	for (int i = 0; i < NTHREADS; i++)
		tcache[i] = malloc_cache_new(&heap, (unsigned)(i % NODES));
	test_basic(tcache[0]);
	test_reuse(tcache[0]);
	test_oom(tcache[0]);
	test_nodes(tcache[0], tcache[1]);
	test_threads();
	TEST_DONE();
}
