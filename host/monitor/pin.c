/* SPDX-License-Identifier: MIT */
/* vCPU pinning: plans from the hwloc topology, then one sched_setaffinity per vCPU thread. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_ALLOC */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pin.h"
#include "status.h"

/* A CPU number below HV_PIN_CPU_LIMIT at *p; advances *p. */
static int cpu_number(const char **p, int *out)
{
	long v = 0;

	if (!isdigit((unsigned char)**p))
		return -1;
	for (; isdigit((unsigned char)**p); ++*p) {
		v = v * 10 + (**p - '0');
		if (v >= HV_PIN_CPU_LIMIT)
			return -1;
	}
	*out = (int)v;
	return 0;
}

/* One element "A", "A-B" or "A-B:S" at *p, appended to cpus; advances *p. */
static int list_element(const char **p, int *cpus, unsigned *n, hwloc_bitmap_t seen, char *err,
			size_t errlen)
{
	const char *start = *p;
	int a, b, stride = 1;

	if (cpu_number(p, &a))
		return hv_reason(err, errlen, "malformed CPU list at \"%s\"", start);
	b = a;
	if (**p == '-') {
		++*p;
		if (cpu_number(p, &b) || b < a)
			return hv_reason(err, errlen, "malformed CPU range at \"%s\"", start);
		if (**p == ':') {
			++*p;
			if (cpu_number(p, &stride) || stride == 0)
				return hv_reason(err, errlen,
						 "malformed CPU range stride at \"%s\"", start);
		}
	}
	for (int c = a; c <= b; c += stride) {
		if (hwloc_bitmap_isset(seen, (unsigned)c))
			return hv_reason(err, errlen, "host CPU %d is listed twice", c);
		hwloc_bitmap_set(seen, (unsigned)c);
		cpus[(*n)++] = c;
	}
	return 0;
}

int hv_pin_parse_list(const char *s, int **cpus, unsigned *n, char *err, size_t errlen)
{
	hwloc_bitmap_t seen = hwloc_bitmap_alloc();
	const char *p = s;
	int r = 0;

	*n = 0;
	/* No CPU twice: a list holds at most HV_PIN_CPU_LIMIT of them. */
	*cpus = malloc(HV_PIN_CPU_LIMIT * sizeof(**cpus));
	if (!*cpus || !seen) {
		hwloc_bitmap_free(seen);
		free(*cpus);
		*cpus = 0;
		return hv_reason(err, errlen, "out of memory");
	}
	if (!*p)
		r = hv_reason(err, errlen, "empty CPU list");
	while (!r && *p) {
		r = list_element(&p, *cpus, n, seen, err, errlen);
		if (!r && *p && *p != ',')
			r = hv_reason(err, errlen, "malformed CPU list at \"%s\"", p);
		else if (!r && *p == ',' && !*++p)
			r = hv_reason(err, errlen, "malformed CPU list: it ends with a comma");
	}
	hwloc_bitmap_free(seen);
	if (r) {
		free(*cpus);
		*cpus = 0;
		*n = 0;
	}
	return r;
}

/* Core and NUMA node of a PU, for the plan and its printout. */
static struct hv_pin_cpu describe(hwloc_topology_t topo, hwloc_obj_t pu)
{
	hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_CORE, pu);
	hwloc_obj_t node = 0;

	while ((node = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, node)))
		if (node->cpuset && hwloc_bitmap_isset(node->cpuset, pu->os_index))
			break;
	return (struct hv_pin_cpu){
	    .cpu = (int)pu->os_index,
	    .core = core ? (int)core->logical_index : -1,
	    .node = node ? (int)node->os_index : -1,
	};
}

/* A candidate PU with its sort key: SMT rank inside its core, node, position. */
struct candidate {
	unsigned smt, node, pu;
	hwloc_obj_t obj;
};

static int by_key(const void *x, const void *y)
{
	const struct candidate *a = x, *b = y;

	if (a->smt != b->smt)
		return a->smt < b->smt ? -1 : 1;
	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	return a->pu < b->pu ? -1 : a->pu > b->pu;
}

/* How many allowed PUs of pu's core come before it: 0 for the core's first. */
static unsigned smt_rank(hwloc_topology_t topo, hwloc_const_cpuset_t allowed, hwloc_obj_t pu)
{
	hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_CORE, pu);
	hwloc_obj_t o = 0;
	unsigned rank = 0;

	if (!core)
		return 0; /* no cores in the topology: every PU counts as one */
	while (
	    (o = hwloc_get_next_obj_inside_cpuset_by_type(topo, core->cpuset, HWLOC_OBJ_PU, o)) &&
	    o != pu)
		rank += hwloc_bitmap_isset(allowed, o->os_index);
	return rank;
}

