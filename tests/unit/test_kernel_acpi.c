/* SPDX-License-Identifier: MIT */
/* Unit tests of the ACPI parsers (kernel/acpi.c, kernel/acpi_topology.c) on synthetic tables. */
#include <stdlib.h>
#include <string.h>

#include "kernel/acpi.h"
#include "kernel/boot.h"
#include "unit_check.h"

struct boot_params boot_params; /* kernel/boot.h declares it; the parsers never touch it */

/* "Physical memory" of the tests: 1 MiB at address 0; tables are built into it. */
#define PHYS_SIZE (1u << 20)
static uint8_t phys[PHYS_SIZE];
static unsigned maps; /* calls of the map callback, to see that it is used */

static const void *map(uint64_t pa, uint64_t len, void *ctx)
{
	(void)ctx;
	maps++;
	if (pa >= PHYS_SIZE || len > PHYS_SIZE - pa)
		return 0;
	return phys + pa;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v), put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t checksum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return (uint8_t)-s;
}

/* A table being built at phys + at: the header now, entries appended, finish() at the end. */
struct table {
	uint64_t at;
	uint32_t len;
};

static struct table table(uint64_t at, const char *sig, uint8_t revision, uint32_t reserved)
{
	uint8_t *h = phys + at;
	memset(h, 0, 64);
	memcpy(h, sig, 4);
	h[8] = revision;
	memcpy(h + 10, "EREMIT", 6);
	/* MADT: local APIC address and flags; SRAT: 12 reserved bytes (the first is 1). */
	if (!strcmp(sig, "SRAT"))
		put32(h + 36, 1);
	return (struct table){at, 36 + reserved};
}

static void add(struct table *t, const uint8_t *e, size_t len)
{
	memcpy(phys + t->at + t->len, e, len);
	t->len += (uint32_t)len;
}

static void finish(struct table *t)
{
	put32(phys + t->at + 4, t->len);
	phys[t->at + 9] = 0;
	phys[t->at + 9] = checksum(phys + t->at, t->len);
}

static void lapic(struct table *t, uint8_t apic, uint32_t flags)
{
	uint8_t e[8] = {0, 8, apic, apic};
	put32(e + 4, flags);
	add(t, e, sizeof(e));
}

static void x2apic(struct table *t, uint32_t apic, uint32_t flags)
{
	uint8_t e[16] = {9, 16};
	put32(e + 4, apic), put32(e + 8, flags), put32(e + 12, apic);
	add(t, e, sizeof(e));
}

static void srat_cpu(struct table *t, uint8_t apic, uint32_t domain, uint32_t flags)
{
	uint8_t e[16] = {0, 16, (uint8_t)domain, apic};
	put32(e + 4, flags);
	e[9] = (uint8_t)(domain >> 8), e[10] = (uint8_t)(domain >> 16),
	e[11] = (uint8_t)(domain >> 24);
	add(t, e, sizeof(e));
}

static void srat_x2apic(struct table *t, uint32_t apic, uint32_t domain, uint32_t flags)
{
	uint8_t e[24] = {2, 24};
	put32(e + 4, domain), put32(e + 8, apic), put32(e + 12, flags);
	add(t, e, sizeof(e));
}

static void srat_mem(struct table *t, uint64_t base, uint64_t size, uint32_t domain, uint32_t flags)
{
	uint8_t e[40] = {1, 40};
	put32(e + 2, domain), put64(e + 8, base), put64(e + 16, size), put32(e + 28, flags);
	add(t, e, sizeof(e));
}

/* RSDP at rsdp pointing to a root table at root listing the tables at the given addresses. */
static void root(uint64_t rsdp, int v2, uint64_t at, const uint64_t *tables, unsigned n)
{
	struct table r = table(at, v2 ? "XSDT" : "RSDT", 1, 0);
	uint8_t *p = phys + rsdp;

	for (unsigned i = 0; i < n; i++) {
		uint8_t e[8];
		put64(e, tables[i]);
		add(&r, e, v2 ? 8 : 4);
	}
	finish(&r);
	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "EREMIT", 6);
	p[15] = v2 ? 2 : 0;
	put32(p + 16, v2 ? 0 : (uint32_t)at);
	if (v2) {
		put32(p + 20, 36);
		put64(p + 24, at);
		p[32] = checksum(p, 36);
	}
	p[8] = checksum(p, 20);
	if (v2) {
		p[32] = 0;
		p[32] = checksum(p, 36);
	}
}

#define RSDP  0xf0010u
#define ROOT  0x10000u
#define MADT  0x20000u
#define SRAT  0x30000u
#define OTHER 0x40000u
#define MIB   (1ull << 20)

