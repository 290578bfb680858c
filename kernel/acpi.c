// SPDX-License-Identifier: MIT
/* ACPI's RSDP, RSDT/XSDT, MADT and SRAT, read into struct acpi_topology; portable. */
#include <string.h>
#include "kernel/acpi.h"

#define SDT_HEADER_LEN	 36
#define RSDP_V1_LEN	 20
#define RSDP_V2_LEN	 36
#define MADT_ENTRIES	 44 /* header, local APIC address, flags */
#define SRAT_ENTRIES	 48 /* header, 4 reserved bytes, 8 reserved bytes */
#define MADT_LAPIC	 0  /* processor local APIC */
#define MADT_X2APIC	 9  /* processor local x2APIC */
#define MADT_F_ENABLED	 (1u << 0)
#define MADT_F_ONLINE_OK (1u << 1) /* online-capable: may be enabled later (ACPI 6.3) */
#define SRAT_CPU	 0	   /* processor local APIC affinity */
#define SRAT_MEM	 1	   /* memory affinity */
#define SRAT_X2APIC	 2	   /* processor local x2APIC affinity */
#define SRAT_F_ENABLED	 (1u << 0)

static uint32_t le16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int sum_zero(const uint8_t *p, uint64_t len)
{
	uint8_t sum = 0;
	for (uint64_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

int acpi_rsdp_valid(const void *p, uint64_t len)
{
	const uint8_t *r = p;
	if (len < RSDP_V1_LEN || memcmp(r, "RSD PTR ", 8) || !sum_zero(r, RSDP_V1_LEN))
		return 0;
	if (r[15] < 2)
		return 1; /* ACPI 1.0: RSDT only */
	uint32_t xlen = le32(r + 20);
	return xlen >= RSDP_V2_LEN && xlen <= len && sum_zero(r, xlen);
}

uint64_t acpi_rsdp_scan(const void *area, uint64_t len, uint64_t base)
{
	const uint8_t *a = area;
	for (uint64_t off = 0; off + RSDP_V1_LEN <= len; off += 16)
		if (acpi_rsdp_valid(a + off, len - off))
			return base + off;
	return 0;
}

/* The whole table at pa, checked: its length (from the header) in *len. */
static const uint8_t *map_table(acpi_map_fn map, void *ctx, uint64_t pa, uint32_t *len)
{
	const uint8_t *h = map(pa, SDT_HEADER_LEN, ctx);
	if (!h)
		return 0;
	*len = le32(h + 4);
	if (*len < SDT_HEADER_LEN || *len > ACPI_TABLE_MAX)
		return 0;
	h = map(pa, *len, ctx);
	return h && sum_zero(h, *len) ? h : 0;
}

/* The table with signature sig listed in the RSDT or XSDT; NULL when absent or bad. */
static const uint8_t *find_table(acpi_map_fn map, void *ctx, const uint8_t *rsdp, const char *sig,
				 uint32_t *len, const char **why)
{
	int x = rsdp[15] >= 2 && le64(rsdp + 24) != 0;
	uint64_t root_pa = x ? le64(rsdp + 24) : le32(rsdp + 16);
	uint32_t root_len, step = x ? 8 : 4;
	const uint8_t *root = map_table(map, ctx, root_pa, &root_len);
	if (!root || memcmp(root, x ? "XSDT" : "RSDT", 4)) {
		*why = x ? "the XSDT is unreadable or has a bad checksum"
			 : "the RSDT is unreadable or has a bad checksum";
		return 0;
	}
	for (uint32_t off = SDT_HEADER_LEN; off + step <= root_len; off += step) {
		uint64_t pa = x ? le64(root + off) : le32(root + off);
		const uint8_t *h = map(pa, SDT_HEADER_LEN, ctx);
		if (!h || memcmp(h, sig, 4))
			continue;
		const uint8_t *t = map_table(map, ctx, pa, len);
		if (!t)
			*why = sig[0] == 'A' ? "the MADT has a bad length or checksum"
					     : "the SRAT has a bad length or checksum";
		return t;
	}
	*why = sig[0] == 'A' ? "there is no MADT" : "there is no SRAT";
	return 0;
}

/* Adds one CPU from the MADT unless it is there already; the boot CPU goes first. */
static void add_cpu(struct acpi_topology *t, uint32_t apic, uint32_t boot_apic)
{
	for (unsigned i = 0; i < t->ncpus; i++)
		if (t->cpu_apic[i] == apic)
			return;
	if (t->ncpus == EREMIT_MAX_CPUS) {
		t->ncpus_dropped += apic != boot_apic;
		if (apic != boot_apic)
			return;
		t->ncpus--; /* the boot CPU always has a place: the last one found loses it */
		t->ncpus_dropped++;
	}
	if (apic == boot_apic) {
		memmove(&t->cpu_apic[1], &t->cpu_apic[0], t->ncpus * sizeof(t->cpu_apic[0]));
		t->cpu_apic[0] = apic;
	} else {
		t->cpu_apic[t->ncpus] = apic;
	}
	t->ncpus++;
}

/* Walks entries of the table at [start, len): each has a type byte and a length byte. */
static const char *walk(const uint8_t *tab, uint32_t start, uint32_t len,
			void (*fn)(const uint8_t *e, unsigned type, unsigned elen, void *arg),
			void *arg)
{
	for (uint32_t off = start; off < len;) {
		if (len - off < 2 || tab[off + 1] < 2 || tab[off + 1] > len - off)
			return "an entry runs past the end of its table";
		fn(tab + off, tab[off], tab[off + 1], arg);
		off += tab[off + 1];
	}
	return 0;
}

struct madt_walk {
	struct acpi_topology *t;
	uint32_t boot_apic;
	int boot_seen;
};

static void madt_entry(const uint8_t *e, unsigned type, unsigned elen, void *arg)
{
	struct madt_walk *w = arg;
	uint32_t apic, flags;
	if (type == MADT_LAPIC && elen >= 8)
		apic = e[3], flags = le32(e + 4);
	else if (type == MADT_X2APIC && elen >= 16)
		apic = le32(e + 4), flags = le32(e + 8);
	else
		return;
	if (!(flags & (MADT_F_ENABLED | MADT_F_ONLINE_OK)))
		return;
	w->boot_seen |= apic == w->boot_apic;
	add_cpu(w->t, apic, w->boot_apic);
}

static void srat_cpu_domain(struct acpi_topology *t, uint32_t apic, uint32_t domain)
{
	for (unsigned i = 0; i < t->ncpus; i++)
		if (t->cpu_apic[i] == apic) {
			t->cpu_domain[i] = domain;
			t->cpu_has_domain[i] = 1;
		}
}

struct srat_walk {
	struct acpi_topology *t;
	unsigned revision;
	int too_many;
};

static void srat_entry(const uint8_t *e, unsigned type, unsigned elen, void *arg)
{
	struct srat_walk *w = arg;
	struct acpi_topology *t = w->t;
	if (type == SRAT_CPU && elen >= 16 && (le32(e + 4) & SRAT_F_ENABLED)) {
		/* Domain bits 8..31 exist from SRAT revision 2 on. */
		uint32_t domain = e[2] | (w->revision >= 2 ? le32(e + 8) & 0xffffff00u : 0);
		srat_cpu_domain(t, e[3], domain);
	} else if (type == SRAT_X2APIC && elen >= 24 && (le32(e + 12) & SRAT_F_ENABLED)) {
		srat_cpu_domain(t, le32(e + 8), le32(e + 4));
	} else if (type == SRAT_MEM && elen >= 40 && (le32(e + 28) & SRAT_F_ENABLED)) {
		uint64_t base = le64(e + 8), size = le64(e + 16);
		if (size == 0 || base + size < base)
			return;
		if (t->nmem == ACPI_MAX_MEM_RANGES) {
			w->too_many = 1;
			return;
		}
		t->mem[t->nmem++] = (struct acpi_mem_affinity){base, base + size, le32(e + 2)};
	}
}

const char *acpi_read_topology(acpi_map_fn map, void *ctx, uint64_t rsdp_pa, uint32_t boot_apic,
			       struct acpi_topology *t)
{
	const uint8_t *rsdp = map(rsdp_pa, RSDP_V1_LEN, ctx);
	const char *why = 0;
	uint32_t len;

	memset(t, 0, sizeof(*t));
	if (rsdp && rsdp[15] >= 2)
		rsdp = map(rsdp_pa, RSDP_V2_LEN, ctx);
	if (!rsdp || !acpi_rsdp_valid(rsdp, rsdp[15] >= 2 ? RSDP_V2_LEN : RSDP_V1_LEN))
		return "the RSDP is bad";

	const uint8_t *madt = find_table(map, ctx, rsdp, "APIC", &len, &why);
	struct madt_walk mw = {t, boot_apic, 0};
	if (!madt)
		return why;
	if (len < MADT_ENTRIES)
		return "the MADT is too short";
	if ((why = walk(madt, MADT_ENTRIES, len, madt_entry, &mw)))
		return why;
	if (!mw.boot_seen)
		return "the boot CPU's APIC ID is not in the MADT";

	const uint8_t *srat = find_table(map, ctx, rsdp, "SRAT", &len, &why);
	if (!srat)
		return strcmp(why, "there is no SRAT") ? why : 0; /* no SRAT: no NUMA */
	if (len < SRAT_ENTRIES)
		return "the SRAT is too short";
	struct srat_walk sw = {t, srat[8], 0};
	if ((why = walk(srat, SRAT_ENTRIES, len, srat_entry, &sw)))
		return why;
	if (sw.too_many)
		return "the SRAT has too many memory ranges";
	t->has_srat = 1;
	return 0;
}
