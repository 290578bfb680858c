// SPDX-License-Identifier: MIT
/* libnuma's API (include/libnuma/numa.h) on the frame allocator's nodes. */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include "eremit/abi.h"
#include "kernel/boot.h"
#include "kernel/pmem.h"
#include "libnuma/numa.h"
#include "smp/percpu.h"

#define NUMA_LARGE (2ul << 20)

/* numa_set_preferred per core, as node + 1 (0: the core's own node); only that core uses it. */
static int numa_pref[CPU_MAX];

int numa_available(void)
{
	return 0;
}

int numa_max_node(void)
{
	return (int)pmem_node_count() - 1;
}

int numa_num_configured_nodes(void)
{
	return (int)pmem_node_count();
}

int numa_num_configured_cpus(void)
{
	return (int)boot_params.ncpus;
}

int numa_num_task_nodes(void)
{
	return (int)pmem_node_count();
}

int numa_num_task_cpus(void)
{
	return (int)cpu_count;
}

int numa_max_possible_node(void)
{
	return EREMIT_MAX_NODES - 1;
}

int numa_num_possible_nodes(void)
{
	return EREMIT_MAX_NODES;
}

int numa_num_possible_cpus(void)
{
	return EREMIT_MAX_CPUS;
}

static int node_ok(int node)
{
	return node >= 0 && (unsigned)node < pmem_node_count();
}

int numa_node_of_cpu(int cpu)
{
	if (cpu < 0 || (unsigned)cpu >= boot_params.ncpus) {
		errno = EINVAL;
		return -1;
	}
	return boot_params.cpu_node[cpu];
}

int numa_distance(int node1, int node2)
{
	if (!node_ok(node1) || !node_ok(node2))
		return 0;
	return node1 == node2 ? 10 : 20;
}

int numa_pagesize(void)
{
	return (int)PMEM_FRAME;
}

long long numa_node_size64(int node, long long *freep)
{
	if (!node_ok(node))
		return -1;
	if (freep)
		*freep = (long long)pmem_node_free((unsigned)node);
	return (long long)pmem_node_total((unsigned)node);
}

long numa_node_size(int node, long *freep)
{
	long long f, total = numa_node_size64(node, freep ? &f : NULL);
	if (freep && total >= 0)
		*freep = (long)f;
	return (long)total;
}

int numa_preferred(void)
{
	const struct cpu *c = this_cpu();
	int pref = numa_pref[c->id] - 1;
	return node_ok(pref) ? pref : (int)c->node;
}

void numa_set_preferred(int node)
{
	numa_pref[this_cpu()->id] = node_ok(node) ? node + 1 : 0;
}

void numa_set_localalloc(void)
{
	numa_pref[this_cpu()->id] = 0;
}

static uint64_t numa_bytes(size_t size)
{
	return ((uint64_t)size + PMEM_FRAME - 1) & ~(uint64_t)(PMEM_FRAME - 1);
}

/* The common path of numa_alloc_*: size bytes on node (flags as pmem_alloc). */
static void *numa_get(size_t size, int node, unsigned flags)
{
	if (size == 0 || size > SIZE_MAX - NUMA_LARGE) {
		errno = size ? ENOMEM : EINVAL;
		return NULL;
	}
	uint64_t bytes = numa_bytes(size);
	paddr_t p = pmem_alloc(bytes, bytes >= NUMA_LARGE ? NUMA_LARGE : PMEM_FRAME, node, flags);
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	/* libnuma's blocks are fresh mappings, hence zeroed: programs may rely on it. */
	memset((void *)(uintptr_t)p, 0, bytes);
	return (void *)(uintptr_t)p;
}

void *numa_alloc_onnode(size_t size, int node)
{
	if (!node_ok(node)) {
		errno = EINVAL;
		return NULL;
	}
	return numa_get(size, node, PMEM_ONLY_NODE);
}

void *numa_alloc_local(size_t size)
{
	return numa_get(size, PMEM_LOCAL, 0);
}

void *numa_alloc(size_t size)
{
	return numa_get(size, numa_preferred(), 0);
}

void *numa_alloc_interleaved(size_t size)
{
	static atomic_uint next; /* relaxed: any order of the turns is a round robin */
	unsigned turn = atomic_fetch_add_explicit(&next, 1, memory_order_relaxed);
	return numa_get(size, (int)(turn % pmem_node_count()), 0);
}

void *numa_realloc(void *old_addr, size_t old_size, size_t new_size)
{
	if (!old_addr)
		return numa_alloc(new_size);
	int node = pmem_node_of((uintptr_t)old_addr);
	void *p = numa_get(new_size, node < 0 ? PMEM_LOCAL : node, 0);
	if (!p)
		return NULL;
	memcpy(p, old_addr, old_size < new_size ? old_size : new_size);
	numa_free(old_addr, old_size);
	return p;
}

void numa_free(void *mem, size_t size)
{
	if (mem && size)
		pmem_free((uintptr_t)mem, numa_bytes(size));
}

long numa_move_pages(int pid, unsigned long count, void **pages, const int *nodes, int *status,
		     int flags)
{
	(void)flags;
	if (pid != 0) {
		errno = ESRCH;
		return -1;
	}
	long stuck = 0;
	for (unsigned long i = 0; i < count; i++) {
		int node = pmem_node_of((uintptr_t)pages[i]);
		if (node < 0)
			status[i] = -EFAULT;
		else if (nodes && nodes[i] != node)
			status[i] = -EBUSY;
		else
			status[i] = node;
		stuck += nodes && status[i] < 0;
	}
	return stuck;
}
