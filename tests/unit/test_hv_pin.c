/* SPDX-License-Identifier: MIT */
/* Unit tests of vCPU pinning plans on synthetic and XML hwloc topologies, and CPU lists. */
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "numa.h"
#include "pin.h"
#include "unit_check.h"

static char err[512];

static hwloc_topology_t synthetic(const char *desc)
{
	hwloc_topology_t t;

	if (hwloc_topology_init(&t) || hwloc_topology_set_synthetic(t, desc) ||
	    hwloc_topology_load(t)) {
		fprintf(stderr, "cannot load synthetic topology \"%s\"\n", desc);
		exit(1);
	}
	return t;
}

/*
 * One package, two NUMA nodes (OS indexes 1 then 0, to tell logical from OS
 * order), two cores each with two PUs numbered as Linux numbers
 * hyperthreads: core c has PUs c and c + 4. Node 1 holds cores 0 and 1.
 */
#define OBJ(type, idx, set, nodes)                                                                 \
	"<object type=\"" type "\" os_index=\"" idx "\" cpuset=\"" set "\" complete_cpuset=\"" set \
	"\" nodeset=\"" nodes "\" complete_nodeset=\"" nodes "\""
#define PU(idx, set, nodes)   OBJ("PU", idx, set, nodes) "/>\n"
#define NODE(idx, set, nodes) OBJ("NUMANode", idx, set, nodes) " local_memory=\"1073741824\"/>\n"
static const char xml_topology
    [] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	 "<!DOCTYPE topology SYSTEM \"hwloc2.dtd\">\n"
	 "<topology version=\"2.0\">\n" OBJ(
	     "Machine", "0", "0xff",
	     "0x3") " allowed_cpuset=\"0xff\" allowed_nodeset=\"0x3\">\n" OBJ("Package", "0",
									      "0xff",
									      "0x3") ">\n" OBJ("Gro"
											       "up",
											       "0",
											       "0x3"
											       "3",
											       "0x"
											       "2") ">\n" NODE("1",
													       "0x33",
													       "0x2")
	     OBJ("Core", "0", "0x11", "0x2") ">\n" PU("0", "0x01", "0x2")
		 PU("4", "0x10", "0x2") "</object>\n" OBJ("Core", "1", "0x22",
							  "0x2") ">\n" PU("1", "0x02", "0x2")
		     PU("5", "0x20",
			"0x2") "</object>\n"
			       "</object>\n" OBJ("Group", "1", "0xcc", "0x1") ">\n" NODE(
				   "0", "0xcc", "0x1") OBJ("Core", "2", "0x44",
							   "0x1") ">\n" PU("2", "0x04", "0x1")
				   PU("6", "0x40", "0x1") "</object>\n" OBJ(
				       "Core", "3", "0x88", "0x1") ">\n" PU("3", "0x08", "0x1")
				       PU("7", "0x80",
					  "0x1") "</object>\n"
						 "</object>\n</object>\n</object>\n</topology>\n";

static hwloc_topology_t from_xml(void)
{
	hwloc_topology_t t;

	if (hwloc_topology_init(&t) ||
	    hwloc_topology_set_xmlbuffer(t, xml_topology, (int)sizeof(xml_topology)) ||
	    hwloc_topology_load(t)) {
		fprintf(stderr, "cannot load the XML topology\n");
		exit(1);
	}
	return t;
}

static hwloc_bitmap_t cpuset(const char *list)
{
	hwloc_bitmap_t s = hwloc_bitmap_alloc();

	hwloc_bitmap_list_sscanf(s, list);
	return s;
}

/* The plan's CPUs as "a,b,c" (for comparing orders in one CHECK). */
static const char *cpus_of(const struct hv_pin_plan *p)
{
	static char buf[1024];
	size_t n = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < p->n && n < sizeof(buf); i++)
		n +=
		    (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%d", i ? "," : "", p->cpu[i].cpu);
	return buf;
}

