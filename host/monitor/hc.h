/* SPDX-License-Identifier: MIT */
/* Hypercall handlers: the table entry format shared by hypercall.c and hc_fs.c. */
#ifndef HV_HC_H
#define HV_HC_H

#include <stdint.h>

#include "hv.h"
#include "status.h"

/*
 * A handler gets its argument block already bounds-checked (size bytes,
 * 8-byte aligned, inside guest memory); it returns HV_RUN_CONTINUE or an
 * exit status.
 */
typedef int (*hv_hc_fn)(struct hv_vm *vm, void *block);

struct hc_entry {
	uint64_t nr; /* enum eremit_hc_nr */
	hv_hc_fn fn;
	uint32_t size; /* of the argument block */
	const char *name;
};

/* Host files (hc_fs.c), ended by an entry with fn == NULL. */
extern const struct hc_entry hc_fs_table[];
int hc_write(struct hv_vm *vm, void *block);
int hc_read(struct hv_vm *vm, void *block);

/* The name of hypercall nr ("write"), or NULL for an unknown number. */
const char *hc_name(uint64_t nr);

#endif /* HV_HC_H */