static struct acpi_topology topo;

static void test_rsdp(void)
{
	memset(phys, 0, sizeof(phys));
	root(RSDP, 0, ROOT, 0, 0);
	CHECK(acpi_rsdp_valid(phys + RSDP, 20));
	CHECK(acpi_rsdp_scan(phys + ACPI_BIOS_AREA, ACPI_BIOS_AREA_END - ACPI_BIOS_AREA,
			     ACPI_BIOS_AREA) == RSDP);
	/* A signature with a bad checksum earlier in the area is skipped. */
	memcpy(phys + 0xe0100, "RSD PTR ", 8);
	CHECK(acpi_rsdp_scan(phys + ACPI_BIOS_AREA, ACPI_BIOS_AREA_END - ACPI_BIOS_AREA,
			     ACPI_BIOS_AREA) == RSDP);
	/* Only 16-byte boundaries count. */
	memmove(phys + RSDP + 4, phys + RSDP, 20);
	memset(phys + RSDP, 0, 4);
	CHECK(acpi_rsdp_scan(phys + ACPI_BIOS_AREA, ACPI_BIOS_AREA_END - ACPI_BIOS_AREA,
			     ACPI_BIOS_AREA) == 0);
	CHECK(!acpi_rsdp_valid(phys + RSDP, 20));
	/* ACPI 2.0: the extended checksum counts, and the length must fit. */
	root(RSDP, 1, ROOT, 0, 0);
	CHECK(acpi_rsdp_valid(phys + RSDP, 36));
	CHECK(!acpi_rsdp_valid(phys + RSDP, 35));
	phys[RSDP + 33]++;
	CHECK(!acpi_rsdp_valid(phys + RSDP, 36));
	CHECK(acpi_rsdp_valid(phys + RSDP, 20) == 0);
}

/* ACPI 1.0, MADT only: CPUs in table order after the boot CPU; no SRAT means no NUMA. */
static void test_madt_v1(void)
{
	uint64_t tables[] = {OTHER, MADT};
	struct table m;

	memset(phys, 0, sizeof(phys));
	struct table o = table(OTHER, "FACP", 1, 0);
	finish(&o);
	m = table(MADT, "APIC", 3, 8);
	lapic(&m, 0, 1);
	lapic(&m, 1, 1);
	lapic(&m, 2, 1);
	lapic(&m, 3, 0); /* disabled, not online-capable: absent */
	lapic(&m, 4, 2); /* online-capable */
	lapic(&m, 1, 1); /* listed twice: counted once */
	uint8_t ioapic[12] = {1, 12};
	add(&m, ioapic, sizeof(ioapic)); /* other entry types are skipped */
	finish(&m);
	root(RSDP, 0, ROOT, tables, 2);

	maps = 0;
	CHECK(!acpi_read_topology(map, 0, RSDP, 2, &topo));
	CHECK(maps > 0);
	CHECK(topo.ncpus == 4 && !topo.has_srat && topo.ncpus_dropped == 0);
	CHECK(topo.cpu_apic[0] == 2 && topo.cpu_apic[1] == 0 && topo.cpu_apic[2] == 1 &&
	      topo.cpu_apic[3] == 4);

	static struct boot_params bp;
	bp = (struct boot_params){.nram = 2, .ncpus = 1, .nnodes = 1};
	bp.ram[0] = (struct boot_ram_range){0x1000, 0x9fc00, 0};
	bp.ram[1] = (struct boot_ram_range){MIB, 512 * MIB, 0};
	CHECK(!acpi_apply_topology(&topo, &bp));
	CHECK(bp.ncpus == 4 && bp.nnodes == 1 && bp.nram == 2 && bp.ram[1].end == 512 * MIB);
	CHECK(bp.cpu_apic[0] == 2 && bp.cpu_apic[3] == 4 && bp.cpu_node[3] == 0);

	/* The boot CPU must be in the MADT. */
	CHECK(acpi_read_topology(map, 0, RSDP, 7, &topo) &&
	      strstr(acpi_read_topology(map, 0, RSDP, 7, &topo), "boot CPU"));
}

