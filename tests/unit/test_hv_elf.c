/* SPDX-License-Identifier: MIT */
/* Unit tests of the monitor's ELF validation on crafted in-memory images. */
#include <elf.h>
#include <stdint.h>
#include <string.h>

#include "image.h"
#include "unit_check.h"

#define MEM (64ull << 20)
#define NPH 3

/* A valid image: text (RX) at 2 MiB, data (RW, with .bss) at 4 MiB, a PT_NOTE. */
struct file {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[NPH];
	uint8_t text[64];
	uint8_t data[32];
};

static struct file f;
static char err[256];
static struct hv_elf_image img;

static void make(void)
{
	memset(&f, 0, sizeof(f));
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f.eh.e_ident[EI_VERSION] = EV_CURRENT;
	f.eh.e_type = ET_EXEC;
	f.eh.e_machine = EM_X86_64;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_entry = 0x200010;
	f.eh.e_phoff = offsetof(struct file, ph);
	f.eh.e_ehsize = sizeof(Elf64_Ehdr);
	f.eh.e_phentsize = sizeof(Elf64_Phdr);
	f.eh.e_phnum = NPH;
	f.ph[0] = (Elf64_Phdr){PT_LOAD,	       PF_R | PF_X, offsetof(struct file, text),
			       0x200000,       0x200000,    sizeof(f.text),
			       sizeof(f.text), 0x1000};
	f.ph[1] = (Elf64_Phdr){PT_LOAD,	 PF_R | PF_W, offsetof(struct file, data),
			       0x400000, 0x400000,    sizeof(f.data),
			       0x3000,	 0x1000};
	f.ph[2] = (Elf64_Phdr){PT_NOTE, PF_R, 0, 0, 0, 0, 0, 4};
	memset(f.text, 0x90, sizeof(f.text));
	memset(f.data, 0xab, sizeof(f.data));
}

static int parse_len(size_t len)
{
	err[0] = 0;
	return hv_elf_parse(&f, len, MEM, &img, err, sizeof(err));
}

static int parse(void)
{
	return parse_len(sizeof(f));
}

/* The image must be refused with a message containing want. */
#define REFUSED(want) (parse() == -1 && strstr(err, want) != 0)

static void test_valid(void)
{
	make();
	CHECK(parse() == 0);
	CHECK(img.entry == 0x200010);
	CHECK(img.nseg == 2);
	CHECK(img.start == 0x200000);
	CHECK(img.end == 0x403000);
}

static void test_header(void)
{
	make();
	CHECK(parse_len(0) == -1 && strstr(err, "not an ELF"));
	CHECK(parse_len(3) == -1 && strstr(err, "not an ELF"));
	make(), f.eh.e_ident[1] = 'X';
	CHECK(REFUSED("not an ELF"));
	make(), f.eh.e_ident[EI_CLASS] = ELFCLASS32;
	CHECK(REFUSED("64-bit"));
	make(), f.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	CHECK(REFUSED("little-endian"));
	make();
	CHECK(parse_len(40) == -1 && strstr(err, "truncated"));
	make(), f.eh.e_machine = EM_AARCH64;
	CHECK(REFUSED("x86-64"));
	make(), f.eh.e_type = ET_DYN;
	CHECK(REFUSED("static executable") && strstr(err, "PIE"));
	make(), f.eh.e_type = ET_REL;
	CHECK(REFUSED("static executable"));
	make(), f.eh.e_phentsize = 32;
	CHECK(REFUSED("header sizes"));
	make(), f.eh.e_ehsize = 52;
	CHECK(REFUSED("header sizes"));
	make(), f.eh.e_phnum = 0;
	CHECK(REFUSED("program headers"));
	make(), f.eh.e_phnum = PN_XNUM;
	CHECK(REFUSED("program headers"));
	make(), f.eh.e_phoff = sizeof(f) - 8;
	CHECK(REFUSED("outside the file"));
	make(), f.eh.e_phoff = UINT64_MAX - 16;
	CHECK(REFUSED("outside the file"));
	make(), f.eh.e_phnum = 1000;
	CHECK(REFUSED("outside the file"));
}

