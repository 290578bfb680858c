// SPDX-License-Identifier: MIT
/* A binary buddy allocator with out-of-line metadata (see include/kernel/buddy.h). */
#include <string.h>
#include "kernel/buddy.h"

/* state[i]: OWNED for every added frame; FREE | order too at the first frame of a free block. */
#define BUDDY_FREE  0x80u
#define BUDDY_OWNED 0x40u
#define BUDDY_ORDER 0x3fu
#define BUDDY_NIL   UINT32_MAX
#define STATE_PAGE  12 /* log2 of state bytes per lazily written page */

static size_t state_pages(uint32_t nframes)
{
	return ((size_t)nframes + (1u << STATE_PAGE) - 1) >> STATE_PAGE;
}

size_t buddy_meta_size(uint32_t nframes)
{
	size_t links = 2 * (size_t)nframes * sizeof(uint32_t);
	size_t bitmap = (state_pages(nframes) + 63) / 64 * sizeof(uint64_t);
	return links + (((size_t)nframes + 7) & ~(size_t)7) + bitmap;
}

void buddy_init(struct buddy *b, uint64_t base, uint32_t nframes, void *meta)
{
	memset(b, 0, sizeof(*b));
	b->base = base;
	b->nframes = nframes;
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++)
		b->head[k] = BUDDY_NIL;
	b->next = meta;
	b->prev = b->next + nframes;
	b->state = (uint8_t *)(b->prev + nframes);
	b->written = (uint64_t *)(b->state + (((size_t)nframes + 7) & ~(size_t)7));
	/* Links are written when a block is listed, state bytes a page at a time. */
	memset(b->written, 0, (state_pages(nframes) + 63) / 64 * sizeof(uint64_t));
}

static int page_written(const struct buddy *b, uint32_t page)
{
	return (b->written[page / 64] >> (page % 64)) & 1;
}

/* State byte i: written, or else what the added ranges imply (OWNED or nothing). */
static unsigned st(const struct buddy *b, uint64_t i)
{
	if (page_written(b, (uint32_t)(i >> STATE_PAGE)))
		return b->state[i];
	for (unsigned r = 0; r < b->nranges; r++)
		if (i >= b->range[r][0] && i < b->range[r][1])
			return BUDDY_OWNED;
	return 0;
}

/* Writes out state page `page` with the values the added ranges imply. */
static void page_write(struct buddy *b, uint32_t page)
{
	uint64_t lo = (uint64_t)page << STATE_PAGE, hi = lo + (1u << STATE_PAGE);
	if (hi > b->nframes)
		hi = b->nframes;
	memset(b->state + lo, 0, hi - lo);
	for (unsigned r = 0; r < b->nranges; r++) {
		uint64_t s = b->range[r][0] > lo ? b->range[r][0] : lo;
		uint64_t e = b->range[r][1] < hi ? b->range[r][1] : hi;
		if (s < e)
			memset(b->state + s, BUDDY_OWNED, e - s);
	}
	b->written[page / 64] |= 1ull << (page % 64);
}

static void st_set(struct buddy *b, uint64_t i, unsigned v)
{
	if (!page_written(b, (uint32_t)(i >> STATE_PAGE)))
		page_write(b, (uint32_t)(i >> STATE_PAGE));
	b->state[i] = (uint8_t)v;
}

/* Marks span indexes [lo, hi) as added: remembered as a range, written where pages are. */
static void mark_owned(struct buddy *b, uint64_t lo, uint64_t hi)
{
	int remembered = b->nranges < BUDDY_RANGES;
	if (remembered) {
		b->range[b->nranges][0] = (uint32_t)lo;
		b->range[b->nranges][1] = (uint32_t)hi;
		b->nranges++;
	}
	for (uint64_t p = lo >> STATE_PAGE; p <= (hi - 1) >> STATE_PAGE; p++) {
		if (!page_written(b, (uint32_t)p)) {
			if (remembered)
				continue;
			page_write(b, (uint32_t)p);
		}
		uint64_t s = p << STATE_PAGE > lo ? p << STATE_PAGE : lo;
		uint64_t e = (p + 1) << STATE_PAGE < hi ? (p + 1) << STATE_PAGE : hi;
		memset(b->state + s, BUDDY_OWNED, e - s);
	}
}