static const char *plan_auto(hwloc_topology_t t, const char *allowed, unsigned n)
{
	struct hv_pin_plan p;
	hwloc_bitmap_t s =
	    allowed ? cpuset(allowed) : hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(t));
	const char *r;

	r = hv_pin_plan_auto(t, s, n, &p, err, sizeof(err)) ? 0 : cpus_of(&p);
	hv_pin_plan_free(&p);
	hwloc_bitmap_free(s);
	return r;
}

static void test_auto_synthetic(void)
{
	/* PU P#2c and P#2c+1 share core c; packages carry the NUMA nodes. */
	hwloc_topology_t t = synthetic("pack:2 numa:1 core:4 pu:2");
	struct hv_pin_plan p;
	hwloc_bitmap_t all = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(t));

	CHECK(!strcmp(plan_auto(t, 0, 16), "0,2,4,6,8,10,12,14,1,3,5,7,9,11,13,15"));
	CHECK(!strcmp(plan_auto(t, 0, 1), "0"));
	CHECK(!strcmp(plan_auto(t, 0, 5), "0,2,4,6,8"));
	/* A core with its first PU disallowed still gives one PU at the first level. */
	CHECK(!strcmp(plan_auto(t, "1-15", 8), "1,2,4,6,8,10,12,14"));
	CHECK(!strcmp(plan_auto(t, "8-15", 5), "8,10,12,14,9"));
	CHECK(!strcmp(plan_auto(t, "1,3,9", 3), "1,3,9"));
	/* More vCPUs than allowed PUs. */
	CHECK(!plan_auto(t, 0, 17));
	CHECK(strstr(err, "17 vCPUs but only 16 host CPUs") && strstr(err, "CPUs 0-15"));
	CHECK(!plan_auto(t, "4-5", 3));
	CHECK(strstr(err, "3 vCPUs but only 2 host CPUs") && strstr(err, "CPUs 4-5"));
	/* Core (logical) and NUMA node of each planned CPU. */
	CHECK(!hv_pin_plan_auto(t, all, 10, &p, err, sizeof(err)) && p.n == 10);
	CHECK(p.cpu[0].cpu == 0 && p.cpu[0].core == 0 && p.cpu[0].node == 0);
	CHECK(p.cpu[5].cpu == 10 && p.cpu[5].core == 5 && p.cpu[5].node == 1);
	CHECK(p.cpu[9].cpu == 3 && p.cpu[9].core == 1 && p.cpu[9].node == 0);
	hv_pin_plan_free(&p);
	CHECK(p.n == 0 && !p.cpu);
	hwloc_bitmap_free(all);
	hwloc_topology_destroy(t);

	/* Linux numbering of hyperthreads (siblings c and c + 4), one NUMA node. */
	t = synthetic("pack:2 core:2 pu:2(indexes=0,4,1,5,2,6,3,7)");
	CHECK(!strcmp(plan_auto(t, 0, 8), "0,1,2,3,4,5,6,7"));
	CHECK(!strcmp(plan_auto(t, "0,4,5", 3), "0,5,4"));
	hwloc_topology_destroy(t);

	/* No SMT, two NUMA nodes inside a package. */
	t = synthetic("pack:1 numa:2 core:3 pu:1");
	CHECK(!strcmp(plan_auto(t, 0, 6), "0,1,2,3,4,5"));
	CHECK(!strcmp(plan_auto(t, "2-4", 3), "2,3,4"));
	hwloc_topology_destroy(t);
}

static void test_auto_xml(void)
{
	hwloc_topology_t t = from_xml();
	struct hv_pin_plan p;
	hwloc_bitmap_t all = cpuset("0-7");

	/* Node P#1 comes first in logical order: its cores, then node P#0's, then SMT. */
	CHECK(!strcmp(plan_auto(t, 0, 8), "0,1,2,3,4,5,6,7"));
	/* PU P#4 comes before P#1 in logical order: both are first PUs of node P#1 cores. */
	CHECK(!strcmp(plan_auto(t, "1-3,4", 4), "4,1,2,3"));
	CHECK(!strcmp(plan_auto(t, "2,3,6,7", 4), "2,3,6,7"));
	CHECK(!strcmp(plan_auto(t, "4-7", 2), "4,5"));
	CHECK(!hv_pin_plan_auto(t, all, 8, &p, err, sizeof(err)));
	CHECK(p.cpu[0].node == 1 && p.cpu[2].node == 0 && p.cpu[4].node == 1);
	CHECK(p.cpu[3].core == 3 && p.cpu[7].core == 3 && p.cpu[7].cpu == 7);
	hv_pin_plan_free(&p);
	hwloc_bitmap_free(all);
	hwloc_topology_destroy(t);
}

