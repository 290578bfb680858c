/* SPDX-License-Identifier: MIT */
/* Unit tests of the buddy frame allocator against a shadow map of every frame. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/buddy.h"
#include "unit_check.h"

#define BASE	0x200u /* frame 0x200 = 2 MiB: alignment is checked on absolute numbers */
#define NFRAMES 5000u  /* not a power of two, so the span ends in small blocks */
#define HOLE_LO 1000u  /* frames [HOLE_LO, HOLE_HI) of the span are never added */
#define HOLE_HI 1300u
#define MAXLIVE 400

static struct buddy b;
static void *meta;
static int owner[NFRAMES]; /* 0 free or hole, else allocation id */

struct live {
	uint64_t frame, n;
	int id;
};

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void setup(void)
{
	free(meta);
	meta = malloc(buddy_meta_size(NFRAMES));
	memset(meta, 0xa5, buddy_meta_size(NFRAMES)); /* buddy_init must not rely on zeroes */
	buddy_init(&b, BASE, NFRAMES, meta);
	memset(owner, 0, sizeof(owner));
	CHECK(buddy_add(&b, BASE, HOLE_LO) == 0);
	CHECK(buddy_add(&b, BASE + HOLE_HI, NFRAMES - HOLE_HI) == 0);
}

/* Marks [frame, frame + n) as owned by id; every frame must be free and not a hole. */
static int claim(uint64_t frame, uint64_t n, int id)
{
	for (uint64_t f = frame; f < frame + n; f++) {
		uint64_t i = f - BASE;
		if (i >= NFRAMES || (i >= HOLE_LO && i < HOLE_HI) || owner[i])
			return 0;
		owner[i] = id;
	}
	return 1;
}

static void test_basics(void)
{
	setup();
	uint64_t total = NFRAMES - (HOLE_HI - HOLE_LO);
	CHECK(b.nfree == total && b.nadded == total);
	uint64_t f = buddy_alloc(&b, 3, 0);
	CHECK(f != BUDDY_NONE && b.nfree == total - 3); /* exactly 3, the 4th goes back */
	CHECK(claim(f, 3, 1));
	uint64_t g = buddy_alloc(&b, 1, 9); /* 2 MiB-aligned frame */
	CHECK(g != BUDDY_NONE && g % 512 == 0);
	CHECK(buddy_free(&b, g, 1) == 0);
	CHECK(buddy_free(&b, g, 1) == -1);     /* double free */
	CHECK(buddy_free(&b, f + 1, 1) == 0);  /* a piece of an allocation */
	CHECK(buddy_free(&b, f + 1, 2) == -1); /* starts in free memory */
	CHECK(buddy_free(&b, f, 1) == 0 && buddy_free(&b, f + 2, 1) == 0);
	CHECK(b.nfree == total);
	CHECK(buddy_free(&b, BASE + NFRAMES, 1) == -1); /* outside the span */
	CHECK(buddy_free(&b, BASE - 1, 2) == -1);
	CHECK(buddy_free(&b, BASE + HOLE_LO, 4) == -1); /* a hole: not ours */
	CHECK(buddy_add(&b, BASE + 10, 1) == -1);	/* added before */
	CHECK(buddy_alloc(&b, 0, 0) == BUDDY_NONE);
	CHECK(buddy_alloc(&b, NFRAMES, 0) == BUDDY_NONE); /* larger than any block */
	CHECK(buddy_alloc(&b, 1, 20) == BUDDY_NONE);	  /* no 4 GiB-aligned frame in the span */
	CHECK(b.nfree == total);
	memset(owner, 0, sizeof(owner)); /* everything is free again */
	/* No 4096-frame block exists: 3000 frames come from the run above the hole. */
	uint64_t run = buddy_alloc(&b, 3000, 2);
	CHECK(run != BUDDY_NONE && run % 4 == 0 && claim(run, 3000, 2));
	CHECK(b.nfree == total - 3000);
	CHECK(buddy_alloc(&b, 3000, 0) == BUDDY_NONE);
	CHECK(buddy_free(&b, run, 3000) == 0 && b.nfree == total);
	uint64_t r2 = buddy_alloc(&b, NFRAMES - HOLE_HI - 1, 0);
	CHECK(r2 == BASE + HOLE_HI || r2 == BASE + HOLE_HI + 1);
	CHECK(buddy_free(&b, r2, NFRAMES - HOLE_HI - 1) == 0 && b.nfree == total);
}

/* A power-of-two request with a smaller alignment fits across blocks when no block holds it. */
static void test_unaligned_run(void)
{
	static uint64_t m[64];
	struct buddy t;
	buddy_init(&t, 0x201, 9, m); /* frames 0x201..0x209: blocks of 1, 2, 4 and 2 frames */
	CHECK(buddy_meta_size(9) <= sizeof(m));
	CHECK(buddy_add(&t, 0x201, 9) == 0);
	CHECK(buddy_alloc(&t, 8, 3) == BUDDY_NONE); /* no 8-aligned run of 8 */
	uint64_t f = buddy_alloc(&t, 8, 0);
	CHECK(f == 0x201 && t.nfree == 1);
	CHECK(buddy_alloc(&t, 2, 0) == BUDDY_NONE);
	CHECK(buddy_free(&t, f, 8) == 0 && t.nfree == 9);
	CHECK(buddy_alloc(&t, 9, 0) == 0x201 && t.nfree == 0);
	/* Growing in place: the frames after an allocation, if free. */
	CHECK(buddy_free(&t, 0x201, 9) == 0);
	CHECK(buddy_take(&t, 0x202, 2) == 0);		      /* an allocation, at a known place */
	CHECK(buddy_take(&t, 0x204, 3) == 0 && t.nfree == 4); /* 0x201, 0x207..0x209 */
	CHECK(buddy_take(&t, 0x206, 2) == -1);		      /* 0x206 is taken */
	CHECK(buddy_take(&t, 0x208, 3) == -1);		      /* past the span */
	CHECK(buddy_take(&t, 0x207, 3) == 0 && t.nfree == 1);
	CHECK(buddy_free(&t, 0x202, 8) == 0 && t.nfree == 9);
	CHECK(buddy_alloc(&t, 9, 0) == 0x201);
}

