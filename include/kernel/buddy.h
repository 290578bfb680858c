/* SPDX-License-Identifier: MIT */
/* A binary buddy allocator over the page frames of one memory node; portable, no locking. */
#ifndef KERNEL_BUDDY_H
#define KERNEL_BUDDY_H

#include <stddef.h>
#include <stdint.h>

/* Largest block: 2^31 frames (8 TiB of 4 KiB frames); a span holds < 2^32 frames. */
#define BUDDY_MAX_ORDER 31
#define BUDDY_NONE	UINT64_MAX /* "no frame" from buddy_alloc */
#define BUDDY_RANGES	8	   /* added ranges remembered instead of written out */

/*
 * Frames are numbered absolutely (address / frame size), so a block of order
 * k starts on a multiple of 2^k frames: alignment comes for free. The span
 * [base, base + nframes) may contain holes (frames never added). All
 * metadata lives in `meta` (buddy_meta_size bytes), outside the frames: the
 * allocator never reads or writes the memory it manages, so unused RAM stays
 * untouched (under PVM the host backs guest memory when it is first touched).
 * The metadata itself is written lazily, a page of state bytes (4096
 * frames, 16 MiB of RAM) when the allocator first changes one of them: a
 * page never written holds the value that the added ranges imply. So
 * setting up 64 GiB touches a few pages, not 16 MiB of state (at ~10 us a
 * page under PVM that would be ~40 ms of boot).
 *
 * Cost: allocation and freeing of one block are O(BUDDY_MAX_ORDER) = O(log n)
 * (a bit mask finds the first non-empty order, splits and merges walk the
 * orders once); a range of n frames is at most 2 log n blocks. A request
 * that no free block of the rounded-up power of two can hold (say 300 MiB
 * when no free 512 MiB block exists) is served first-fit from a run of
 * adjacent free blocks: O(free blocks x log n), on that path only.
 *
 * The caller serialises all calls on one struct buddy (pmem: a lock per node).
 */
struct buddy {
	uint64_t base;			    /* first frame of the span */
	uint32_t nframes;		    /* frames in the span, holes included */
	uint64_t nfree;			    /* frames free now */
	uint64_t nadded;		    /* frames ever added with buddy_add */
	uint64_t nonempty;		    /* bit k set: free list k is not empty */
	uint32_t head[BUDDY_MAX_ORDER + 1]; /* first free block of each order (span index) */
	/* Per frame of the span; next/prev are meaningful at the first frame of a free block. */
	uint32_t *next, *prev;
	uint8_t *state;	   /* per frame: added? first frame of a free block, of which order? */
	uint64_t *written; /* bit p: state bytes of page p (4096 frames) are written */
	unsigned nranges;  /* frames [range[r][0], range[r][1]) (span indexes) were added */
	uint32_t range[BUDDY_RANGES][2];
};

/* Bytes of metadata buddy_init needs for a span of nframes (8-byte aligned). */
size_t buddy_meta_size(uint32_t nframes);

/* An empty allocator for frames [base, base + nframes); writes only meta's bitmap of written pages.
 */
void buddy_init(struct buddy *b, uint64_t base, uint32_t nframes, void *meta);

/*
 * Adds frames [frame, frame + n) as free memory, merging with free
 * neighbours; O(n / 4096) (metadata pages already written are updated).
 * Returns 0, or -1 (nothing
 * added) if the range leaves the span or a block of it starts on a frame
 * added before.
 */
int buddy_add(struct buddy *b, uint64_t frame, uint64_t n);

/*
 * n >= 1 contiguous frames whose first is a multiple of 2^align_order:
 * returns the first frame or BUDDY_NONE when no free block is large enough.
 * Exactly n frames are taken; the rest of the block goes back.
 */
uint64_t buddy_alloc(struct buddy *b, uint64_t n, unsigned align_order);

/*
 * Takes exactly frames [frame, frame + n) if all of them are free (to grow
 * an allocation in place): 0, or -1 and nothing taken.
 */
int buddy_take(struct buddy *b, uint64_t frame, uint64_t n);

/*
 * Frees [frame, frame + n), which must have been allocated (in one or more
 * calls), merging buddies. Returns 0, or -1 (and frees nothing) if the range
 * leaves the span, or the first frame of one of the aligned blocks it splits
 * into was never added (not this allocator's memory) or lies in a free block
 * (a double free). The check is O(log n) per block, not one of every frame.
 */
int buddy_free(struct buddy *b, uint64_t frame, uint64_t n);

#endif /* KERNEL_BUDDY_H */
