// SPDX-License-Identifier: MIT
/*
 * bench/malloc: malloc/free throughput on 1 and on N cores, the same C source
 * on Linux (glibc) and on Eremit (whatever malloc the runtime links).
 * Each core replaces random blocks of its own set of live blocks, writing the
 * first and last byte of each new block so that memory is really handed out:
 *  - same_64B: 64 B blocks, 4096 live;
 *  - mixed_16B_4KiB: 16 B..4 KiB, 4096 live;
 *  - large_64KiB_1MiB: 64 KiB..1 MiB, 256 live (up to 256 MiB per core), 1/100 of the operations.
 * Each core first warms its heap up with these patterns (untimed).
 * With N cores every core does the same work at once, and one more pattern:
 *  - cross_core_free_64B: each core allocates 64 B blocks and hands them over
 *    a ring to the next core, which checks and frees them (every free is remote).
 *   malloc [MILLION_OPS] [CORES]   (defaults 10, every core)
 * Prints "pattern/CORES Mops/s" lines for run.sh: CORES = 1, then CORES = N
 * (the sum over the cores, timed from the common start to the last core's end).
 */
#include "../common/par.h"
#include <time.h>

#define SLOTS 4096
#define RING  1024 /* blocks in flight between two cores; a power of two */

enum pattern { SAME_64B, MIXED, LARGE, CROSS_FREE, PATTERNS };

static const char *const pattern_name[PATTERNS] = {"same_64B", "mixed_16B_4KiB", "large_64KiB_1MiB",
						   "cross_core_free_64B"};

/* A single-producer single-consumer ring; each side caches the other's index. */
struct ring {
	_Alignas(PAR_LINE) atomic_ulong tail; /* written by the producer */
	_Alignas(PAR_LINE) atomic_ulong head; /* written by the consumer */
	_Alignas(PAR_LINE) char *block[RING];
};

/* One core's state, written by that core only (its ring's head by the next core). */
struct worker {
	_Alignas(PAR_LINE) uint64_t rng;
	long ops;
	double t0, t1;
	char *slot[SLOTS];
	struct ring out; /* to core (i + 1) % n */
};

static struct worker *worker[PAR_MAX];
static enum pattern current;
static long pattern_ops;
static unsigned cores;

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t next(struct worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fprintf(stderr, "malloc(%zu) failed: out of memory\n", n);
		exit(1);
	}
	return p;
}

static size_t size_for(struct worker *w, enum pattern p)
{
	switch (p) {
	case MIXED:
		return 16 + next(w) % 4081;
	case LARGE:
		return (64u << 10) + next(w) % (960u << 10);
	default:
		return 64;
	}
}

/* ops times: replace a random slot's block with a new one. */
static void churn(struct worker *w, enum pattern p, long ops)
{
	unsigned slots = p == LARGE ? SLOTS / 16 : SLOTS;

	for (long i = 0; i < ops; i++) {
		unsigned s = (unsigned)(next(w) % slots);
		size_t n = size_for(w, p);

		free(w->slot[s]);
		w->slot[s] = xmalloc(n);
		w->slot[s][0] = 1;
		w->slot[s][n - 1] = 1;
	}
}

/* Frees the blocks churn left (untimed). */
static void drain(struct worker *w)
{
	for (unsigned s = 0; s < SLOTS; s++) {
		free(w->slot[s]);
		w->slot[s] = 0;
	}
}

/*
 * Core i makes ops blocks for core i+1 and frees the ops blocks core i-1
 * makes for it; it frees whenever its own ring is full, so nobody waits for
 * ever. The block carries its maker's number, checked before the free.
 */
