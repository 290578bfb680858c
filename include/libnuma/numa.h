/* SPDX-License-Identifier: MIT */
/* libnuma's API (version 2 names and meanings) for Eremit applications. */
#ifndef EREMIT_NUMA_H
#define EREMIT_NUMA_H

#include <stddef.h>

#define LIBNUMA_API_VERSION 2

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Nodes are those of the boot information (eremit --numa N, HERMIT_NUMA) or,
 * under QEMU, of ACPI SRAT; node n owns physical memory ranges and CPUs.
 * Eremit maps memory virtual == physical, so a page lives on the node of its
 * address forever: nothing migrates, and memory policies are a choice of
 * node at allocation time.
 */

/* 0: the NUMA API works (always, even with one node). */
int numa_available(void);

/* Highest node number, and how many nodes / CPUs the machine has. */
int numa_max_node(void);
int numa_num_configured_nodes(void);
int numa_num_configured_cpus(void);

/* Nodes and CPUs this program may use: all of them. */
int numa_num_task_nodes(void);
int numa_num_task_cpus(void);

/* Limits of the implementation: 64 nodes, 256 CPUs. */
int numa_max_possible_node(void);
int numa_num_possible_nodes(void);
int numa_num_possible_cpus(void);

/* Node of CPU cpu; -1 with errno EINVAL for a CPU that does not exist. */
int numa_node_of_cpu(int cpu);

/* 10 within a node, 20 between nodes (no SLIT is read); 0 for a bad node. */
int numa_distance(int node1, int node2);

/* 4096: the unit of numa_alloc_* rounding. */
int numa_pagesize(void);

/*
 * Bytes of memory on node (what the frame allocator manages there), and in
 * *freep when not NULL the bytes free now; -1 for a bad node.
 */
long long numa_node_size64(int node, long long *freep);
long numa_node_size(int node, long *freep);

/*
 * The preferred node of the calling core for numa_alloc(): the one given to
 * numa_set_preferred, else the core's own node. Settings are per core until
 * Eremit has threads that move between cores. numa_set_preferred(-1) and
 * numa_set_localalloc() go back to the core's own node. malloc() always
 * allocates on the calling core's node (another when that one is full).
 */
int numa_preferred(void);
void numa_set_preferred(int node);
void numa_set_localalloc(void);

/*
 * size bytes rounded up to 4 KiB, page-aligned (2 MiB-aligned from 2 MiB
 * up) and zeroed, as libnuma's fresh mappings are (written by the calling
 * core here, at allocation, rather than page by page at first touch); NULL
 * with errno ENOMEM (or EINVAL for a bad node or size 0). Free with numa_free(mem, size) with the same size.
 *   numa_alloc_onnode: on node, or NULL when that node has no room.
 *   numa_alloc_local:  on the calling core's node, another one when it is full.
 *   numa_alloc:        on numa_preferred(), another one when it is full.
 *   numa_alloc_interleaved: interleaving page by page across nodes needs
 *     page tables that map consecutive virtual pages onto different nodes;
 *     with virtual == physical one allocation is one physical range, which
 *     lies on one node (or straddles a boundary). So each call takes the
 *     whole block from the next node in turn (round robin over calls, other
 *     nodes when that one is full): arrays allocated one per call spread
 *     over the nodes, a single array does not.
 */
void *numa_alloc_onnode(size_t size, int node);
void *numa_alloc_local(size_t size);
void *numa_alloc(size_t size);
void *numa_alloc_interleaved(size_t size);

/* A block of new_size on the node of old_addr's block, with its contents; old_addr is freed. */
void *numa_realloc(void *old_addr, size_t old_size, size_t new_size);

/* Frees memory from numa_alloc_* (size as given to it). */
void numa_free(void *mem, size_t size);

/*
 * With nodes NULL, stores in status[i] the node of the page at pages[i]
 * (-EFAULT if it is not RAM) and returns 0. Pages cannot move (virtual ==
 * physical): with nodes given, a page already on nodes[i] gets that node,
 * others -EBUSY, and the return value is the number of pages not moved. pid
 * must be 0 (this program); flags are ignored.
 */
long numa_move_pages(int pid, unsigned long count, void **pages, const int *nodes, int *status,
		     int flags);

#ifdef __cplusplus
}
#endif

#endif /* EREMIT_NUMA_H */