static void test_segments(void)
{
	make(), f.ph[0].p_filesz = f.ph[0].p_memsz + 1;
	CHECK(REFUSED("exceeds memory size"));
	make(), f.ph[1].p_offset = sizeof(f) - 4;
	CHECK(REFUSED("outside the file"));
	make(), f.ph[1].p_offset = UINT64_MAX;
	CHECK(REFUSED("outside the file"));
	make(), f.ph[1].p_paddr = UINT64_MAX - 0x100;
	CHECK(REFUSED("overflows"));
	make(), f.ph[1].p_paddr = 0xff000;
	CHECK(REFUSED("below 1 MiB"));
	make(), f.ph[1].p_paddr = 0;
	CHECK(REFUSED("segment 1"));
	make(), f.ph[1].p_paddr = 3ull << 30;
	CHECK(REFUSED("beyond guest memory") && strstr(err, "segment 1") &&
	      strstr(err, "needs at least 3073M"));
	make(), f.ph[1].p_paddr = MEM - 0x1000; /* 0x3000 long: 8 KiB too far */
	CHECK(REFUSED("needs at least 65M"));
	make(), f.ph[1].p_paddr = 0x200020;
	CHECK(REFUSED("overlap"));
	make(), f.ph[1].p_paddr = 0x1ff000; /* ends inside text */
	CHECK(REFUSED("overlap"));
	make(), f.ph[0].p_type = PT_NOTE, f.ph[1].p_type = PT_NULL;
	CHECK(REFUSED("no loadable"));
	make(), f.ph[0].p_memsz = f.ph[0].p_filesz = 0, f.ph[1].p_memsz = f.ph[1].p_filesz = 0;
	CHECK(REFUSED("no loadable"));
	make(), f.ph[1].p_memsz = f.ph[1].p_filesz; /* no .bss: still fine */
	CHECK(parse() == 0);
	/* An empty segment at 0 (eremit.ld's large-data segment in most
	 * images) loads nothing and is skipped, not refused as below 1 MiB. */
	make(), f.ph[2] = (Elf64_Phdr){PT_LOAD, PF_R | PF_W, 0, 0, 0, 0, 0, 0x1000};
	CHECK(parse() == 0 && img.nseg == 2 && img.start == 0x200000);
	/* Empty in the file but not in memory: checked like any other. */
	make(), f.ph[2] = (Elf64_Phdr){PT_LOAD, PF_R | PF_W, 0, 0, 0, 0, 0x1000, 0x1000};
	CHECK(REFUSED("below 1 MiB"));
}

static void test_entry(void)
{
	make(), f.eh.e_entry = 0x200000 + sizeof(f.text);
	CHECK(REFUSED("entry point 0x200040"));
	make(), f.eh.e_entry = 0x400000; /* data: not executable */
	CHECK(REFUSED("entry point"));
	make(), f.eh.e_entry = 0;
	CHECK(REFUSED("entry point"));
	make(), f.eh.e_entry = 0x20003f;
	CHECK(parse() == 0);
}

static void test_load(void)
{
	static uint8_t mem[0x500000];
	struct hv_gmem m = {mem, sizeof(mem)};

	make();
	CHECK(hv_elf_parse(&f, sizeof(f), m.size, &img, err, sizeof(err)) == 0);
	hv_elf_load(&img, &f, &m);
	CHECK(mem[0x200000] == 0x90 && mem[0x20003f] == 0x90 && mem[0x200040] == 0);
	CHECK(mem[0x400000] == 0xab && mem[0x40001f] == 0xab && mem[0x400020] == 0);
	/* An unaligned buffer is fine too. */
	{
		static uint8_t copy[sizeof(f) + 1];
		memcpy(copy + 1, &f, sizeof(f));
		CHECK(hv_elf_parse(copy + 1, sizeof(f), MEM, &img, err, sizeof(err)) == 0);
	}
}

int main(void)
{
	test_valid();
	test_header();
	test_segments();
	test_entry();
	test_load();
	TEST_DONE();
}
