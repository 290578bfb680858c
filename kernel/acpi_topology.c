// SPDX-License-Identifier: MIT
/* ACPI's CPUs and proximity domains become boot_params' CPUs, nodes and per-node RAM; portable. */
#include <string.h>
#include "kernel/acpi.h"
#include "kernel/boot.h"

/* Proximity domains in use, sorted: node n is domains[n]. */
struct domains {
	unsigned n;
	uint32_t d[EREMIT_MAX_NODES];
	int too_many;
};

static void domain_add(struct domains *s, uint32_t d)
{
	unsigned i = 0;
	while (i < s->n && s->d[i] < d)
		i++;
	if (i < s->n && s->d[i] == d)
		return;
	if (s->n == EREMIT_MAX_NODES) {
		s->too_many = 1;
		return;
	}
	memmove(&s->d[i + 1], &s->d[i], (s->n - i) * sizeof(s->d[0]));
	s->d[i] = d;
	s->n++;
}

static unsigned domain_node(const struct domains *s, uint32_t d)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->d[i] == d)
			return i;
	return 0;
}

/* The SRAT range holding pa, or NULL; *next is the start of the next range above pa. */
static const struct acpi_mem_affinity *mem_at(const struct acpi_topology *t, uint64_t pa,
					      uint64_t *next)
{
	*next = UINT64_MAX;
	for (unsigned i = 0; i < t->nmem; i++) {
		if (t->mem[i].start <= pa && pa < t->mem[i].end)
			return &t->mem[i];
		if (t->mem[i].start > pa && t->mem[i].start < *next)
			*next = t->mem[i].start;
	}
	return 0;
}

static int overlaps_ram(const struct boot_params *bp, const struct acpi_mem_affinity *m)
{
	for (unsigned i = 0; i < bp->nram; i++)
		if (m->start < bp->ram[i].end && bp->ram[i].start < m->end)
			return 1;
	return 0;
}

/* bp's RAM cut at node boundaries into out; the number of pieces, or -1 when too many. */
static int split_ram(const struct acpi_topology *t, const struct domains *s,
		     const struct boot_params *bp, struct boot_ram_range *out)
{
	int n = 0;
	for (unsigned i = 0; i < bp->nram; i++) {
		for (uint64_t pa = bp->ram[i].start; pa < bp->ram[i].end;) {
			uint64_t next, end = bp->ram[i].end;
			const struct acpi_mem_affinity *m = mem_at(t, pa, &next);
			uint32_t node = m ? domain_node(s, m->domain) : 0;
			if (m && m->end < end)
				end = m->end;
			else if (!m && next < end)
				end = next;
			if (n > 0 && out[n - 1].end == pa && out[n - 1].node == node)
				out[n - 1].end = end;
			else if (n == BOOT_MAX_RAM_RANGES)
				return -1;
			else
				out[n++] = (struct boot_ram_range){pa, end, node};
			pa = end;
		}
	}
	return n;
}

const char *acpi_apply_topology(const struct acpi_topology *t, struct boot_params *bp)
{
	static struct boot_ram_range ram[BOOT_MAX_RAM_RANGES];
	struct domains s = {0};
	int nram = -1;

	if (t->ncpus == 0)
		return "no CPUs";
	if (t->has_srat) {
		for (unsigned i = 0; i < t->ncpus; i++)
			if (t->cpu_has_domain[i])
				domain_add(&s, t->cpu_domain[i]);
		for (unsigned i = 0; i < t->nmem; i++)
			if (overlaps_ram(bp, &t->mem[i]))
				domain_add(&s, t->mem[i].domain);
		if (s.too_many)
			return "more NUMA nodes than the kernel supports";
		if ((nram = split_ram(t, &s, bp, ram)) < 0)
			return "too many RAM ranges once split by NUMA node";
	}
	bp->ncpus = t->ncpus;
	for (unsigned i = 0; i < t->ncpus; i++) {
		bp->cpu_apic[i] = t->cpu_apic[i];
		bp->cpu_node[i] =
		    (uint8_t)(t->cpu_has_domain[i] ? domain_node(&s, t->cpu_domain[i]) : 0);
	}
	bp->nnodes = s.n ? s.n : 1;
	if (nram >= 0) {
		memcpy(bp->ram, ram, (unsigned)nram * sizeof(ram[0]));
		bp->nram = (unsigned)nram;
	}
	return 0;
}
