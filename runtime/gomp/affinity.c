/* SPDX-License-Identifier: MIT */
/*
 * Thread affinity for libgomp on Eremit: config/linux's implementation, with
 * the CPU topology taken from the kernel instead of Linux's sysfs files
 * (/sys/devices/system/cpu/cpuN/topology/..., which Eremit does not have).
 * Everything else - places, binding threads with pthread_setaffinity_np and
 * pthread_attr_setaffinity_np, printing places - is Linux's code unchanged.
 *
 * Eremit's topology: every vCPU is a core of its own (the VM has no SMT
 * siblings), and a socket, a last-level cache and a NUMA domain are each one
 * NUMA node of the VM (HERMIT_NUMA / --numa). So OMP_PLACES=threads and
 * =cores give one place per CPU; sockets, ll_caches and numa_domains give
 * one place per node.
 */
#define gomp_affinity_init_level gomp_affinity_init_level_sysfs
#include "../linux/affinity.c"
#undef gomp_affinity_init_level

#include <eremit/cpu.h>

#ifdef HAVE_PTHREAD_AFFINITY_NP

bool gomp_affinity_init_level(int level, unsigned long count, bool quiet);

/* Open a new place at the end of the list. */
static void *gomp_eremit_new_place(void)
{
	void *pl = gomp_places_list[gomp_places_list_len];

	gomp_affinity_init_place(pl);
	return pl;
}

/* Add the allowed CPUs of one node (all nodes: node < 0), each as a place of
 * its own (per_cpu) or all into one place. */
static void gomp_eremit_add(int node, bool per_cpu, unsigned long count)
{
	unsigned ncpu = eremit_cpu_count();
	void *pl = NULL;

	for (unsigned cpu = 0; cpu < ncpu && gomp_places_list_len < count; cpu++) {
		if (gomp_cpusetp && (cpu >= 8 * gomp_cpuset_size ||
				     !CPU_ISSET_S(cpu, gomp_cpuset_size, gomp_cpusetp)))
			continue;
		if (node >= 0 && eremit_cpu_node(cpu) != node)
			continue;
		if (per_cpu || !pl)
			pl = gomp_eremit_new_place();
		if (!gomp_affinity_add_cpus(pl, cpu, 1, 0, true))
			continue;
		if (per_cpu)
			gomp_places_list_len++;
	}
	if (!per_cpu && pl)
		gomp_places_list_len++;
}

/*
 * The abstract place names: level 1 threads, 2 cores, 3 sockets,
 * 4 ll_caches, 5 numa_domains; at most count places, over the CPUs the
 * program may use, in CPU order as Linux lists them.
 */
bool gomp_affinity_init_level(int level, unsigned long count, bool quiet)
{
	unsigned long ncpus = eremit_cpu_count();

	if (gomp_cpusetp) /* the CPUs the program may use; else all */
		ncpus = gomp_cpuset_popcount(gomp_cpuset_size, gomp_cpusetp);
	if (count > ncpus)
		count = ncpus;
	gomp_places_list = gomp_affinity_alloc(count, quiet);
	gomp_places_list_len = 0;
	if (gomp_places_list == NULL)
		return false;

	if (level <= 2) {
		gomp_eremit_add(-1, true, count);
	} else {
		int max = -1;

		for (unsigned cpu = 0; cpu < eremit_cpu_count(); cpu++)
			if (eremit_cpu_node(cpu) > max)
				max = eremit_cpu_node(cpu);
		for (int node = 0; node <= max && gomp_places_list_len < count; node++)
			gomp_eremit_add(node, false, count);
	}
	if (gomp_places_list_len == 0) {
		if (!quiet)
			gomp_error("No CPUs for the places asked for");
		free(gomp_places_list);
		gomp_places_list = NULL;
		return false;
	}
	return true;
}

#endif /* HAVE_PTHREAD_AFFINITY_NP */
