/* SPDX-License-Identifier: MIT */
/* Guest memory allocation. */
#include <errno.h>
#include <sys/mman.h>

#include "gmem.h"

int hv_gmem_alloc(struct hv_gmem *m, uint64_t size)
{
	/* NORESERVE: a 64 GiB guest costs nothing until it touches its pages. */
	void *p = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	m->base = p;
	m->size = size;
	return 0;
}

void hv_gmem_free(struct hv_gmem *m)
{
	if (m->base)
		munmap(m->base, m->size);
	m->base = 0;
	m->size = 0;
}
