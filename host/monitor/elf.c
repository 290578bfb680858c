/* SPDX-License-Identifier: MIT */
/* ELF64 image validation and loading; portable, tested on crafted buffers. */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "image.h"
#include "log.h"

static uint64_t mib_up(uint64_t bytes)
{
	return (bytes >> 20) + ((bytes & 0xfffff) != 0);
}

static int check_ehdr(const Elf64_Ehdr *eh, size_t len, char *err, size_t errlen)
{
	if (len < EI_NIDENT || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return hv_reason(err, errlen, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return hv_reason(err, errlen, "not a 64-bit ELF file (ELF class %u)",
				 eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return hv_reason(err, errlen, "not a little-endian ELF file");
	if (len < sizeof(*eh))
		return hv_reason(err, errlen, "truncated ELF header (%zu bytes)", len);
	if (eh->e_machine != EM_X86_64)
		return hv_reason(err, errlen, "not an x86-64 ELF file (e_machine %u)",
				 eh->e_machine);
	if (eh->e_type != ET_EXEC)
		return hv_reason(err, errlen,
				 "not a static executable (ELF type %u%s); link it with eremit-cc",
				 eh->e_type, eh->e_type == ET_DYN ? ", shared object or PIE" : "");
	if (eh->e_ehsize != sizeof(*eh) || eh->e_phentsize != sizeof(Elf64_Phdr))
		return hv_reason(err, errlen, "bad ELF header sizes (e_ehsize %u, e_phentsize %u)",
				 eh->e_ehsize, eh->e_phentsize);
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
		return hv_reason(err, errlen, "no usable program headers (e_phnum %u)",
				 eh->e_phnum);
	if (eh->e_phoff > len || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
		return hv_reason(err, errlen, "program headers lie outside the file");
	return 0;
}

static int check_seg(const Elf64_Phdr *ph, unsigned i, size_t len, uint64_t mem_size, char *err,
		     size_t errlen)
{
	if (ph->p_filesz > ph->p_memsz)
		return hv_reason(err, errlen,
				 "segment %u: file size 0x%llx exceeds memory size 0x%llx", i,
				 (unsigned long long)ph->p_filesz, (unsigned long long)ph->p_memsz);
	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
		return hv_reason(err, errlen, "segment %u: contents lie outside the file", i);
	if (ph->p_paddr + ph->p_memsz < ph->p_paddr)
		return hv_reason(err, errlen, "segment %u: address 0x%llx + size 0x%llx overflows",
				 i, (unsigned long long)ph->p_paddr,
				 (unsigned long long)ph->p_memsz);
	if (ph->p_paddr < HV_ELF_MIN_PADDR)
		return hv_reason(
		    err, errlen,
		    "segment %u at 0x%llx lies below 1 MiB, which the monitor reserves", i,
		    (unsigned long long)ph->p_paddr);
	if (ph->p_paddr + ph->p_memsz > mem_size)
		return hv_reason(err, errlen,
				 "segment %u (0x%llx-0x%llx) lies beyond guest memory (%lluM): "
				 "it needs at least %lluM",
				 i, (unsigned long long)ph->p_paddr,
				 (unsigned long long)(ph->p_paddr + ph->p_memsz),
				 (unsigned long long)(mem_size >> 20),
				 (unsigned long long)mib_up(ph->p_paddr + ph->p_memsz));
	return 0;
}

static int check_overlaps(const struct hv_elf_image *img, char *err, size_t errlen)
{
	for (unsigned i = 0; i < img->nseg; i++)
		for (unsigned j = i + 1; j < img->nseg; j++) {
			const struct hv_elf_seg *a = &img->seg[i], *b = &img->seg[j];
			if (a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz)
				return hv_reason(
				    err, errlen, "loadable segments overlap (0x%llx and 0x%llx)",
				    (unsigned long long)a->paddr, (unsigned long long)b->paddr);
		}
	return 0;
}

static int check_entry(const struct hv_elf_image *img, char *err, size_t errlen)
{
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct hv_elf_seg *s = &img->seg[i];
		if ((s->flags & PF_X) && img->entry >= s->paddr && img->entry - s->paddr < s->memsz)
			return 0;
	}
	return hv_reason(err, errlen, "entry point 0x%llx is not in a loaded executable segment",
			 (unsigned long long)img->entry);
}

int hv_elf_parse(const void *buf, size_t len, uint64_t mem_size, struct hv_elf_image *img,
		 char *err, size_t errlen)
{
	Elf64_Ehdr eh = {0};
	unsigned nload = 0;

	memcpy(&eh, buf, len < sizeof(eh) ? len : sizeof(eh));
	if (check_ehdr(&eh, len, err, errlen))
		return -1;
	*img = (struct hv_elf_image){.entry = eh.e_entry, .start = UINT64_MAX};
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, (const char *)buf + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		nload++;
		/* An empty segment loads nothing, wherever it claims to be: the
		 * linker script's large-data segment is empty in most images. */
		if (ph.p_memsz == 0 && ph.p_filesz == 0)
			continue;
		if (check_seg(&ph, i, len, mem_size, err, errlen))
			return -1;
		if (ph.p_memsz == 0)
			continue;
		if (img->nseg == HV_ELF_MAX_SEGS)
			return hv_reason(err, errlen, "more than %d loadable segments",
					 HV_ELF_MAX_SEGS);
		img->seg[img->nseg++] = (struct hv_elf_seg){ph.p_paddr, ph.p_memsz, ph.p_offset,
							    ph.p_filesz, ph.p_flags};
		if (ph.p_paddr < img->start)
			img->start = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > img->end)
			img->end = ph.p_paddr + ph.p_memsz;
	}
	if (nload == 0 || img->nseg == 0)
		return hv_reason(err, errlen, "no loadable (PT_LOAD) segment");
	if (check_overlaps(img, err, errlen))
		return -1;
	return check_entry(img, err, errlen);
}

void hv_elf_load(const struct hv_elf_image *img, const void *buf, const struct hv_gmem *m)
{
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct hv_elf_seg *s = &img->seg[i];
		uint8_t *dst = hv_gpa_ptr(m, s->paddr, s->memsz);

		/* hv_elf_parse checked the bounds against this memory size. */
		memcpy(dst, (const char *)buf + s->offset, s->filesz);
	}
}