static void cross_free(struct worker *w, unsigned i, long ops)
{
	struct ring *out = &w->out, *in = &worker[(i + cores - 1) % cores]->out;
	unsigned long tail = atomic_load_explicit(&out->tail, memory_order_relaxed);
	unsigned long head = atomic_load_explicit(&in->head, memory_order_relaxed);
	unsigned long out_room = 0, in_have = 0; /* cached: slots free in out, blocks in in */
	unsigned from = (i + cores - 1) % cores;
	long made = 0, freed = 0;

	while (made < ops || freed < ops) {
		if (made < ops) {
			if (!out_room)
				/* acquire: the consumer has read the slots it gave back. */
				out_room =
				    RING -
				    (tail - atomic_load_explicit(&out->head, memory_order_acquire));
			if (out_room) {
				char *b = xmalloc(64);
				b[0] = (char)i;
				b[63] = 1;
				out->block[tail % RING] = b;
				/* release: the block and its slot are written before it is seen. */
				atomic_store_explicit(&out->tail, ++tail, memory_order_release);
				out_room--;
				made++;
			}
		}
		if (!in_have)
			/* acquire: pairs with the producer's release of tail. */
			in_have = atomic_load_explicit(&in->tail, memory_order_acquire) - head;
		if (in_have) {
			char *b = in->block[head % RING];
			if (b[0] != (char)from || b[63] != 1) {
				fprintf(stderr, "core %u: a block from core %u is corrupt\n", i,
					from);
				exit(1);
			}
			free(b);
			/* release: the slot has been read before the producer may reuse it. */
			atomic_store_explicit(&in->head, ++head, memory_order_release);
			in_have--;
			freed++;
		}
	}
}

static void work(unsigned i, void *unused)
{
	struct worker *w = worker[i];

	(void)unused;
	w->t0 = now_s();
	if (current == CROSS_FREE)
		cross_free(w, i, pattern_ops);
	else
		churn(w, current, pattern_ops);
	w->t1 = now_s();
	drain(w);
}

/* The workers allocate their own state on their own core (per-core heaps and NUMA see it). */
static void setup(unsigned i, void *unused)
{
	(void)unused;
	if (!worker[i]) {
		/* The struct's size is a multiple of its alignment, as aligned_alloc wants. */
		worker[i] = aligned_alloc(PAR_LINE, sizeof *worker[i]);
		if (!worker[i]) {
			fprintf(stderr, "core %u: no memory for its state\n", i);
			exit(1);
		}
		*worker[i] =
		    (struct worker){.rng = 88172645463325252ull + i * 0x9e3779b97f4a7c15ull};
	}
	/*
	 * Warm each core's heap up, large blocks as long as they are timed: the
	 * first touch of a 4 KiB page of guest memory is a host page fault
	 * (shadow paging under PVM), and large blocks touch two pages at random
	 * places, so a cold heap keeps faulting for about 100,000 blocks.
	 */
	churn(worker[i], MIXED, 100000);
	drain(worker[i]);
	churn(worker[i], LARGE, 100000);
	drain(worker[i]);
}

/* Mops/s of pattern p on n cores at once: all operations over the whole span. */
static double measure(enum pattern p, long ops, unsigned n)
{
	double t0 = 1e300, t1 = 0;

	current = p;
	pattern_ops = ops;
	cores = n;
	if (par_run(n, work, 0))
		exit(1);
	for (unsigned i = 0; i < n; i++) {
		t0 = worker[i]->t0 < t0 ? worker[i]->t0 : t0;
		t1 = worker[i]->t1 > t1 ? worker[i]->t1 : t1;
	}
	return (double)ops * n / (t1 - t0) / 1e6;
}

int main(int argc, char **argv)
{
	long mops = argc > 1 ? atol(argv[1]) : 10;
	long n = argc > 2 ? atol(argv[2]) : (long)par_cores();

	if (mops <= 0 || n < 1 || n > (long)par_cores()) {
		fprintf(stderr, "usage: %s [MILLION_OPS] [CORES (1..%u)]\n", argv[0], par_cores());
		return 2;
	}
	if (par_run((unsigned)n, setup, 0))
		return 1;
	printf("cores %ld\n", n);
	for (unsigned c = 1;; c = (unsigned)n) {
		for (enum pattern p = 0; p < PATTERNS; p++) {
			if (p == CROSS_FREE && c < 2)
				continue;
			long ops = p == LARGE ? mops * 10000 : mops * 1000000;
			printf("%s/%u %.3f\n", pattern_name[p], c, measure(p, ops, c));
		}
		if (c == (unsigned)n)
			break;
	}
	return 0;
}
