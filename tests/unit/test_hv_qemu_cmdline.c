/* SPDX-License-Identifier: MIT */
/* Unit tests of the kernel command line for QEMU's -append, and of its CPU and NUMA options. */
#include <string.h>

#include "qemu.h"
#include "unit_check.h"

static char buf[256];

static const char *build(bool verbose, uint64_t tsc_khz, int argc, char *const *argv)
{
	size_t n = hv_qemu_cmdline(buf, sizeof(buf), verbose, tsc_khz, "/img dir/a\\b", argc,
				   argv, 0);

	CHECK(n == strlen(buf));
	return buf;
}

/* hv_qemu_topology_args as one string of blank-separated words. */
static const char *topology(uint64_t mem, unsigned cpus, unsigned nnodes, const int *host_node)
{
	static struct hv_qemu_topology t;
	static char out[8192];
	const char *w[HV_QEMU_TOPOLOGY_WORDS + 1];
	unsigned n = hv_qemu_topology_args(&t, w, mem, cpus, nnodes, host_node);
	size_t k = 0;

	CHECK(n <= HV_QEMU_TOPOLOGY_WORDS);
	out[0] = 0;
	for (unsigned i = 0; i < n && k < sizeof(out); i++)
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%s%s", i ? " " : "", w[i]);
	return out;
}

static void test_topology(void)
{
	const uint64_t M = 1ull << 20;
	int host[EREMIT_MAX_NODES] = {1, -1, 0};

	CHECK(!strcmp(topology(512 * M, 1, 1, 0), "-smp 1"));
	CHECK(!strcmp(topology(512 * M, 16, 1, 0), "-smp 16"));
	/* The split of hv_boot_numa_layout: what the eremit runner gives the kernel. */
	CHECK(!strcmp(topology(512 * M, 4, 2, 0),
		      "-smp 4 -object memory-backend-ram,id=m0,size=256M "
		      "-numa node,nodeid=0,memdev=m0,cpus=0-1 "
		      "-object memory-backend-ram,id=m1,size=256M "
		      "-numa node,nodeid=1,memdev=m1,cpus=2-3"));
	/* 100 MiB in 3 nodes: 32 MiB shares, the last node the rest; uneven CPU blocks. */
	CHECK(!strcmp(topology(100 * M, 5, 3, 0),
		      "-smp 5 -object memory-backend-ram,id=m0,size=32M "
		      "-numa node,nodeid=0,memdev=m0,cpus=0-1 "
		      "-object memory-backend-ram,id=m1,size=32M "
		      "-numa node,nodeid=1,memdev=m1,cpus=2-3 "
		      "-object memory-backend-ram,id=m2,size=36M "
		      "-numa node,nodeid=2,memdev=m2,cpus=4-4"));
	/* A node without vCPUs has memory only; host nodes bind where given. */
	CHECK(!strcmp(topology(64 * M, 2, 3, host),
		      "-smp 2 -object memory-backend-ram,id=m0,size=20M,host-nodes=1,policy=bind "
		      "-numa node,nodeid=0,memdev=m0,cpus=0-0 "
		      "-object memory-backend-ram,id=m1,size=20M "
		      "-numa node,nodeid=1,memdev=m1,cpus=1-1 "
		      "-object memory-backend-ram,id=m2,size=24M,host-nodes=0,policy=bind "
		      "-numa node,nodeid=2,memdev=m2"));
	/* The most: 64 nodes of 2 MiB and 256 vCPUs, in HV_QEMU_TOPOLOGY_WORDS words. */
	const char *all = topology(128 * M, EREMIT_MAX_CPUS, EREMIT_MAX_NODES, 0);
	const char *head = "-smp 256 -object memory-backend-ram,id=m0,size=2M ";
	CHECK(!strncmp(all, head, strlen(head)));
	CHECK(strstr(all, " -numa node,nodeid=63,memdev=m63,cpus=252-255") &&
	      all[strlen(all) - 1] == '5');
}

int main(void)
{
	test_topology();
	char *args[] = {"plain", "two words", "back\\slash", "", "tab\there"};

	CHECK(!strcmp(build(false, 0, 0, 0), "-- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(true, 0, 0, 0), "eremit.verbose=1 -- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(true, 2596134, 0, 0),
		      "eremit.verbose=1 eremit.tsc_khz=2596134 -- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(false, 1, 0, 0), "eremit.tsc_khz=1 -- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(false, 0, 5, args),
		      "-- /img\\ dir/a\\\\b plain two\\ words back\\\\slash \"\" tab\there"));

	{
		char *env[] = {"OMP_NUM_THREADS=4", "A=two words", 0};
		char b[256];
		hv_qemu_cmdline(b, sizeof(b), false, 0, "img", 1, args, env);
		CHECK(!strcmp(b, "eremit.env=OMP_NUM_THREADS=4 eremit.env=A=two\\ words -- img plain"));
	}

	/* Too small a buffer: truncated, terminated, and the full length is returned. */
	{
		char small[8];
		size_t n = hv_qemu_cmdline(small, sizeof(small), true, 0, "img", 0, 0, 0);
		CHECK(n == strlen("eremit.verbose=1 -- img"));
		CHECK(!strcmp(small, "eremit."));
		CHECK(hv_qemu_cmdline(0, 0, false, 0, "img", 0, 0, 0) == 6);
	}
	TEST_DONE();
}
