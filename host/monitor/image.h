/* SPDX-License-Identifier: MIT */
/* Validation and loading of an Eremit image (a static ELF64 for x86-64). */
#ifndef HV_IMAGE_H
#define HV_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "gmem.h"

#define HV_ELF_MAX_SEGS 16
/* Nothing may load below 1 MiB: the monitor's boot structures live there. */
#define HV_ELF_MIN_PADDR 0x100000ull

struct hv_elf_seg {
	uint64_t paddr, memsz, offset, filesz;
	uint32_t flags; /* PF_* */
};

struct hv_elf_image {
	uint64_t entry;
	uint64_t start, end; /* lowest and one past the highest loaded byte */
	unsigned nseg;	     /* PT_LOAD segments with memsz > 0 */
	struct hv_elf_seg seg[HV_ELF_MAX_SEGS];
};

/*
 * Checks the len bytes at buf as an image for a guest with mem_size bytes of
 * RAM and fills img. Returns 0, or -1 with a one-line reason in err (without
 * the file name) that says what is wrong and, for memory, how much is needed.
 * Touches nothing outside [buf, buf + len); buf needs no alignment.
 */
int hv_elf_parse(const void *buf, size_t len, uint64_t mem_size, struct hv_elf_image *img,
		 char *err, size_t errlen);

/*
 * Copies the segments of an image parsed for m->size into guest memory. The
 * rest of each segment (.bss) is left as it is: guest memory starts zeroed,
 * and not writing it keeps a large .bss from costing host memory.
 */
void hv_elf_load(const struct hv_elf_image *img, const void *buf, const struct hv_gmem *m);

/*
 * The value of the defined symbol name in the ELF file's symbol table
 * (.symtab, absent from stripped images). Returns 0 and sets *value, or -1.
 * Touches nothing outside [buf, buf + len).
 */
int hv_elf_symbol(const void *buf, size_t len, const char *name, uint64_t *value);

#endif /* HV_IMAGE_H */
