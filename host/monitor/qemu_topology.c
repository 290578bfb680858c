/* SPDX-License-Identifier: MIT */
/* QEMU's -smp and -numa options, laid out as the eremit runner lays out nodes; portable. */
#include <stdio.h>

#include "boot.h"
#include "qemu.h"

unsigned hv_qemu_topology_args(struct hv_qemu_topology *t, const char **words, uint64_t mem,
			       unsigned cpus, unsigned nnodes, const int *host_node)
{
	static struct eremit_boot_info layout;
	unsigned n = 0;

	snprintf(t->smp, sizeof(t->smp), "%u", cpus);
	words[n++] = "-smp", words[n++] = t->smp;
	if (nnodes <= 1)
		return n; /* no SRAT: the kernel sees one node, as under eremit */
	hv_boot_numa_layout(&layout, mem, cpus, nnodes);
	for (unsigned k = 0; k < nnodes; k++) {
		const struct eremit_boot_node *r = &layout.node_mem[k];
		unsigned first = cpus, last = 0;
		int len;

		/* Node k's vCPUs form one block (hv_boot_numa_layout): find its ends. */
		for (unsigned i = 0; i < cpus && i < EREMIT_MAX_CPUS; i++)
			if (layout.cpu_node[i] == k) {
				first = i < first ? i : first;
				last = i;
			}
		len = snprintf(t->obj[k], sizeof(t->obj[k]), "memory-backend-ram,id=m%u,size=%lluM",
			       k, (unsigned long long)((r->end - r->start) >> 20));
		if (host_node && host_node[k] >= 0)
			snprintf(t->obj[k] + len, sizeof(t->obj[k]) - (size_t)len,
				 ",host-nodes=%d,policy=bind", host_node[k]);
		len = snprintf(t->node[k], sizeof(t->node[k]), "node,nodeid=%u,memdev=m%u", k, k);
		if (first < cpus)
			snprintf(t->node[k] + len, sizeof(t->node[k]) - (size_t)len, ",cpus=%u-%u",
				 first, last);
		words[n++] = "-object", words[n++] = t->obj[k];
		words[n++] = "-numa", words[n++] = t->node[k];
	}
	return n;
}
