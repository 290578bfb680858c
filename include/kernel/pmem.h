/* SPDX-License-Identifier: MIT */
/* Physical memory: page frames of every NUMA node, allocated and freed by range. */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;

#define PMEM_FRAME     4096ul
#define PMEM_LOCAL     (-1) /* node argument: the calling CPU's node */
#define PMEM_ONLY_NODE 1u   /* flag: fail rather than fall back to another node */

/*
 * Boot CPU, before paging_init: takes the largest RAM range above the image
 * and boot data as a bump window for pmem_alloc_frame (page tables).
 */
void pmem_init_boot(void);

/*
 * Boot CPU, after paging_init (all RAM is mapped then): every node's free
 * RAM goes into its buddy allocator: above the image and boot data, and
 * under the monitor also between the argument strings and the image. Frames
 * the bump window handed out stay allocated.
 */
void pmem_init(void);

/* A zeroed 4 KiB frame (page tables); panics when memory is exhausted. */
paddr_t pmem_alloc_frame(void);

/*
 * size bytes (rounded up to 4 KiB) of contiguous physical memory starting on
 * a multiple of align (a power of two; below 4 KiB means 4 KiB) on NUMA
 * node `node` or PMEM_LOCAL. When that node has no room, the other nodes are
 * tried in turn, unless flags has PMEM_ONLY_NODE. Returns 0 when no node has
 * room or the arguments are bad: never waits. Thread-safe (a lock per node).
 */
paddr_t pmem_alloc(uint64_t size, uint64_t align, int node, unsigned flags);

/*
 * Takes exactly [pa, pa + size) (size rounded up to 4 KiB) if all of it is
 * free RAM of one node, to grow a block in place: 0, or -1.
 */
int pmem_take(paddr_t pa, uint64_t size);

/*
 * Frees [pa, pa + size) (size rounded up to 4 KiB) allocated by pmem_alloc,
 * whole or in parts. Panics on memory that pmem does not own or that is
 * already free: that is heap corruption.
 */
void pmem_free(paddr_t pa, uint64_t size);

/* The NUMA node of RAM address pa, or -1 if pa is not RAM. */
int pmem_node_of(paddr_t pa);

/* Number of NUMA nodes (boot_params.nnodes). */
unsigned pmem_node_count(void);

/* Bytes of RAM pmem manages on node, and of those, bytes free now (0 for a bad node). */
uint64_t pmem_node_total(unsigned node);
uint64_t pmem_node_free(unsigned node);

#endif /* KERNEL_PMEM_H */
