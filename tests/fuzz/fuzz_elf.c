/* SPDX-License-Identifier: MIT */
/* libFuzzer target: arbitrary bytes as an image for hv_elf_parse, hv_elf_load and hv_elf_symbol. */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

/*
 * Guest memories the size of a small RAM, each its own malloc so that ASan
 * puts a red zone right after guest-physical `size`: a segment loaded one
 * byte too far is a heap overflow, not a silent write into the next buffer.
 * The odd size has a last page that is not a whole MiB.
 */
static const uint64_t mem_sizes[] = {2ull << 20, (4ull << 20) + 0x1000, 16ull << 20};
#define NMEMS (sizeof(mem_sizes) / sizeof(mem_sizes[0]))
static struct hv_gmem mems[NMEMS];

/* Sizes parsed for but never loaded: checks the arithmetic near the top of the address space. */
static const uint64_t big_sizes[] = {512ull << 30, UINT64_MAX & ~0xfffull, UINT64_MAX};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < NMEMS; i++) {
		mems[i].base = malloc(mem_sizes[i]);
		mems[i].size = mem_sizes[i];
		if (!mems[i].base)
			abort();
	}
	return 0;
}

/* What hv_elf_parse promises about an image it accepted; abort() if it broke a promise. */
static void check_image(const struct hv_elf_image *img, size_t len, uint64_t mem_size)
{
	int entry_ok = 0;

	if (img->nseg == 0 || img->nseg > HV_ELF_MAX_SEGS || img->start >= img->end ||
	    img->end > mem_size || img->start < HV_ELF_MIN_PADDR)
		abort();
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct hv_elf_seg *s = &img->seg[i];

		if (s->memsz == 0 || s->filesz > s->memsz || s->offset > len ||
		    s->filesz > len - s->offset || s->paddr < img->start || s->paddr > mem_size ||
		    s->memsz > mem_size - s->paddr || s->paddr + s->memsz > img->end)
			abort();
		for (unsigned j = 0; j < i; j++)
			if (s->paddr < img->seg[j].paddr + img->seg[j].memsz &&
			    img->seg[j].paddr < s->paddr + s->memsz)
				abort();
		if (img->entry >= s->paddr && img->entry - s->paddr < s->memsz && (s->flags & PF_X))
			entry_ok = 1;
	}
	if (!entry_ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_elf_image img;
	char err[256];
	uint64_t value;

	for (size_t i = 0; i < NMEMS; i++) {
		if (hv_elf_parse(data, size, mems[i].size, &img, err, sizeof(err)))
			continue;
		check_image(&img, size, mems[i].size);
		hv_elf_load(&img, data, &mems[i]);
	}
	for (size_t i = 0; i < sizeof(big_sizes) / sizeof(big_sizes[0]); i++)
		if (!hv_elf_parse(data, size, big_sizes[i], &img, err, sizeof(err)))
			check_image(&img, size, big_sizes[i]);
	/* A failed parse must still leave a terminated message. */
	if (hv_elf_parse(data, size, mem_sizes[0], &img, err, sizeof(err)) &&
	    !memchr(err, 0, sizeof(err)))
		abort();
	/* The symbols --stats reads, and one that is never there. */
	hv_elf_symbol(data, size, "boot_entry_tsc", &value);
	hv_elf_symbol(data, size, "boot_main_tsc", &value);
	hv_elf_symbol(data, size, "", &value);
	return 0;
}
