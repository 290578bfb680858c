/* SPDX-License-Identifier: MIT */
/* Unit tests of the boot information, argument placement and boot page tables. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "eremit/abi.h"

#include "../monitor/fixture.h"
#include "boot.h"
#include "unit_check.h"

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
	CHECK(bi->hc_gpa == MEM);
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

/* Present, writable, user; PS for a 2 MiB or 1 GiB page. */
#define T  0x7ull
#define PG 0x87ull
#define GB (1ull << 30)
#define MB (1ull << 20)

/*
 * The tables live below 0x10000: a guest of any size can be faked with a
 * small buffer, as long as nothing else is written.
 */
static struct hv_gmem fake_mem(uint64_t size)
{
	struct hv_gmem m = {calloc(1, 0x10000), size};

	return m;
}

static const uint64_t *tbl(const struct hv_gmem *m, uint64_t gpa)
{
	return (const uint64_t *)(m->base + gpa);
}

static void test_tables_small(void)
{
	struct hv_gmem m = fake_mem(MEM + 0x1000); /* not a multiple of 2 MiB */
	const uint64_t *pml4 = tbl(&m, 0x1000), *pdpt = tbl(&m, 0x2000), *pd0 = tbl(&m, 0x3000);
	const uint64_t *gdt = tbl(&m, HV_BOOT_GDT_GPA);

	CHECK(hv_boot_hc_gpa(m.size) == MEM + 2 * MB);
	CHECK(hv_boot_write_tables(&m, true) == MEM + 0x1000);
	CHECK(pml4[0] == (0x2000 | T) && pml4[1] == 0);
	CHECK(pdpt[0] == (0x3000 | T) && pdpt[1] == 0);
	CHECK(pd0[0] == (0 | PG) && pd0[1] == (0x200000 | PG));
	/* RAM to 66 MiB (the last 2 MiB page partly), then the hypercall page. */
	CHECK(pd0[32] == ((32ull << 21) | PG) && pd0[33] == ((33ull << 21) | PG) && pd0[34] == 0);
	CHECK(HV_BOOT_GDT_GPA == 0x9000);
	CHECK(gdt[0] == 0 && gdt[1] == 0x00af9a000000ffffull && gdt[2] == 0x00cf92000000ffffull);
	free(m.base);

	/* 2 MiB-aligned: the hypercall page sits right at mem_size. */
	m = fake_mem(MEM);
	CHECK(hv_boot_hc_gpa(m.size) == MEM);
	CHECK(hv_boot_write_tables(&m, false) == MEM);
	CHECK(tbl(&m, 0x3000)[31] == ((31ull << 21) | PG));
	CHECK(tbl(&m, 0x3000)[32] == (MEM | PG) && tbl(&m, 0x3000)[33] == 0);
	free(m.base);
}

/* 4 GiB: the hypercall page is the first thing above 4 GiB, in the high PD at 0x7000. */
static void test_tables_4g(void)
{
	struct hv_gmem m = fake_mem(4 * GB);
	const uint64_t *pdpt = tbl(&m, 0x2000), *pd3 = tbl(&m, 0x6000), *hpd = tbl(&m, 0x7000);

	CHECK(hv_boot_write_tables(&m, false) == 4 * GB);
	CHECK(pdpt[3] == (0x6000 | T) && pd3[511] == ((4 * GB - 2 * MB) | PG));
	CHECK(pdpt[4] == (0x7000 | T) && hpd[0] == (4 * GB | PG) && hpd[1] == 0);
	CHECK(pdpt[5] == 0);
	free(m.base);
}

