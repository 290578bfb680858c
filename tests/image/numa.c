// SPDX-License-Identifier: MIT
/* With two NUMA nodes: libnuma's calls, and memory allocated on each core lies in its own node. */
// eremit-test: numa 2
// eremit-test: cpus 2 4
// eremit-test: qemu-cpus 2 16
// eremit-test: mem 2G
// eremit-test: stdout-exact
// eremit-test: stdout 2 nodes, @CPUS@ cpus
// eremit-test: stdout numa_alloc_onnode honours the node
// eremit-test: stdout numa_alloc_interleaved alternates nodes
// eremit-test: stdout memory allocated on each core lies in its node
// eremit-test: stdout blocks freed on another node go home
#include <errno.h>
#include <numa.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <eremit/cpu.h>

#define MIB	(1024 * 1024ul)
#define NBLOCKS 300

static int node_of(void *p)
{
	int status = -1;
	if (numa_move_pages(0, 1, &p, NULL, &status, 0) != 0)
		return -2;
	return status;
}

/* Both ends of [p, p + n) on node. */
static int on_node(void *p, size_t n, int node)
{
	return node_of(p) == node && node_of((char *)p + n - 1) == node;
}

struct core_job {
	unsigned cpu;
	void *block[NBLOCKS];
	size_t size[NBLOCKS];
	int bad; /* blocks off the core's node */
	int errors;
};

static struct core_job jobs[256];

/* On one core: small and large mallocs, numa_alloc_local; all must be on the core's node. */
static void allocate_here(void *arg)
{
	struct core_job *j = arg;
	int node = numa_node_of_cpu((int)eremit_cpu_id());
	if (numa_preferred() != node)
		j->errors++;
	for (int i = 0; i < NBLOCKS; i++) {
		j->size[i] = i % 50 == 0 ? 3 * MIB : (size_t)(16 + (i * 7919) % 70000);
		j->block[i] = malloc(j->size[i]);
		if (!j->block[i]) {
			j->errors++;
			continue;
		}
		memset(j->block[i], i, j->size[i]);
		j->bad += !on_node(j->block[i], j->size[i], node);
	}
	void *l = numa_alloc_local(5 * MIB);
	if (!l || !on_node(l, 5 * MIB, node))
		j->bad++;
	numa_free(l, 5 * MIB);
}

static void free_here(void *arg)
{
	struct core_job *j = arg;
	for (int i = 0; i < NBLOCKS; i++)
		free(j->block[i]);
}

/* Runs fn(arg) on cpu (the caller's own core directly) and waits. */
static int on_cpu(unsigned cpu, void (*fn)(void *), void *arg)
{
	if (cpu == eremit_cpu_id()) {
		fn(arg);
		return 0;
	}
	return eremit_cpu_run(cpu, fn, arg) || eremit_cpu_wait(cpu);
}

int main(void)
{
	unsigned ncpu = eremit_cpu_count();
	if (numa_available() != 0 || numa_num_configured_nodes() != 2 || numa_max_node() != 1 ||
	    numa_num_configured_cpus() != (int)ncpu)
		return printf("bad counts\n"), 1;
	for (unsigned c = 0; c < ncpu; c++)
		if (numa_node_of_cpu((int)c) != eremit_cpu_node(c))
			return printf("numa_node_of_cpu(%u)\n", c), 1;
	errno = 0;
	if (numa_node_of_cpu((int)ncpu) != -1 || errno != EINVAL)
		return printf("numa_node_of_cpu of a CPU that does not exist\n"), 1;
	printf("2 nodes, %u cpus\n", ncpu);

	for (int n = 0; n < 2; n++) {
		long long free_bytes, total = numa_node_size64(n, &free_bytes);
		if (total < 200 * (long long)MIB || free_bytes > total ||
		    free_bytes < 100 * (long long)MIB)
			return printf("node %d: %lld bytes, %lld free\n", n, total, free_bytes), 1;
		for (int round = 0; round < 2; round++) { /* the second reuses dirty memory */
			char *p = numa_alloc_onnode(8 * MIB, n);
			if (!p || (uintptr_t)p % (2 * MIB) || !on_node(p, 8 * MIB, n))
				return printf("onnode(8 MiB, %d) at %p\n", n, (void *)p), 1;
			for (size_t i = 0; i < 8 * MIB; i++)
				if (p[i])
					return printf("numa_alloc_onnode: not zeroed\n"), 1;
			memset(p, 0xee, 8 * MIB);
			numa_free(p, 8 * MIB);
		}
		void *q = numa_alloc_onnode(5000, n);
		if (!q || (uintptr_t)q % 4096 || !on_node(q, 5000, n))
			return printf("numa_alloc_onnode(5000, %d)\n", n), 1;
		numa_free(q, 5000);
		errno = 0;
		if (numa_alloc_onnode((size_t)total + 2 * MIB, n) || errno != ENOMEM)
			return printf("numa_alloc_onnode larger than node %d\n", n), 1;
	}
	errno = 0;
	if (numa_alloc_onnode(4096, 2) || errno != EINVAL || numa_alloc_onnode(0, 0))
		return printf("numa_alloc_onnode bad arguments\n"), 1;
	printf("numa_alloc_onnode honours the node\n");

	void *il[4];
	for (int i = 0; i < 4; i++)
		il[i] = numa_alloc_interleaved(4 * MIB);
	for (int i = 0; i < 4; i++) {
		if (!il[i] || node_of(il[i]) != (node_of(il[0]) + i) % 2)
			return printf("numa_alloc_interleaved: block %d on node %d\n", i,
				      node_of(il[i])),
			       1;
		numa_free(il[i], 4 * MIB);
	}
	printf("numa_alloc_interleaved alternates nodes\n");

	for (unsigned c = 0; c < ncpu; c++) {
		jobs[c].cpu = c;
		if (on_cpu(c, allocate_here, &jobs[c]))
			return printf("cannot run on core %u\n", c), 1;
	}
	for (unsigned c = 0; c < ncpu; c++)
		if (jobs[c].bad || jobs[c].errors)
			return printf("core %u: %d blocks off its node, %d errors\n", c,
				      jobs[c].bad, jobs[c].errors),
			       1;
	printf("memory allocated on each core lies in its node\n");

	/* Core 0 frees what the last core (node 1) allocated; that core allocates again. */
	unsigned last = ncpu - 1;
	for (int i = 0; i < NBLOCKS; i++)
		for (size_t k = 0; k < jobs[last].size[i]; k++)
			if (((unsigned char *)jobs[last].block[i])[k] != (unsigned char)i)
				return printf("block %d of core %u corrupt\n", i, last), 1;
	free_here(&jobs[last]);
	memset(&jobs[last], 0, sizeof(jobs[last]));
	if (on_cpu(last, allocate_here, &jobs[last]) || jobs[last].bad || jobs[last].errors)
		return printf("core %u after remote frees: %d off node\n", last, jobs[last].bad), 1;
	for (unsigned c = 0; c < ncpu; c++)
		if (on_cpu(c, free_here, &jobs[c]))
			return 1;
	printf("blocks freed on another node go home\n");
	return 0;
}
