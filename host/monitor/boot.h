/* SPDX-License-Identifier: MIT */
/* What the monitor hands the kernel: boot information, arguments, boot page tables. */
#ifndef HV_BOOT_H
#define HV_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image.h"
#include "gmem.h"

struct hv_boot_params {
	const char *image; /* argv[0] */
	int argc;	   /* arguments after argv[0] */
	char *const *argv;
	char *const *envp; /* NULL-terminated, may be NULL */
	uint64_t tsc_khz;
	uint64_t wallclock_ns;
	uint32_t ncpus;
	uint32_t flags;	     /* EREMIT_BOOT_F_* */
	uint64_t mapped_end; /* the boot page tables map [0, mapped_end) */
};

/*
 * Writes struct eremit_boot_info at EREMIT_BOOT_INFO_GPA and the packed
 * argument and environment strings at EREMIT_BOOT_ARGS_GPA when they fit below
 * the image, else on the first page boundary above it. Returns 0, or -1 with
 * a reason in err when they fit nowhere in (mapped) guest memory.
 */
int hv_boot_write_info(const struct hv_gmem *m, const struct hv_elf_image *img,
		       const struct hv_boot_params *p, char *err, size_t errlen);

/*
 * Writes identity-mapping boot page tables and a flat GDT (see x86_boot.c)
 * and returns how much of guest memory they map: all of it with 1 GiB pages
 * above 4 GiB (gbpages), else the first 4 GiB.
 */
uint64_t hv_boot_write_tables(const struct hv_gmem *m, bool gbpages);

/* The guest-physical address of the GDT written by hv_boot_write_tables. */
#define HV_BOOT_GDT_GPA	    0x7000ull
#define HV_BOOT_GDT_ENTRIES 3

#endif /* HV_BOOT_H */
