/* SPDX-License-Identifier: MIT */
/* The image's own symbol table, filled by eremit-cc's second link. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Layout of section .eremit_ksyms: a count, `count` entries sorted by
 * address, then the names, NUL-terminated; name_offset counts from the start
 * of the names.
 */
struct ksyms_entry {
	uint64_t addr;
	uint64_t name_offset;
};

struct ksyms_table {
	const void *base; /* start of the section */
	size_t size;	  /* its size in bytes; 0 when the table is empty */
};

/*
 * The name of the symbol covering addr (the last one at or below it) and the
 * offset into it, or NULL when the table is empty, malformed or addr lies
 * below every symbol. Validates as it reads, so a damaged table cannot make
 * a fault report fault.
 */
const char *ksyms_lookup(const struct ksyms_table *t, uint64_t addr, uint64_t *offset);

/* The table linked into this image. */
struct ksyms_table ksyms_image(void);

#endif /* KERNEL_KSYMS_H */