/* Logical index of the first NUMA node holding pu, or UINT_MAX after all of them. */
static unsigned node_rank(hwloc_topology_t topo, hwloc_obj_t pu)
{
	hwloc_obj_t node = 0;

	while ((node = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, node)))
		if (node->cpuset && hwloc_bitmap_isset(node->cpuset, pu->os_index))
			return node->logical_index;
	return UINT_MAX;
}

static int plan_alloc(struct hv_pin_plan *plan, hwloc_topology_t topo, unsigned n, char *err,
		      size_t errlen)
{
	int nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);

	plan->host_nodes = nodes > 0 ? (unsigned)nodes : 0;
	plan->n = n;
	plan->cpu = calloc(n ? n : 1, sizeof(*plan->cpu));
	return plan->cpu ? 0 : hv_reason(err, errlen, "out of memory");
}

int hv_pin_plan_auto(hwloc_topology_t topo, hwloc_const_cpuset_t allowed, unsigned nvcpus,
		     struct hv_pin_plan *plan, char *err, size_t errlen)
{
	int npu = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
	struct candidate *c = calloc(npu > 0 ? (size_t)npu : 1, sizeof(*c));
	hwloc_obj_t pu = 0;
	unsigned n = 0;
	char set[256];

	*plan = (struct hv_pin_plan){0};
	if (!c)
		return hv_reason(err, errlen, "out of memory");
	while ((pu = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_PU, pu)))
		if (hwloc_bitmap_isset(allowed, pu->os_index))
			c[n++] = (struct candidate){smt_rank(topo, allowed, pu),
						    node_rank(topo, pu), pu->logical_index, pu};
	if (n < nvcpus) {
		hwloc_bitmap_list_snprintf(set, sizeof(set), allowed);
		free(c);
		return hv_reason(
		    err, errlen,
		    "%u vCPUs but only %u host CPUs to pin them to (this process may use "
		    "CPUs %s)",
		    nvcpus, n, set);
	}
	qsort(c, n, sizeof(*c), by_key);
	if (plan_alloc(plan, topo, nvcpus, err, errlen)) {
		free(c);
		return -1;
	}
	for (unsigned i = 0; i < nvcpus; i++)
		plan->cpu[i] = describe(topo, c[i].obj);
	free(c);
	return 0;
}

int hv_pin_plan_list(hwloc_topology_t topo, hwloc_const_cpuset_t allowed, const char *list,
		     unsigned nvcpus, struct hv_pin_plan *plan, char *err, size_t errlen)
{
	unsigned n;
	int *cpus;
	char set[256];

	*plan = (struct hv_pin_plan){0};
	if (hv_pin_parse_list(list, &cpus, &n, err, errlen))
		return -1;
	if (n < nvcpus) {
		free(cpus);
		return hv_reason(err, errlen, "%u host CPU%s listed for %u vCPUs", n,
				 n == 1 ? "" : "s", nvcpus);
	}
	for (unsigned i = 0; i < nvcpus; i++) {
		hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(topo, (unsigned)cpus[i]);
		if (!pu || !hwloc_bitmap_isset(allowed, (unsigned)cpus[i])) {
			hwloc_bitmap_list_snprintf(set, sizeof(set), allowed);
			hv_reason(err, errlen,
				  "host CPU %d is not one this process may use (CPUs %s)", cpus[i],
				  set);
			free(cpus);
			return -1;
		}
	}
	if (plan_alloc(plan, topo, nvcpus, err, errlen)) {
		free(cpus);
		return -1;
	}
	for (unsigned i = 0; i < nvcpus; i++)
		plan->cpu[i] =
		    describe(topo, hwloc_get_pu_obj_by_os_index(topo, (unsigned)cpus[i]));
	free(cpus);
	return 0;
}

void hv_pin_plan_free(struct hv_pin_plan *plan)
{
	free(plan->cpu);
	*plan = (struct hv_pin_plan){0};
}

/* The CPUs this thread may run on (taskset, cgroups) and hwloc considers allowed. */
static int host_allowed(hwloc_topology_t topo, hwloc_bitmap_t set)
{
	if (hwloc_get_cpubind(topo, set, HWLOC_CPUBIND_THREAD) < 0)
		return -1;
	hwloc_bitmap_and(set, set, hwloc_topology_get_allowed_cpuset(topo));
	return 0;
}