/* Above 4 GiB: 1 GiB pages up to the hypercall page's GiB, which has 2 MiB pages. */
static void test_tables_gbpages(void)
{
	struct hv_gmem m = fake_mem(6 * GB + 3 * MB + 0x1000);
	const uint64_t *pdpt = tbl(&m, 0x2000), *hpd = tbl(&m, 0x7000);

	CHECK(hv_boot_hc_gpa(m.size) == 6 * GB + 4 * MB);
	CHECK(hv_boot_write_tables(&m, true) == m.size);
	CHECK(pdpt[3] == (0x6000 | T));
	CHECK(pdpt[4] == (4 * GB | PG) && pdpt[5] == (5 * GB | PG));
	CHECK(pdpt[6] == (0x7000 | T) && pdpt[7] == 0);
	CHECK(hpd[0] == (6 * GB | PG) && hpd[1] == ((6 * GB + 2 * MB) | PG));
	CHECK(hpd[2] == ((6 * GB + 4 * MB) | PG) && hpd[3] == 0);
	free(m.base);

	/* Without 1 GiB pages: the first 4 GiB of RAM, and the hypercall page alone. */
	m = fake_mem(6 * GB + 3 * MB + 0x1000);
	pdpt = tbl(&m, 0x2000);
	hpd = tbl(&m, 0x7000);
	CHECK(hv_boot_write_tables(&m, false) == 4 * GB);
	CHECK(pdpt[3] == (0x6000 | T) && pdpt[4] == 0 && pdpt[5] == 0);
	CHECK(pdpt[6] == (0x7000 | T) && pdpt[7] == 0);
	CHECK(hpd[0] == 0 && hpd[1] == 0 && hpd[2] == ((6 * GB + 4 * MB) | PG) && hpd[3] == 0);
	free(m.base);
}

/* The largest guest: its hypercall page at 512 GiB needs a second PML4 entry and PDPT. */
static void test_tables_max(void)
{
	for (int gbpages = 0; gbpages < 2; gbpages++) {
		struct hv_gmem m = fake_mem(512 * GB);
		const uint64_t *pml4 = tbl(&m, 0x1000), *pdpt = tbl(&m, 0x2000);
		const uint64_t *pdpt1 = tbl(&m, 0xa000), *hpd = tbl(&m, 0x7000);
		const uint64_t *info = tbl(&m, EREMIT_BOOT_INFO_GPA);

		CHECK(hv_boot_hc_gpa(m.size) == 512 * GB);
		CHECK(hv_boot_write_tables(&m, gbpages) == (gbpages ? 512 * GB : 4 * GB));
		CHECK(pml4[0] == (0x2000 | T) && pml4[1] == (0xa000 | T) && pml4[2] == 0);
		CHECK(pdpt[511] == (gbpages ? (511 * GB | PG) : 0));
		CHECK(pdpt1[0] == (0x7000 | T) && pdpt1[1] == 0);
		CHECK(hpd[0] == (512 * GB | PG) && hpd[1] == 0);
		/* Nothing written over the boot information's page. */
		for (int i = 0; i < 512; i++)
			CHECK(info[i] == 0);
		free(m.base);
	}
}

/* fixture.h, which the assembly fixtures use, agrees with abi.h. */
_Static_assert(BI_MEM_SIZE == offsetof(struct eremit_boot_info, mem_size), "fixture.h");
_Static_assert(BI_ARGS_GPA == offsetof(struct eremit_boot_info, args_gpa), "fixture.h");
_Static_assert(BI_ARGC == offsetof(struct eremit_boot_info, argc), "fixture.h");
_Static_assert(BI_HC_GPA == offsetof(struct eremit_boot_info, hc_gpa), "fixture.h");
_Static_assert(HC_STRIDE == EREMIT_HC_STRIDE && HC_COUNT == EREMIT_HC_COUNT, "fixture.h");
_Static_assert(HC_WRITE == EREMIT_HC_WRITE && HC_EXIT == EREMIT_HC_EXIT, "fixture.h");
_Static_assert(IO_RET == offsetof(struct eremit_hc_io, ret), "fixture.h");
/* The nodes tile [0, mem) in order, each starting on a 2 MiB boundary. */
static int tiles(const struct eremit_boot_info *bi, uint64_t mem)
{
	uint64_t at = 0;

	for (uint32_t n = 0; n < bi->nnodes; n++) {
		if (bi->node_mem[n].start != at || bi->node_mem[n].end <= at ||
		    at % (2ull << 20))
			return 0;
		at = bi->node_mem[n].end;
	}
	return at == mem;
}

