/* SPDX-License-Identifier: MIT */
/* The boot information block and the argument strings; portable. */
#include <stdio.h>
#include <string.h>

#include "eremit/abi.h"

#include "boot.h"

#define PAGE_UP(x) (((x) + 0xfffull) & ~0xfffull)

static uint64_t strings_size(const struct hv_boot_params *p, uint32_t *envc)
{
	uint64_t size = strlen(p->image) + 1;

	for (int i = 0; i < p->argc; i++)
		size += strlen(p->argv[i]) + 1;
	*envc = 0;
	for (char *const *e = p->envp; e && *e; e++, ++*envc)
		size += strlen(*e) + 1;
	return size;
}

static uint8_t *put(uint8_t *dst, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(dst, s, n);
	return dst + n;
}

/* Below the image if there is room, else above it; 0 when neither fits. */
static uint64_t place_strings(const struct hv_gmem *m, const struct hv_elf_image *img,
			      uint64_t size, uint64_t mapped_end)
{
	uint64_t limit = m->size < mapped_end ? m->size : mapped_end;
	uint64_t above = PAGE_UP(img->end);

	if (size <= img->start - EREMIT_BOOT_ARGS_GPA)
		return EREMIT_BOOT_ARGS_GPA;
	if (above <= limit && size <= limit - above)
		return above;
	return 0;
}

int hv_boot_write_info(const struct hv_gmem *m, const struct hv_elf_image *img,
		       const struct hv_boot_params *p, char *err, size_t errlen)
{
	struct eremit_boot_info *bi = hv_gpa_ptr(m, EREMIT_BOOT_INFO_GPA, sizeof(*bi));
	uint32_t envc;
	uint64_t size = strings_size(p, &envc);
	uint64_t gpa = place_strings(m, img, size, p->mapped_end);
	uint8_t *dst;

	if (!gpa || !(dst = hv_gpa_ptr(m, gpa, size))) {
		snprintf(err, errlen,
			 "the arguments and environment (%llu bytes) do not fit in guest memory "
			 "next to the image; give more --mem or a smaller environment",
			 (unsigned long long)size);
		return -1;
	}
	dst = put(dst, p->image);
	for (int i = 0; i < p->argc; i++)
		dst = put(dst, p->argv[i]);
	for (uint32_t i = 0; i < envc; i++)
		dst = put(dst, p->envp[i]);

	*bi = (struct eremit_boot_info){
	    .magic = EREMIT_BOOT_MAGIC,
	    .version = EREMIT_ABI_VERSION,
	    .size = sizeof(*bi),
	    .mem_size = m->size,
	    .image_start = img->start,
	    .image_end = img->end,
	    .reserved_end = gpa + size,
	    .tsc_khz = p->tsc_khz,
	    .wallclock_ns = p->wallclock_ns,
	    .ncpus = p->ncpus,
	    .flags = p->flags,
	    .args_gpa = gpa,
	    .args_size = size,
	    .argc = (uint32_t)p->argc + 1,
	    .envc = envc,
	    .hc_gpa = hv_boot_hc_gpa(m->size),
	};
	hv_boot_numa_layout(bi, m->size, p->ncpus, p->nnodes);
	return 0;
}

void hv_boot_numa_layout(struct eremit_boot_info *bi, uint64_t mem, uint32_t ncpus,
			 uint32_t nnodes)
{
	const uint64_t page = 2ull << 20;
	uint64_t share, at = 0;

	if (nnodes < 1)
		nnodes = 1;
	share = mem / nnodes / page * page;
	bi->nnodes = nnodes;
	for (uint32_t n = 0; n < nnodes; n++) {
		bi->node_mem[n].start = at;
		at = n + 1 == nnodes ? mem : at + share;
		bi->node_mem[n].end = at;
	}
	for (uint32_t i = 0; i < ncpus && i < EREMIT_MAX_CPUS; i++)
		bi->cpu_node[i] = (uint8_t)((uint64_t)i * nnodes / ncpus);
}