static const char *parse(const char *list)
{
	static char buf[1024];
	unsigned n;
	int *cpus;
	size_t k = 0;

	if (hv_pin_parse_list(list, &cpus, &n, err, sizeof(err)))
		return 0;
	buf[0] = 0;
	for (unsigned i = 0; i < n && k < sizeof(buf); i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%d", i ? "," : "", cpus[i]);
	free(cpus);
	return buf;
}

static void test_parse_list(void)
{
	CHECK(!strcmp(parse("0"), "0"));
	CHECK(!strcmp(parse("0-3,8,10-11"), "0,1,2,3,8,10,11"));
	CHECK(!strcmp(parse("8,1,3-4"), "8,1,3,4"));
	CHECK(!strcmp(parse("0-6:2"), "0,2,4,6"));
	CHECK(!strcmp(parse("0-7:3,1"), "0,3,6,1"));
	CHECK(!strcmp(parse("5-5"), "5"));
	CHECK(!strcmp(parse("65535"), "65535"));
	const char *bad[] = {"",
			     ",",
			     "1,",
			     ",1",
			     "1,,2",
			     "a",
			     "1-",
			     "-1",
			     "3-1",
			     "1 ",
			     " 1",
			     "1-2:",
			     "1-2:0",
			     "1:2",
			     "0x1",
			     "1.5",
			     "1;2",
			     "65536",
			     "99999999999999999999",
			     "1-65536",
			     "1,1",
			     "0-3,2"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *r = parse(bad[i]);
		CHECK(!r && err[0]);
		if (r)
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
	}
	CHECK(!parse("2,0-3") && strstr(err, "host CPU 2 is listed twice"));
	CHECK(!parse("1-") && strstr(err, "malformed CPU range at \"1-\""));
	CHECK(!parse("1,x") && strstr(err, "malformed CPU list at \"x\""));
}

static int plan_list(hwloc_topology_t t, const char *allowed, const char *list, unsigned n,
		     struct hv_pin_plan *p)
{
	hwloc_bitmap_t s = cpuset(allowed);
	int r = hv_pin_plan_list(t, s, list, n, p, err, sizeof(err));

	hwloc_bitmap_free(s);
	return r;
}

static void test_plan_list(void)
{
	hwloc_topology_t t = synthetic("pack:2 numa:1 core:4 pu:2");
	struct hv_pin_plan p;

	CHECK(!plan_list(t, "0-15", "9,3,4-5", 4, &p) && !strcmp(cpus_of(&p), "9,3,4,5"));
	CHECK(p.cpu[0].core == 4 && p.cpu[0].node == 1 && p.cpu[1].core == 1 && p.cpu[1].node == 0);
	hv_pin_plan_free(&p);
	/* A longer list is fine: only the first n CPUs are used and checked. */
	CHECK(!plan_list(t, "0-3", "2,3,99", 2, &p) && !strcmp(cpus_of(&p), "2,3"));
	hv_pin_plan_free(&p);
	CHECK(plan_list(t, "0-15", "1,2", 3, &p) && strstr(err, "2 host CPUs listed for 3 vCPUs"));
	CHECK(p.n == 0 && !p.cpu);
	CHECK(plan_list(t, "0-15", "1", 2, &p) && strstr(err, "1 host CPU listed for 2 vCPUs"));
	CHECK(plan_list(t, "0-3", "2,4", 2, &p) &&
	      strstr(err, "host CPU 4 is not one this process may use (CPUs 0-3)"));
	CHECK(plan_list(t, "0-15", "16", 1, &p) && strstr(err, "host CPU 16 is not one"));
	CHECK(plan_list(t, "0-15", "1-0", 1, &p) && strstr(err, "malformed"));
	hwloc_topology_destroy(t);
}

/* Guest nodes of ncpus vCPUs in nnodes nodes, planned on host CPUs list: host node per node. */
static const char *membind(hwloc_topology_t t, const char *list, unsigned ncpus, unsigned nnodes)
{
	static struct eremit_boot_info layout;
	static char buf[256];
	int host[EREMIT_MAX_NODES];
	struct hv_pin_plan p = {0};
	hwloc_bitmap_t all = cpuset("0-1023");
	size_t k = 0;
	unsigned bound;

	if (list && (!strcmp(list, "auto") ? hv_pin_plan_auto(t, all, ncpus, &p, err, sizeof(err))
					   : plan_list(t, "0-1023", list, ncpus, &p))) {
		hwloc_bitmap_free(all);
		return "plan failed";
	}
	hwloc_bitmap_free(all);
	hv_boot_numa_layout(&layout, 1ull << 30, ncpus, nnodes);
	bound = hv_numa_plan_membind(&p, &layout, ncpus, host);
	k += (size_t)snprintf(buf, sizeof(buf), "%u:", bound);
	for (unsigned n = 0; n < nnodes && k < sizeof(buf); n++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%d", n ? "," : "", host[n]);
	for (unsigned n = nnodes; n < EREMIT_MAX_NODES; n++)
		CHECK(host[n] == -1);
	hv_pin_plan_free(&p);
	return buf;
}

/*
 * Memory binding plans (--numa with --pin): this host has one NUMA node, so
 * the planning is tested on synthetic two-node topologies.
 */
static void test_membind(void)
{
	/* Host node 0: PUs 0-7, node 1: PUs 8-15 (two packages of four 2-PU cores). */
	hwloc_topology_t t = synthetic("pack:2 numa:1 core:4 pu:2");

	CHECK(!strcmp(membind(t, "0,1,8,9", 4, 2), "2:0,1"));
	CHECK(!strcmp(membind(t, "8,9,0,1", 4, 2), "2:1,0"));
	/* All vCPUs on host node 1: both guest nodes there. */
	CHECK(!strcmp(membind(t, "8,10,12,14", 4, 2), "2:1,1"));
	/* The majority decides; a tie goes to the lower host node. */
	CHECK(!strcmp(membind(t, "0,8,9", 3, 1), "1:1"));
	CHECK(!strcmp(membind(t, "9,0", 2, 1), "1:0"));
	/* A guest node without vCPUs keeps the default policy. */
	CHECK(!strcmp(membind(t, "0,8", 2, 3), "2:0,1,-1")); /* vCPU i on node i * 3 / 2 */
	/* The automatic plan: one PU per core, node by node, so 8 vCPUs fill host node 0 first. */
	CHECK(!strcmp(membind(t, "auto", 8, 2), "2:0,1"));
	CHECK(!strcmp(membind(t, "auto", 8, 4), "4:0,0,1,1"));
	/* No pinning: nothing is bound. */
	CHECK(!strcmp(membind(t, 0, 4, 2), "0:-1,-1"));
	hwloc_topology_destroy(t);

	/* One host node: binding would change nothing. */
	t = synthetic("pack:1 core:4 pu:1");
	CHECK(!strcmp(membind(t, "0-3", 4, 2), "0:-1,-1"));
	hwloc_topology_destroy(t);

	/* Host node OS indexes as the topology gives them (P#1 before P#0 in the XML one). */
	t = from_xml();
	CHECK(!strcmp(membind(t, "0,1,2,3", 4, 2), "2:1,0"));
	hwloc_topology_destroy(t);
}

int main(void)
{
	test_auto_synthetic();
	test_auto_xml();
	test_parse_list();
	test_plan_list();
	test_membind();
	TEST_DONE();
}
