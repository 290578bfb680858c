/* SPDX-License-Identifier: MIT */
/* Unit tests of the boot information, argument placement and boot page tables. */
#include <stdlib.h>
#include <string.h>

#include "eremit/abi.h"

#include "boot.h"
#include "test_hv.h"

#define MEM (64ull << 20)

static struct hv_gmem mem(uint64_t size)
{
	struct hv_gmem m = {calloc(1, size), size};

	return m;
}

static void test_args_below_image(void)
{
	struct hv_gmem m = mem(MEM);
	struct hv_elf_image img = {.entry = 0x200000, .start = 0x200000, .end = 0x401234};
	char *argv[] = {"a b", "c"};
	char *envp[] = {"X=1", "PATH=/bin", 0};
	struct hv_boot_params p = {.image = "img",
				   .argc = 2,
				   .argv = argv,
				   .envp = envp,
				   .tsc_khz = 2400000,
				   .wallclock_ns = 42,
				   .ncpus = 1,
				   .flags = EREMIT_BOOT_F_VERBOSE,
				   .mapped_end = MEM};
	char err[256];
	const struct eremit_boot_info *bi = (void *)(m.base + EREMIT_BOOT_INFO_GPA);
	static const char want[] = "img\0a b\0c\0X=1\0PATH=/bin";

	CHECK(hv_boot_write_info(&m, &img, &p, err, sizeof(err)) == 0);
	CHECK(bi->magic == EREMIT_BOOT_MAGIC && bi->version == EREMIT_ABI_VERSION);
	CHECK(bi->size == sizeof(*bi) && bi->mem_size == MEM);
	CHECK(bi->image_start == 0x200000 && bi->image_end == 0x401234);
	CHECK(bi->tsc_khz == 2400000 && bi->wallclock_ns == 42 && bi->ncpus == 1);
	CHECK(bi->flags == EREMIT_BOOT_F_VERBOSE);
	CHECK(bi->argc == 3 && bi->envc == 2);
	CHECK(bi->args_gpa == EREMIT_BOOT_ARGS_GPA && bi->args_size == sizeof(want));
	CHECK(bi->reserved_end == EREMIT_BOOT_ARGS_GPA + sizeof(want));
	CHECK(!memcmp(m.base + EREMIT_BOOT_ARGS_GPA, want, sizeof(want)));
	free(m.base);
}

static void test_args_above_image(void)
{
	struct hv_gmem m = mem(MEM);
	struct hv_elf_image img = {.start = 0x200000, .end = 0x401234};
	size_t big = 0x200000; /* more than fits below the image */
	char *arg = malloc(big);
	char err[256];
	const struct eremit_boot_info *bi = (void *)(m.base + EREMIT_BOOT_INFO_GPA);
	struct hv_boot_params p = {.image = "img", .argc = 1, .argv = &arg, .mapped_end = MEM};

	memset(arg, 'x', big - 1);
	arg[big - 1] = 0;
	CHECK(hv_boot_write_info(&m, &img, &p, err, sizeof(err)) == 0);
	CHECK(bi->args_gpa == 0x402000 && bi->args_size == 4 + big);
	CHECK(bi->reserved_end == 0x402000 + 4 + big);
	CHECK(bi->envc == 0 && bi->argc == 2);

	/* Nowhere to put them: an error, not an overflow. */
	p.mapped_end = 0x500000;
	CHECK(hv_boot_write_info(&m, &img, &p, err, sizeof(err)) == -1);
	CHECK(strstr(err, "do not fit") != 0);
	img.end = MEM - 0x100;
	p.mapped_end = MEM;
	CHECK(hv_boot_write_info(&m, &img, &p, err, sizeof(err)) == -1);
	free(arg);
	free(m.base);
}

static void test_tables(void)
{
	struct hv_gmem m = mem(MEM + 0x1000); /* not a multiple of 2 MiB */
	const uint64_t *pml4 = (void *)(m.base + 0x1000), *pdpt = (void *)(m.base + 0x2000);
	const uint64_t *pd0 = (void *)(m.base + 0x3000), *gdt = (void *)(m.base + HV_BOOT_GDT_GPA);

	CHECK(hv_boot_write_tables(&m, true) == MEM + 0x1000);
	CHECK(pml4[0] == (0x2000 | 3) && pml4[1] == 0);
	CHECK(pdpt[0] == (0x3000 | 3) && pdpt[1] == 0);
	CHECK(pd0[0] == (0 | 0x83) && pd0[1] == (0x200000 | 0x83));
	CHECK(pd0[32] == ((32ull << 21) | 0x83) && pd0[33] == 0);
	CHECK(gdt[0] == 0 && gdt[1] == 0x00af9a000000ffffull && gdt[2] == 0x00cf92000000ffffull);
	free(m.base);
}

int main(void)
{
	test_args_below_image();
	test_args_above_image();
	test_tables();
	TEST_DONE();
}
