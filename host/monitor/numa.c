/* SPDX-License-Identifier: MIT */
/* Guest NUMA nodes bound to the host nodes of their vCPUs (--numa with --pin). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/mempolicy.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "boot.h"
#include "log.h"
#include "numa.h"
#include "status.h"

/* Host node OS indexes an mbind mask can name; Linux's MAX_NUMNODES is at most 1024. */
#define HV_NUMA_HOST_NODES 1024
#define ULONG_BITS	   (8 * sizeof(unsigned long))

/* The host node holding most of guest node n's vCPUs, lowest first on a tie; -1 for none. */
static int majority_node(const struct hv_pin_plan *pin, const struct eremit_boot_info *layout,
			 uint32_t ncpus, uint32_t n)
{
	int best = -1;
	unsigned best_count = 0;

	for (uint32_t i = 0; i < ncpus && i < pin->n; i++) {
		int h = pin->cpu[i].node;
		unsigned count = 0;
		if (layout->cpu_node[i] != n || h < 0)
			continue;
		for (uint32_t j = 0; j < ncpus && j < pin->n; j++)
			count += layout->cpu_node[j] == n && pin->cpu[j].node == h;
		if (count > best_count || (count == best_count && h < best))
			best = h, best_count = count;
	}
	return best;
}

unsigned hv_numa_plan_membind(const struct hv_pin_plan *pin, const struct eremit_boot_info *layout,
			      uint32_t ncpus, int host_node[EREMIT_MAX_NODES])
{
	unsigned bound = 0;

	if (ncpus > EREMIT_MAX_CPUS)
		ncpus = EREMIT_MAX_CPUS;
	for (uint32_t n = 0; n < EREMIT_MAX_NODES; n++) {
		host_node[n] = -1;
		if (n >= layout->nnodes || pin->host_nodes < 2)
			continue;
		host_node[n] = majority_node(pin, layout, ncpus, n);
		if (host_node[n] >= HV_NUMA_HOST_NODES)
			host_node[n] = -1;
		bound += host_node[n] >= 0;
	}
	return bound;
}

/* MPOL_BIND of [start, end) of guest memory to host node h, moving pages already touched. */
static int bind_range(const struct hv_gmem *m, uint64_t start, uint64_t end, int h)
{
	unsigned long mask[HV_NUMA_HOST_NODES / ULONG_BITS] = {0};

	mask[(unsigned)h / ULONG_BITS] = 1ul << ((unsigned)h % ULONG_BITS);
	return (int)syscall(SYS_mbind, m->base + start, end - start, MPOL_BIND, mask,
			    (unsigned long)HV_NUMA_HOST_NODES + 1, MPOL_MF_MOVE);
}

int hv_numa_bind_guest(const struct hv_gmem *m, const struct hv_config *cfg,
		       const struct hv_pin_plan *pin)
{
	static struct eremit_boot_info layout;
	int host_node[EREMIT_MAX_NODES];

	hv_boot_numa_layout(&layout, m->size, cfg->cpus, cfg->numa);
	if (!hv_numa_plan_membind(pin, &layout, cfg->cpus, host_node))
		return 0;
	for (uint32_t n = 0; n < layout.nnodes; n++) {
		const struct eremit_boot_node *r = &layout.node_mem[n];
		if (host_node[n] < 0)
			continue;
		if (bind_range(m, r->start, r->end, host_node[n])) {
			hv_err("%s: cannot bind guest NUMA node %u's memory to host node %d: %s",
			       cfg->pin_what, n, host_node[n], strerror(errno));
			return HV_STATUS_INTERNAL;
		}
		hv_log("guest NUMA node %u [0x%llx, 0x%llx) -> host NUMA node %d", n,
		       (unsigned long long)r->start, (unsigned long long)r->end, host_node[n]);
	}
	return 0;
}