/* ACPI 2.0 with x2APIC entries and an SRAT of two domains numbered 5 and 9. */
static void build_numa(int srat_revision)
{
	uint64_t tables[] = {MADT, SRAT};
	struct table m, s;

	memset(phys, 0, sizeof(phys));
	m = table(MADT, "APIC", 5, 8);
	lapic(&m, 0, 1);
	lapic(&m, 1, 1);
	x2apic(&m, 2, 1);
	x2apic(&m, 300, 1);
	x2apic(&m, 400, 0); /* disabled */
	finish(&m);
	s = table(SRAT, "SRAT", (uint8_t)srat_revision, 12);
	srat_cpu(&s, 0, 9, 1);
	srat_cpu(&s, 1, 9, 1);
	srat_x2apic(&s, 2, 5, 1);
	srat_x2apic(&s, 300, 5, 1);
	srat_x2apic(&s, 400, 77, 1); /* a CPU that is not there: its domain is not a node */
	srat_mem(&s, 0, 0xa0000, 9, 1);
	srat_mem(&s, MIB, 255 * MIB, 9, 1);
	srat_mem(&s, 256 * MIB, 256 * MIB, 5, 1);
	srat_mem(&s, 600 * MIB, 100 * MIB, 3, 1); /* no RAM there: not a node */
	srat_mem(&s, 512 * MIB, 64 * MIB, 3, 0);  /* disabled */
	finish(&s);
	root(RSDP, 1, ROOT, tables, 2);
}

static void test_srat(void)
{
	static struct boot_params bp;

	build_numa(3);
	CHECK(!acpi_read_topology(map, 0, RSDP, 0, &topo));
	CHECK(topo.ncpus == 4 && topo.has_srat && topo.nmem == 4);
	CHECK(topo.cpu_apic[2] == 2 && topo.cpu_apic[3] == 300);

	/* RAM as PVH gives it: low memory, then up to 512 MiB; 512-520 MiB has no SRAT range. */
	bp = (struct boot_params){.nram = 3, .ncpus = 1, .nnodes = 1};
	bp.ram[0] = (struct boot_ram_range){0x1000, 0x9fc00, 0};
	bp.ram[1] = (struct boot_ram_range){MIB, 512 * MIB, 0};
	bp.ram[2] = (struct boot_ram_range){512 * MIB, 520 * MIB, 0};
	CHECK(!acpi_apply_topology(&topo, &bp));
	/* Domains 5 and 9 become nodes 0 and 1. */
	CHECK(bp.nnodes == 2 && bp.ncpus == 4);
	CHECK(bp.cpu_node[0] == 1 && bp.cpu_node[1] == 1 && bp.cpu_node[2] == 0 &&
	      bp.cpu_node[3] == 0);
	/* Uncovered RAM goes to node 0, here merged with the piece of node 0 below it. */
	CHECK(bp.nram == 3);
	CHECK(bp.ram[0].start == 0x1000 && bp.ram[0].end == 0x9fc00 && bp.ram[0].node == 1);
	CHECK(bp.ram[1].start == MIB && bp.ram[1].end == 256 * MIB && bp.ram[1].node == 1);
	CHECK(bp.ram[2].start == 256 * MIB && bp.ram[2].end == 520 * MIB && bp.ram[2].node == 0);

	/* SRAT revision 1: the high domain bytes of processor entries do not count. */
	build_numa(1);
	phys[SRAT + 48 + 9] = 0xaa; /* first CPU entry, domain bits 8..15 */
	struct table s = {SRAT, 0};
	s.len = (uint32_t)(phys[SRAT + 4] | phys[SRAT + 5] << 8);
	finish(&s);
	CHECK(!acpi_read_topology(map, 0, RSDP, 0, &topo));
	CHECK(topo.cpu_domain[0] == 9 && topo.cpu_has_domain[0]);
	build_numa(3);
	phys[SRAT + 48 + 9] = 0xaa;
	finish(&s);
	CHECK(!acpi_read_topology(map, 0, RSDP, 0, &topo));
	CHECK(topo.cpu_domain[0] == (0xaa00u | 9));
}

