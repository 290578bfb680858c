/* SPDX-License-Identifier: MIT */
/* Guest NUMA nodes on host NUMA nodes: which host node holds each guest node's memory. */
#ifndef HV_NUMA_H
#define HV_NUMA_H

#include <stdint.h>

#include "eremit/abi.h"

#include "config.h"
#include "gmem.h"
#include "pin.h"

/*
 * Plans where the memory of each guest node of layout (hv_boot_numa_layout's
 * nnodes and cpu_node for ncpus vCPUs) lives: host_node[n] is the OS index of
 * the host NUMA node that holds most of guest node n's pinned vCPUs (the
 * lowest such node on a tie), or -1 to leave node n to the kernel's default
 * policy: a node without vCPUs, vCPUs whose host node is unknown, or no
 * pinning. Returns how many guest nodes got a host node; 0 also when the
 * host has fewer than two NUMA nodes, where binding would change nothing.
 */
unsigned hv_numa_plan_membind(const struct hv_pin_plan *pin, const struct eremit_boot_info *layout,
			      uint32_t ncpus, int host_node[EREMIT_MAX_NODES]);

/*
 * With cfg->pin on a host with several NUMA nodes: binds the memory of each
 * guest node (m: the VM's memory, not yet touched beyond the image) to the
 * host node of its vCPUs with mbind, moving pages already there. Prints the
 * binding when verbose. Returns 0, or an HV_STATUS_* after printing why.
 */
int hv_numa_bind_guest(const struct hv_gmem *m, const struct hv_config *cfg,
		       const struct hv_pin_plan *pin);

#endif /* HV_NUMA_H */
