// SPDX-License-Identifier: MIT
/* Address-to-symbol lookup in the image's own table, for backtraces. */
#include <string.h>
#include "kernel/ksyms.h"

const char *ksyms_lookup(const struct ksyms_table *t, uint64_t addr, uint64_t *offset)
{
	if (t->size < sizeof(uint64_t))
		return NULL;
	uint64_t count;
	memcpy(&count, t->base, sizeof(count));
	size_t hdr = sizeof(uint64_t);
	if (count == 0 || count > (t->size - hdr) / sizeof(struct ksyms_entry))
		return NULL;
	const struct ksyms_entry *e = (const void *)((const char *)t->base + hdr);
	const char *names = (const char *)(e + count);
	size_t names_size = t->size - hdr - count * sizeof(struct ksyms_entry);

	if (addr < e[0].addr)
		return NULL;
	size_t lo = 0, hi = count; /* invariant: e[lo].addr <= addr, answer in [lo, hi) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (e[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	uint64_t off = e[lo].name_offset;
	if (off >= names_size || !memchr(names + off, '\0', names_size - off))
		return NULL;
	*offset = addr - e[lo].addr;
	return names + off;
}