static unsigned floor_log2(uint64_t x)
{
	return 63u - (unsigned)__builtin_clzll(x);
}

static unsigned ceil_log2(uint64_t x)
{
	return x <= 1 ? 0 : floor_log2(x - 1) + 1;
}

static void list_push(struct buddy *b, uint32_t i, unsigned k)
{
	st_set(b, i, BUDDY_OWNED | BUDDY_FREE | k);
	b->prev[i] = BUDDY_NIL;
	b->next[i] = b->head[k];
	if (b->head[k] != BUDDY_NIL)
		b->prev[b->head[k]] = i;
	b->head[k] = i;
	b->nonempty |= 1ull << k;
	b->nfree += 1ull << k;
}

static void list_remove(struct buddy *b, uint32_t i, unsigned k)
{
	uint32_t n = b->next[i], p = b->prev[i];
	if (p != BUDDY_NIL)
		b->next[p] = n;
	else
		b->head[k] = n;
	if (n != BUDDY_NIL)
		b->prev[n] = p;
	if (b->head[k] == BUDDY_NIL)
		b->nonempty &= ~(1ull << k);
	st_set(b, i, BUDDY_OWNED);
	b->nfree -= 1ull << k;
}

/* The first frame of the free block holding frame f (in the span), or BUDDY_NONE. */
static uint64_t free_block_of(const struct buddy *b, uint64_t f)
{
	for (unsigned j = 0; j <= BUDDY_MAX_ORDER; j++) {
		uint64_t head = f & ~((1ull << j) - 1);
		if (head < b->base)
			break;
		if (st(b, head - b->base) == (BUDDY_OWNED | BUDDY_FREE | j))
			return head;
	}
	return BUDDY_NONE;
}

static int in_free_block(const struct buddy *b, uint64_t f)
{
	return free_block_of(b, f) != BUDDY_NONE;
}

/* Order of the largest aligned block starting at f that fits in n frames. */
static unsigned piece_order(uint64_t f, uint64_t n)
{
	unsigned k = floor_log2(n);
	if (f && (unsigned)__builtin_ctzll(f) < k)
		k = (unsigned)__builtin_ctzll(f);
	return k > BUDDY_MAX_ORDER ? BUDDY_MAX_ORDER : k;
}

/* Frees one aligned block of order k at frame f, merging it with free buddies. */
static void free_block(struct buddy *b, uint64_t f, unsigned k)
{
	while (k < BUDDY_MAX_ORDER) {
		uint64_t bud = f ^ (1ull << k);
		if (bud < b->base || bud - b->base >= b->nframes ||
		    st(b, bud - b->base) != (BUDDY_OWNED | BUDDY_FREE | k))
			break;
		list_remove(b, (uint32_t)(bud - b->base), k);
		f &= ~(1ull << k);
		k++;
	}
	list_push(b, (uint32_t)(f - b->base), k);
}

/*
 * Checks a range for buddy_free (owned = 1: each block starts on an added
 * frame outside free memory) or buddy_add (owned = 0: on a frame never added).
 */
static int range_ok(const struct buddy *b, uint64_t frame, uint64_t n, int owned)
{
	if (n == 0 || frame < b->base || frame - b->base > b->nframes ||
	    n > b->nframes - (frame - b->base))
		return 0;
	for (uint64_t f = frame, left = n; left;) {
		uint64_t size = 1ull << piece_order(f, left);
		int is_owned = (st(b, f - b->base) & BUDDY_OWNED) != 0;
		if (is_owned != owned || (owned && in_free_block(b, f)))
			return 0;
		f += size;
		left -= size;
	}
	return 1;
}

static void free_range(struct buddy *b, uint64_t frame, uint64_t n)
{
	while (n) {
		unsigned k = piece_order(frame, n);
		free_block(b, frame, k);
		frame += 1ull << k;
		n -= 1ull << k;
	}
}

int buddy_add(struct buddy *b, uint64_t frame, uint64_t n)
{
	if (!range_ok(b, frame, n, 0))
		return -1;
	mark_owned(b, frame - b->base, frame - b->base + n);
	free_range(b, frame, n);
	b->nadded += n;
	return 0;
}