static void log_plan(const struct hv_pin_plan *plan)
{
	for (unsigned i = 0; i < plan->n; i++) {
		const struct hv_pin_cpu *c = &plan->cpu[i];
		char core[32] = "no core", node[32] = "no NUMA node";
		if (c->core >= 0)
			snprintf(core, sizeof(core), "core %d", c->core);
		if (c->node >= 0)
			snprintf(node, sizeof(node), "NUMA node %d", c->node);
		hv_log("vCPU %u -> host CPU %d (%s, %s)", i, c->cpu, core, node);
	}
}

int hv_pin_plan_host(const struct hv_config *cfg, struct hv_pin_plan *plan)
{
	hwloc_topology_t topo;
	hwloc_bitmap_t allowed;
	char err[512];
	int r;

	*plan = (struct hv_pin_plan){0};
	if (cfg->pin == HV_PIN_OFF)
		return 0;
	/* PUs, cores and NUMA nodes are all a plan needs: caches and groups cost start-up time. */
	if (hwloc_topology_init(&topo) < 0 ||
	    hwloc_topology_set_all_types_filter(topo, HWLOC_TYPE_FILTER_KEEP_NONE) < 0 ||
	    hwloc_topology_set_type_filter(topo, HWLOC_OBJ_CORE, HWLOC_TYPE_FILTER_KEEP_ALL) < 0 ||
	    hwloc_topology_load(topo) < 0) {
		hv_err("%s: cannot read the host topology with hwloc: %s", cfg->pin_what,
		       strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	allowed = hwloc_bitmap_alloc();
	if (!allowed || host_allowed(topo, allowed)) {
		hv_err("%s: cannot read this process's CPU affinity: %s", cfg->pin_what,
		       strerror(errno));
		r = HV_STATUS_INTERNAL;
	} else if (cfg->pin == HV_PIN_AUTO) {
		r = hv_pin_plan_auto(topo, allowed, cfg->cpus, plan, err, sizeof(err));
		if (r)
			hv_err("%s%s: %s", cfg->pin_what, cfg->pin_what[0] == '-' ? "" : "=1", err);
	} else {
		r = hv_pin_plan_list(topo, allowed, cfg->pin_list, cfg->cpus, plan, err,
				     sizeof(err));
		if (r)
			hv_err("%s=%s: %s", cfg->pin_what, cfg->pin_list, err);
	}
	if (r)
		r = r < 0 ? HV_STATUS_USAGE : r;
	else
		log_plan(plan);
	hwloc_bitmap_free(allowed);
	hwloc_topology_destroy(topo);
	return r;
}

/* Confines thread tid (0: the caller) to the CPUs in cpus[0..n). */
static int set_affinity(pid_t tid, const struct hv_pin_cpu *cpus, unsigned n)
{
	size_t size = CPU_ALLOC_SIZE(HV_PIN_CPU_LIMIT);
	cpu_set_t *set = CPU_ALLOC(HV_PIN_CPU_LIMIT);
	int r;

	if (!set)
		return -1;
	CPU_ZERO_S(size, set);
	for (unsigned i = 0; i < n; i++)
		CPU_SET_S((size_t)cpus[i].cpu, size, set);
	r = sched_setaffinity(tid, size, set);
	CPU_FREE(set);
	return r;
}

int hv_pin_vcpu_thread(const struct hv_pin_plan *plan, unsigned i)
{
	if (i >= plan->n)
		return 0;
	if (set_affinity(0, &plan->cpu[i], 1)) {
		hv_err("cannot pin vCPU %u to host CPU %d: %s", i, plan->cpu[i].cpu,
		       strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	return 0;
}

void hv_pin_qemu_process(const struct hv_pin_plan *plan)
{
	if (plan->n)
		set_affinity(0, plan->cpu, plan->n);
}

/* The vCPU number of a QEMU thread named "CPU N/KVM" (or /TCG), -1 for other threads. */
static int qemu_vcpu_of(pid_t pid, pid_t tid)
{
	char path[64], comm[32] = "";
	unsigned v;
	FILE *f;
	int n = -1;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(comm, sizeof(comm), f) && sscanf(comm, "CPU %u/", &v) == 1 && v < INT_MAX)
		n = (int)v;
	fclose(f);
	return n;
}

unsigned hv_pin_qemu_threads(const struct hv_pin_plan *plan, pid_t pid)
{
	char path[64];
	struct dirent *d;
	unsigned pinned = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		pid_t tid = (pid_t)atoi(d->d_name);
		int v = tid > 0 ? qemu_vcpu_of(pid, tid) : -1;
		if (v >= 0 && (unsigned)v < plan->n && !set_affinity(tid, &plan->cpu[v], 1))
			pinned++;
	}
	closedir(dir);
	return pinned;
}
