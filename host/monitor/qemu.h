/* SPDX-License-Identifier: MIT */
/* The --qemu runner: the same image under qemu-system-x86_64, with the same I/O and statuses. */
#ifndef HV_QEMU_H
#define HV_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eremit/abi.h"

#include "config.h"
#include "pin.h"

/* Runs cfg->image under QEMU; returns the exit status to report. */
int hv_qemu_run(const struct hv_config *cfg, char *const *env, const struct hv_pin_plan *pin);

/*
 * Builds the kernel command line: the kernel options ("eremit.verbose=1"
 * when verbose, "eremit.tsc_khz=N" when tsc_khz is not 0, which spares the
 * kernel calibrating the TSC), "eremit.env=NAME=VALUE" for each string of
 * env (may be NULL), "--", then argv[0] = image and the arguments, separated by
 * single spaces, with a backslash before every space and backslash inside a
 * word. Returns the length, or (as snprintf) the length needed when it did
 * not fit in size bytes.
 */
size_t hv_qemu_cmdline(char *buf, size_t size, bool verbose, uint64_t tsc_khz, const char *image,
		       int argc, char *const *argv, char *const *env);

/* Text of the words hv_qemu_topology_args returns. */
struct hv_qemu_topology {
	char smp[16];
	char obj[EREMIT_MAX_NODES][96];
	char node[EREMIT_MAX_NODES][64];
};
#define HV_QEMU_TOPOLOGY_WORDS (2 + 4 * EREMIT_MAX_NODES)

/*
 * QEMU's options for cpus vCPUs in nnodes NUMA nodes in mem bytes (QEMU's -m,
 * a multiple of 1 MiB), split as hv_boot_numa_layout splits them for the
 * eremit runner, so that the guest finds the same nodes in ACPI's SRAT
 * under both: "-smp N", then for more than one node, per node k,
 * "-object memory-backend-ram,id=mK,size=SM" and
 * "-numa node,nodeid=K,memdev=mK[,cpus=A-B]" (no cpus for a node without
 * vCPUs). host_node (NULL, or -1 for none) adds
 * ",host-nodes=H,policy=bind" to node k's memory. Stores at most
 * HV_QEMU_TOPOLOGY_WORDS words, pointing into t, and returns their number.
 */
unsigned hv_qemu_topology_args(struct hv_qemu_topology *t, const char **words, uint64_t mem,
			       unsigned cpus, unsigned nnodes, const int *host_node);

#endif /* HV_QEMU_H */