int buddy_free(struct buddy *b, uint64_t frame, uint64_t n)
{
	if (!range_ok(b, frame, n, 1))
		return -1;
	free_range(b, frame, n);
	return 0;
}

/* Takes [a, a + n) out of the free run of blocks starting at frame rs; the rest stays free. */
static void take_from_run(struct buddy *b, uint64_t rs, uint64_t a, uint64_t n)
{
	uint64_t cut[2][2], ncut = 0;
	/* Unlist every block that overlaps first, so the parts left over cannot merge into it. */
	for (uint64_t f = rs; f < a + n;) {
		uint32_t i = (uint32_t)(f - b->base);
		unsigned k = st(b, i) & BUDDY_ORDER;
		uint64_t end = f + (1ull << k);
		if (end > a) {
			list_remove(b, i, k);
			if (f < a)
				cut[ncut][0] = f, cut[ncut][1] = a, ncut++;
			if (end > a + n)
				cut[ncut][0] = a + n, cut[ncut][1] = end, ncut++;
		}
		f = end;
	}
	for (uint64_t c = 0; c < ncut; c++)
		free_range(b, cut[c][0], cut[c][1] - cut[c][0]);
}

/* Whether frame f (in the span) is the first frame of a free block. */
static int free_head(const struct buddy *b, uint64_t f)
{
	return f >= b->base && f - b->base < b->nframes && (st(b, f - b->base) & BUDDY_FREE);
}

/*
 * n frames aligned to 2^align_order that no single free block holds but a
 * run of adjacent free blocks does (n is not a power of two, or memory is
 * split by holes such as the image): first fit over the runs, each walked
 * once from its first block. O(free blocks x log n): only when the buddy
 * search failed.
 */
static uint64_t alloc_from_runs(struct buddy *b, uint64_t n, unsigned align_order)
{
	uint64_t mask = (1ull << align_order) - 1;
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
		for (uint32_t i = b->head[k]; i != BUDDY_NIL; i = b->next[i]) {
			uint64_t rs = b->base + i;
			if (rs > b->base && in_free_block(b, rs - 1))
				continue; /* not the first block of its run */
			uint64_t re = rs;
			while (free_head(b, re))
				re += 1ull << (st(b, re - b->base) & BUDDY_ORDER);
			uint64_t a = (rs + mask) & ~mask;
			if (a < re && re - a >= n) {
				take_from_run(b, rs, a, n);
				return a;
			}
		}
	}
	return BUDDY_NONE;
}

uint64_t buddy_alloc(struct buddy *b, uint64_t n, unsigned align_order)
{
	if (n == 0 || n > (1ull << BUDDY_MAX_ORDER) || align_order > BUDDY_MAX_ORDER)
		return BUDDY_NONE;
	unsigned want = ceil_log2(n);
	if (want < align_order)
		want = align_order;
	uint64_t avail = b->nonempty >> want;
	if (!avail)
		/* Only a request looser than its block (size or alignment) can fit elsewhere. */
		return n < (1ull << want) || align_order < want ? alloc_from_runs(b, n, align_order)
								: BUDDY_NONE;
	unsigned k = want + (unsigned)__builtin_ctzll(avail);
	uint32_t i = b->head[k];
	list_remove(b, i, k);
	/* Split down to the order wanted; the upper halves go back on their lists. */
	while (k > want) {
		k--;
		list_push(b, i + (1u << k), k);
	}
	uint64_t frame = b->base + i;
	if (n < (1ull << want))
		free_range(b, frame + n, (1ull << want) - n);
	return frame;
}

int buddy_take(struct buddy *b, uint64_t frame, uint64_t n)
{
	if (n == 0 || frame < b->base || frame - b->base >= b->nframes ||
	    n > b->nframes - (frame - b->base))
		return -1;
	uint64_t rs = free_block_of(b, frame), end = frame + n, re = rs;
	if (rs == BUDDY_NONE)
		return -1;
	while (re < end && free_head(b, re))
		re += 1ull << (st(b, re - b->base) & BUDDY_ORDER);
	if (re < end)
		return -1;
	take_from_run(b, rs, frame, n);
	return 0;
}
