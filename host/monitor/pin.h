/* SPDX-License-Identifier: MIT */
/* vCPU pinning: which host CPU each vCPU thread runs on, planned from the hwloc topology. */
#ifndef HV_PIN_H
#define HV_PIN_H

#include <hwloc.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"

/* Host CPU numbers in a list are below this (Linux's NR_CPUS is at most 8192). */
#define HV_PIN_CPU_LIMIT 65536

struct hv_pin_cpu {
	int cpu;  /* host CPU: the PU's OS index, as taskset and /proc number it */
	int core; /* logical index (L#) of its core, -1 when the topology has none */
	int node; /* OS index (P#) of its NUMA node, -1 when unknown */
};

/* A plan is made once, before any vCPU runs, and only read afterwards: no lock. */
struct hv_pin_plan {
	unsigned n;		/* vCPUs planned; 0 means no pinning */
	struct hv_pin_cpu *cpu; /* vCPU i runs on cpu[i] alone */
	unsigned host_nodes;	/* NUMA nodes of the host topology (for memory binding) */
};

/*
 * Parses a CPU list as taskset -c and /proc's Cpus_allowed_list write it:
 * comma-separated numbers and ranges A-B, a range optionally with a stride
 * (0-6:2), no spaces, no CPU twice. Fills *cpus (malloc'ed, to free) in list
 * order and *n. Returns 0, or -1 with a reason in err.
 */
int hv_pin_parse_list(const char *s, int **cpus, unsigned *n, char *err, size_t errlen);

/*
 * Plans nvcpus vCPUs on the PUs of topo that are in allowed: first one PU
 * of every core, then the second PUs, and so on; at each level cores are
 * grouped by NUMA node in node order, and in logical order inside a node.
 * Returns 0 and fills plan (free with hv_pin_plan_free), or -1 with a reason
 * in err when there are fewer allowed PUs than vCPUs.
 */
int hv_pin_plan_auto(hwloc_topology_t topo, hwloc_const_cpuset_t allowed, unsigned nvcpus,
		     struct hv_pin_plan *plan, char *err, size_t errlen);

/*
 * Plans vCPU i on the i-th CPU of list (hv_pin_parse_list syntax). Fails with
 * a reason in err when the list is malformed, shorter than nvcpus, or names
 * a CPU outside allowed. CPUs after the nvcpus-th are not checked.
 */
int hv_pin_plan_list(hwloc_topology_t topo, hwloc_const_cpuset_t allowed, const char *list,
		     unsigned nvcpus, struct hv_pin_plan *plan, char *err, size_t errlen);

void hv_pin_plan_free(struct hv_pin_plan *plan);

/*
 * The plan for cfg->cpus vCPUs on this host: cfg->pin from the host's
 * topology and the CPUs the calling thread may run on. An empty plan when
 * cfg->pin is HV_PIN_OFF. Prints the mapping when verbose. Returns 0, or an
 * HV_STATUS_* after printing why.
 */
int hv_pin_plan_host(const struct hv_config *cfg, struct hv_pin_plan *plan);

/*
 * Pins the calling thread, vCPU i's, to its planned CPU; call it on the
 * vCPU's own thread before its first KVM_RUN. Does nothing for an empty
 * plan. Returns 0, or an HV_STATUS_* after printing why.
 */
int hv_pin_vcpu_thread(const struct hv_pin_plan *plan, unsigned i);

/*
 * QEMU: hv_pin_qemu_process (in the child, before exec) confines the whole
 * process to the plan's CPUs; hv_pin_qemu_threads pins every vCPU thread of
 * process pid found so far (QEMU with -name debug-threads=on names them
 * "CPU N/KVM" or "CPU N/TCG") and returns how many planned vCPUs are pinned.
 */
void hv_pin_qemu_process(const struct hv_pin_plan *plan);
unsigned hv_pin_qemu_threads(const struct hv_pin_plan *plan, pid_t pid);

#endif /* HV_PIN_H */