static void test_numa_layout(void)
{
	static struct eremit_boot_info bi;
	const uint64_t M = 1ull << 20;

	hv_boot_numa_layout(&bi, 512 * M, 4, 2);
	CHECK(bi.nnodes == 2 && tiles(&bi, 512 * M));
	CHECK(bi.node_mem[0].end == 256 * M);
	CHECK(bi.cpu_node[0] == 0 && bi.cpu_node[1] == 0);
	CHECK(bi.cpu_node[2] == 1 && bi.cpu_node[3] == 1);

	/* Not a multiple of 2 MiB: equal whole-page shares, the last node the rest. */
	memset(&bi, 0xff, sizeof(bi));
	hv_boot_numa_layout(&bi, 100 * M + 4096, 3, 3);
	CHECK(bi.nnodes == 3 && tiles(&bi, 100 * M + 4096));
	CHECK(bi.node_mem[0].end == 32 * M && bi.node_mem[1].end == 64 * M);
	CHECK(bi.cpu_node[0] == 0 && bi.cpu_node[1] == 1 && bi.cpu_node[2] == 2);

	/* Uneven CPUs: vCPU i on node i * nnodes / ncpus, blocks in order. */
	hv_boot_numa_layout(&bi, 512 * M, 5, 2);
	CHECK(bi.cpu_node[0] == 0 && bi.cpu_node[1] == 0 && bi.cpu_node[2] == 0);
	CHECK(bi.cpu_node[3] == 1 && bi.cpu_node[4] == 1);

	/* More nodes than vCPUs: the others hold memory only. */
	hv_boot_numa_layout(&bi, 64 * M, 1, 4);
	CHECK(bi.nnodes == 4 && tiles(&bi, 64 * M) && bi.cpu_node[0] == 0);

	/* The most the monitor allows: 64 nodes of 2 MiB, 256 vCPUs. */
	hv_boot_numa_layout(&bi, 128 * M, EREMIT_MAX_CPUS, EREMIT_MAX_NODES);
	CHECK(bi.nnodes == EREMIT_MAX_NODES && tiles(&bi, 128 * M));
	CHECK(bi.node_mem[EREMIT_MAX_NODES - 1].start == 126 * M);
	CHECK(bi.cpu_node[3] == 0 && bi.cpu_node[4] == 1 && bi.cpu_node[255] == 63);

	/* 0 nodes count as 1: no NUMA. */
	hv_boot_numa_layout(&bi, 64 * M, 2, 0);
	CHECK(bi.nnodes == 1 && tiles(&bi, 64 * M) && bi.cpu_node[1] == 0);
}

/* hv_boot_write_info lays the nodes out from the parameters. */
static void test_numa_info(void)
{
	struct hv_gmem m = mem(MEM);
	struct hv_elf_image img = {.start = 0x200000, .end = 0x300000};
	struct hv_boot_params p = {.image = "img", .ncpus = 4, .nnodes = 2, .mapped_end = MEM};
	const struct eremit_boot_info *bi = (void *)(m.base + EREMIT_BOOT_INFO_GPA);
	char err[256];

	CHECK(hv_boot_write_info(&m, &img, &p, err, sizeof(err)) == 0);
	CHECK(bi->ncpus == 4 && bi->nnodes == 2 && tiles(bi, MEM));
	CHECK(bi->node_mem[1].start == MEM / 2 && bi->cpu_node[3] == 1);
	free(m.base);
}

_Static_assert(IO_SIZE == sizeof(struct eremit_hc_io), "fixture.h");
_Static_assert(HC_OPEN == EREMIT_HC_OPEN && HC_PWRITE == EREMIT_HC_PWRITE, "fixture.h");
_Static_assert(HC_STAT == EREMIT_HC_STAT && HC_RENAME == EREMIT_HC_RENAME, "fixture.h");
_Static_assert(HC_ACCESS == EREMIT_HC_ACCESS && HC_FSYNC == EREMIT_HC_FSYNC, "fixture.h");
_Static_assert(OPEN_RET == offsetof(struct eremit_hc_open, ret), "fixture.h");
_Static_assert(FD_RET == offsetof(struct eremit_hc_fd, ret), "fixture.h");
_Static_assert(PIO_RET == offsetof(struct eremit_hc_pio, ret), "fixture.h");
_Static_assert(STAT_RET == offsetof(struct eremit_hc_stat, ret), "fixture.h");
_Static_assert(PATH_RET == offsetof(struct eremit_hc_path, ret), "fixture.h");
_Static_assert(STAT_SIZE == sizeof(struct eremit_stat), "fixture.h");

int main(void)
{
	test_args_below_image();
	test_args_above_image();
	test_tables_small();
	test_tables_4g();
	test_tables_gbpages();
	test_tables_max();
	test_numa_layout();
	test_numa_info();
	TEST_DONE();
}