/* Broken tables are refused with a reason, and bp stays as it was. */
static void test_bad(void)
{
	const char *why;

	build_numa(3);
	phys[MADT + 50]++; /* checksum */
	why = acpi_read_topology(map, 0, RSDP, 0, &topo);
	CHECK(why && strstr(why, "MADT"));

	build_numa(3);
	phys[SRAT + 60]++;
	why = acpi_read_topology(map, 0, RSDP, 0, &topo);
	CHECK(why && strstr(why, "SRAT"));

	build_numa(3);
	phys[ROOT + 40]++; /* the XSDT's first entry: checksum now wrong */
	why = acpi_read_topology(map, 0, RSDP, 0, &topo);
	CHECK(why && strstr(why, "XSDT"));

	build_numa(3);
	phys[RSDP + 1]++;
	CHECK(acpi_read_topology(map, 0, RSDP, 0, &topo));

	/* An entry whose length runs past the table, and one of length 0. */
	build_numa(3);
	struct table m = {MADT, (uint32_t)(phys[MADT + 4] | phys[MADT + 5] << 8)};
	phys[MADT + 44 + 1] = 200;
	finish(&m);
	why = acpi_read_topology(map, 0, RSDP, 0, &topo);
	CHECK(why && strstr(why, "past the end"));
	phys[MADT + 44 + 1] = 0;
	finish(&m);
	CHECK(acpi_read_topology(map, 0, RSDP, 0, &topo));

	/* A table length beyond the map, and a root table pointing outside memory. */
	build_numa(3);
	put32(phys + MADT + 4, PHYS_SIZE);
	CHECK(acpi_read_topology(map, 0, RSDP, 0, &topo));
	build_numa(3);
	uint64_t far[] = {0x100000000ull};
	root(RSDP, 1, ROOT, far, 1);
	why = acpi_read_topology(map, 0, RSDP, 0, &topo);
	CHECK(why && strstr(why, "no MADT"));
	CHECK(acpi_read_topology(map, 0, 0x200000, 0, &topo)); /* RSDP outside memory */

	/* No SRAT at all is fine: no NUMA. */
	build_numa(3);
	uint64_t only_madt[] = {MADT};
	root(RSDP, 1, ROOT, only_madt, 1);
	CHECK(!acpi_read_topology(map, 0, RSDP, 0, &topo) && !topo.has_srat);
}

/* More than 256 CPUs: the first 256 (the boot CPU among them); more than 64 nodes: refused. */
static void test_limits(void)
{
	static struct boot_params bp, before;
	uint64_t tables[] = {MADT, SRAT};
	struct table m, s;

	memset(phys, 0, sizeof(phys));
	m = table(MADT, "APIC", 5, 8);
	for (uint32_t i = 0; i < 300; i++)
		x2apic(&m, i, 1);
	finish(&m);
	s = table(SRAT, "SRAT", 3, 12);
	for (uint32_t i = 0; i < 300; i++)
		srat_x2apic(&s, i, i / 4, 1); /* 75 domains */
	srat_mem(&s, 0, 64 * MIB, 0, 1);
	finish(&s);
	root(RSDP, 1, ROOT, tables, 2);

	CHECK(!acpi_read_topology(map, 0, RSDP, 299, &topo));
	CHECK(topo.ncpus == EREMIT_MAX_CPUS && topo.ncpus_dropped == 300 - EREMIT_MAX_CPUS);
	CHECK(topo.cpu_apic[0] == 299 && topo.cpu_apic[1] == 0 && topo.cpu_apic[255] == 254);
	bp = (struct boot_params){.nram = 1, .ncpus = 1, .nnodes = 1};
	bp.ram[0] = (struct boot_ram_range){MIB, 64 * MIB, 0};
	before = bp;
	const char *why = acpi_apply_topology(&topo, &bp);
	CHECK(why && strstr(why, "NUMA nodes"));
	CHECK(!memcmp(&bp, &before, sizeof(bp)));

	/* 256 CPUs in 64 domains fit. */
	CHECK(!acpi_read_topology(map, 0, RSDP, 0, &topo));
	for (unsigned i = 0; i < topo.ncpus; i++)
		topo.cpu_domain[i] = topo.cpu_apic[i] / 4;
	CHECK(!acpi_apply_topology(&topo, &bp));
	CHECK(bp.ncpus == 256 && bp.nnodes == 64 && bp.cpu_node[255] == 63);
	CHECK(bp.nram == 1 && bp.ram[0].node == 0);

	/* RAM split into more pieces than boot_params holds: refused. */
	topo = (struct acpi_topology){.ncpus = 1, .has_srat = 1};
	for (unsigned i = 0; i < ACPI_MAX_MEM_RANGES; i++)
		topo.mem[topo.nmem++] = (struct acpi_mem_affinity){i * MIB, (i + 1) * MIB, i % 2};
	bp = (struct boot_params){.nram = 1, .ncpus = 1, .nnodes = 1};
	/* 128 alternating ranges, then RAM no range covers: 129 pieces. */
	bp.ram[0] = (struct boot_ram_range){0, 129 * MIB, 0};
	before = bp;
	why = acpi_apply_topology(&topo, &bp);
	CHECK(BOOT_MAX_RAM_RANGES == 128);
	CHECK(why && strstr(why, "RAM ranges") && !memcmp(&bp, &before, sizeof(bp)));
	/* Exactly as many pieces as boot_params holds. */
	bp.ram[0].end = 128 * MIB;
	CHECK(!acpi_apply_topology(&topo, &bp) && bp.nram == 128 && bp.ram[127].node == 1);
}

int main(void)
{
	test_rsdp();
	test_madt_v1();
	test_srat();
	test_bad();
	test_limits();
	TEST_DONE();
}