/*
 * Many ranges over many metadata pages: more than BUDDY_RANGES are written
 * out at once, the rest lazily; frames in the gaps stay foreign throughout.
 */
static void test_many_ranges(void)
{
	enum { N = 40000, STEP = 3000, LEN = 2500 }; /* 13 ranges of 2500 frames, gaps of 500 */
	static uint8_t shadow[N];
	void *m = malloc(buddy_meta_size(N));
	memset(m, 0x5a, buddy_meta_size(N));
	struct buddy t;
	buddy_init(&t, 0x1000, N, m);
	uint64_t total = 0;
	for (uint64_t s = 0; s + LEN <= N; s += STEP, total += LEN)
		CHECK(buddy_add(&t, 0x1000 + s, LEN) == 0);
	CHECK(t.nranges == BUDDY_RANGES && t.nfree == total);
	CHECK(buddy_free(&t, 0x1000 + LEN + 10, 1) == -1);	       /* a gap, lazily */
	CHECK(buddy_free(&t, 0x1000 + 11 * STEP + LEN + 10, 1) == -1); /* a gap, written */
	uint64_t got[600], n[600];
	int k = 0, bad = 0;
	for (int i = 0; i < 600; i++) {
		n[k] = 1 + next_rand() % 200;
		got[k] = buddy_alloc(&t, n[k], (unsigned)(next_rand() % 4));
		if (got[k] == BUDDY_NONE)
			continue;
		for (uint64_t f = got[k]; f < got[k] + n[k]; f++) {
			uint64_t j = f - 0x1000;
			bad += j >= N || (j % STEP) >= LEN || shadow[j];
			if (j < N)
				shadow[j] = 1;
		}
		k++;
	}
	CHECK(bad == 0 && k > 100);
	while (k--)
		CHECK(buddy_free(&t, got[k], n[k]) == 0);
	CHECK(t.nfree == total);
	free(m);
}

/* Fills memory with 1-frame blocks until it runs out, then frees all: back to full blocks. */
static void test_exhaust(void)
{
	setup();
	uint64_t total = b.nfree, got = 0, f;
	while ((f = buddy_alloc(&b, 1, 0)) != BUDDY_NONE) {
		CHECK(claim(f, 1, 1));
		got++;
	}
	CHECK(got == total && b.nfree == 0 && b.nonempty == 0);
	for (uint64_t i = 0; i < NFRAMES; i++)
		if (owner[i])
			CHECK(buddy_free(&b, BASE + i, 1) == 0);
	CHECK(b.nfree == total);
	/* Fully merged: the largest aligned block inside [BASE, BASE+HOLE_LO) is whole again. */
	uint64_t big = buddy_alloc(&b, 512, 9);
	CHECK(big != BUDDY_NONE && big % 512 == 0);
	CHECK(buddy_free(&b, big, 512) == 0);
}

/* Random sizes and alignments against the shadow map; then everything back. */
static void test_random(void)
{
	static struct live live[MAXLIVE];
	int nlive = 0, id = 0, fails = 0;
	setup();
	uint64_t total = b.nfree;
	for (int round = 0; round < 200000; round++) {
		if (nlive < MAXLIVE && (next_rand() % 3 || nlive == 0)) {
			uint64_t n = 1 + next_rand() % (next_rand() % 16 == 0 ? 300 : 8);
			unsigned align = (unsigned)(next_rand() % 10);
			uint64_t f = buddy_alloc(&b, n, align);
			if (f == BUDDY_NONE) {
				fails++;
				continue;
			}
			if (f % (1ull << align) || !claim(f, n, ++id)) {
				CHECK(!"overlapping or misaligned allocation");
				return;
			}
			live[nlive++] = (struct live){f, n, id};
		} else {
			int k = (int)(next_rand() % (uint64_t)nlive);
			struct live l = live[k];
			live[k] = live[--nlive];
			for (uint64_t f = l.frame; f < l.frame + l.n; f++)
				owner[f - BASE] = 0;
			/* Half the time in two pieces, as numa_free of part of a range would. */
			if (l.n > 1 && next_rand() % 2) {
				CHECK(buddy_free(&b, l.frame + l.n / 2, l.n - l.n / 2) == 0);
				CHECK(buddy_free(&b, l.frame, l.n / 2) == 0);
			} else {
				CHECK(buddy_free(&b, l.frame, l.n) == 0);
			}
		}
		uint64_t used = 0;
		if (round % 5000 == 0) {
			for (int i = 0; i < nlive; i++)
				used += live[i].n;
			CHECK(b.nfree + used == total);
		}
	}
	while (nlive) {
		nlive--;
		CHECK(buddy_free(&b, live[nlive].frame, live[nlive].n) == 0);
	}
	CHECK(b.nfree == total);
	printf("random: %d allocations, %d refused for lack of a block\n", id, fails);
}

int main(void)
{
	test_basics();
	test_unaligned_run();
	test_many_ranges();
	test_exhaust();
	test_random();
	free(meta);
	TEST_DONE();
}