/* Section header i, or -1 when the file does not hold it whole. */
static int shdr_at(const void *buf, size_t len, const Elf64_Ehdr *eh, unsigned i, Elf64_Shdr *sh)
{
	if (eh->e_shentsize != sizeof(*sh) || i >= eh->e_shnum || eh->e_shoff > len ||
	    (uint64_t)(i + 1) * sizeof(*sh) > len - eh->e_shoff)
		return -1;
	memcpy(sh, (const char *)buf + eh->e_shoff + i * sizeof(*sh), sizeof(*sh));
	return sh->sh_offset > len || sh->sh_size > len - sh->sh_offset ? -1 : 0;
}

int hv_elf_symbol(const void *buf, size_t len, const char *name, uint64_t *value)
{
	size_t nlen = strlen(name);
	Elf64_Ehdr eh = {0};
	Elf64_Shdr symtab, strtab;

	memcpy(&eh, buf, len < sizeof(eh) ? len : sizeof(eh));
	if (len < sizeof(eh))
		return -1;
	for (unsigned i = 0; i < eh.e_shnum; i++) {
		if (shdr_at(buf, len, &eh, i, &symtab) || symtab.sh_type != SHT_SYMTAB ||
		    shdr_at(buf, len, &eh, symtab.sh_link, &strtab))
			continue;
		for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= symtab.sh_size;
		     off += sizeof(Elf64_Sym)) {
			Elf64_Sym sym;
			memcpy(&sym, (const char *)buf + symtab.sh_offset + off, sizeof(sym));
			if (sym.st_name < strtab.sh_size && nlen < strtab.sh_size - sym.st_name &&
			    !memcmp((const char *)buf + strtab.sh_offset + sym.st_name, name,
				    nlen + 1) &&
			    sym.st_shndx != SHN_UNDEF) {
				*value = sym.st_value;
				return 0;
			}
		}
	}
	return -1;
}
