/* SPDX-License-Identifier: MIT */
/* Guest memory: the only way from a guest-physical address to a host pointer. */
#ifndef HV_GMEM_H
#define HV_GMEM_H

#include <stdint.h>

/* A guest-physical address: an integer, so it cannot be dereferenced by mistake. */
typedef uint64_t gpa_t;

struct hv_gmem {
	uint8_t *base; /* host mapping of guest-physical 0 */
	uint64_t size; /* guest RAM is [0, size) */
};

/*
 * The host pointer for the guest range [gpa, gpa + len), or NULL when any byte
 * of it lies outside guest memory (overflow included). Every guest pointer the
 * monitor follows goes through here.
 */
static inline void *hv_gpa_ptr(const struct hv_gmem *m, gpa_t gpa, uint64_t len)
{
	if (gpa > m->size || len > m->size - gpa)
		return 0;
	return m->base + gpa;
}

/* Maps size bytes of zeroed, lazily allocated memory; 0 or -errno. */
int hv_gmem_alloc(struct hv_gmem *m, uint64_t size);
void hv_gmem_free(struct hv_gmem *m);

#endif /* HV_GMEM_H */
