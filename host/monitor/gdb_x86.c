/* SPDX-License-Identifier: MIT */
/* The gdb stub's x86-64 part: gdb's amd64 registers, the target description, page walks. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "gdb_stub.h"
#include "x86.h"

/*
 * gdb's amd64 register set in gdb's order (features/i386/64bit-core.xml,
 * 64bit-sse.xml, 64bit-segments.xml): the remote register number is the index.
 */
enum reg_kind { R_GPR, R_RIP, R_EFLAGS, R_SEG, R_ST, R_FPU32, R_XMM, R_MXCSR, R_BASE };

struct gdb_reg {
	const char *name;
	unsigned size;
	const char *type;
	enum reg_kind kind;
	unsigned idx; /* within its kind */
};

#define GPR(n, i)                                                                                  \
	{                                                                                          \
		n, 8, "int64", R_GPR, i                                                            \
	}
#define SEG(n, i)                                                                                  \
	{                                                                                          \
		n, 4, "int32", R_SEG, i                                                            \
	}
#define ST(i)                                                                                      \
	{                                                                                          \
		"st" #i, 10, "i387_ext", R_ST, i                                                   \
	}
#define FPU(n, i)                                                                                  \
	{                                                                                          \
		n, 4, "int", R_FPU32, i                                                            \
	}
#define XMM(i)                                                                                     \
	{                                                                                          \
		"xmm" #i, 16, "vec128", R_XMM, i                                                   \
	}
#define FIRST_SSE  40
#define FIRST_SEGS 57

static const struct gdb_reg regs[] = {
    GPR("rax", 0),
    GPR("rbx", 1),
    GPR("rcx", 2),
    GPR("rdx", 3),
    GPR("rsi", 4),
    GPR("rdi", 5),
    {"rbp", 8, "data_ptr", R_GPR, 6},
    {"rsp", 8, "data_ptr", R_GPR, 7},
    GPR("r8", 8),
    GPR("r9", 9),
    GPR("r10", 10),
    GPR("r11", 11),
    GPR("r12", 12),
    GPR("r13", 13),
    GPR("r14", 14),
    GPR("r15", 15),
    {"rip", 8, "code_ptr", R_RIP, 0},
    {"eflags", 4, "i386_eflags", R_EFLAGS, 0},
    SEG("cs", 0),
    SEG("ss", 1),
    SEG("ds", 2),
    SEG("es", 3),
    SEG("fs", 4),
    SEG("gs", 5),
    ST(0),
    ST(1),
    ST(2),
    ST(3),
    ST(4),
    ST(5),
    ST(6),
    ST(7),
    FPU("fctrl", 0),
    FPU("fstat", 1),
    FPU("ftag", 2),
    FPU("fiseg", 3),
    FPU("fioff", 4),
    FPU("foseg", 5),
    FPU("fooff", 6),
    FPU("fop", 7),
    XMM(0),
    XMM(1),
    XMM(2),
    XMM(3),
    XMM(4),
    XMM(5),
    XMM(6),
    XMM(7),
    XMM(8),
    XMM(9),
    XMM(10),
    XMM(11),
    XMM(12),
    XMM(13),
    XMM(14),
    XMM(15),
    {"mxcsr", 4, "i386_mxcsr", R_MXCSR, 0},
    {"fs_base", 8, "int", R_BASE, 0},
    {"gs_base", 8, "int", R_BASE, 1},
};
#define NREGS (sizeof(regs) / sizeof(regs[0]))

_Static_assert(NREGS == FIRST_SEGS + 2, "core, sse and segments registers");

static const char xml_head[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\"><architecture>i386:x86-64</architecture>\n"
    "<feature name=\"org.gnu.gdb.i386.core\">\n"
    "<flags id=\"i386_eflags\" size=\"4\">"
    "<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"\" start=\"1\" end=\"1\"/>"
    "<field name=\"PF\" start=\"2\" end=\"2\"/><field name=\"AF\" start=\"4\" end=\"4\"/>"
    "<field name=\"ZF\" start=\"6\" end=\"6\"/><field name=\"SF\" start=\"7\" end=\"7\"/>"
    "<field name=\"TF\" start=\"8\" end=\"8\"/><field name=\"IF\" start=\"9\" end=\"9\"/>"
    "<field name=\"DF\" start=\"10\" end=\"10\"/><field name=\"OF\" start=\"11\" end=\"11\"/>"
    "<field name=\"NT\" start=\"14\" end=\"14\"/><field name=\"RF\" start=\"16\" end=\"16\"/>"
    "<field name=\"VM\" start=\"17\" end=\"17\"/><field name=\"AC\" start=\"18\" end=\"18\"/>"
    "<field name=\"VIF\" start=\"19\" end=\"19\"/><field name=\"VIP\" start=\"20\" "
    "end=\"20\"/><field name=\"ID\" start=\"21\" end=\"21\"/></flags>\n";
static const char xml_sse_head[] =
    "</feature>\n<feature name=\"org.gnu.gdb.i386.sse\">\n"
    "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
    "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>"
    "<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>"
    "<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>"
    "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>"
    "<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>"
    "<union id=\"vec128\"><field name=\"v4_float\" type=\"v4f\"/>"
    "<field name=\"v2_double\" type=\"v2d\"/><field name=\"v16_int8\" type=\"v16i8\"/>"
    "<field name=\"v8_int16\" type=\"v8i16\"/><field name=\"v4_int32\" type=\"v4i32\"/>"
    "<field name=\"v2_int64\" type=\"v2i64\"/><field name=\"uint128\" type=\"uint128\"/>"
    "</union>\n<flags id=\"i386_mxcsr\" size=\"4\">"
    "<field name=\"IE\" start=\"0\" end=\"0\"/><field name=\"DE\" start=\"1\" end=\"1\"/>"
    "<field name=\"ZE\" start=\"2\" end=\"2\"/><field name=\"OE\" start=\"3\" end=\"3\"/>"
    "<field name=\"UE\" start=\"4\" end=\"4\"/><field name=\"PE\" start=\"5\" end=\"5\"/>"
    "<field name=\"DAZ\" start=\"6\" end=\"6\"/><field name=\"IM\" start=\"7\" end=\"7\"/>"
    "<field name=\"DM\" start=\"8\" end=\"8\"/><field name=\"ZM\" start=\"9\" end=\"9\"/>"
    "<field name=\"OM\" start=\"10\" end=\"10\"/><field name=\"UM\" start=\"11\" end=\"11\"/>"
    "<field name=\"PM\" start=\"12\" end=\"12\"/><field name=\"FZ\" start=\"15\" "
    "end=\"15\"/></flags>\n";
static const char xml_segs_head[] = "</feature>\n<feature name=\"org.gnu.gdb.i386.segments\">\n";
static const char xml_tail[] = "</feature>\n</target>\n";

const char *gdb_x86_target_xml(void)
{
	static char xml[8192];
	size_t n;

	if (xml[0])
		return xml;
	n = (size_t)snprintf(xml, sizeof(xml), "%s", xml_head);
	for (unsigned i = 0; i < NREGS; i++) {
		const char *group = regs[i].kind == R_ST || regs[i].kind == R_FPU32    ? "float"
				    : regs[i].kind == R_XMM || regs[i].kind == R_MXCSR ? "vector"
										       : 0;
		if (i == FIRST_SSE)
			n += (size_t)snprintf(xml + n, sizeof(xml) - n, "%s", xml_sse_head);
		if (i == FIRST_SEGS)
			n += (size_t)snprintf(xml + n, sizeof(xml) - n, "%s", xml_segs_head);
		n += (size_t)snprintf(xml + n, sizeof(xml) - n,
				      "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\"%s%s%s/>\n",
				      regs[i].name, regs[i].size * 8, regs[i].type,
				      group ? " group=\"" : "", group ? group : "",
				      group ? "\"" : "");
	}
	snprintf(xml + n, sizeof(xml) - n, "%s", xml_tail);
	return xml;
}

unsigned gdb_x86_nregs(void)
{
	return NREGS;
}

unsigned gdb_x86_reg_size(unsigned n)
{
	return n < NREGS ? regs[n].size : 0;
}

/* gdb's order of the general registers differs from struct kvm_regs's (rsp before rbp). */
static __u64 *gpr(struct kvm_regs *r, unsigned i)
{
	__u64 *const p[16] = {&r->rax, &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi,
			      &r->rbp, &r->rsp, &r->r8,	 &r->r9,  &r->r10, &r->r11,
			      &r->r12, &r->r13, &r->r14, &r->r15};
	return p[i];
}

static struct kvm_segment *seg(struct kvm_sregs *s, unsigned i)
{
	struct kvm_segment *const p[6] = {&s->cs, &s->ss, &s->ds, &s->es, &s->fs, &s->gs};
	return p[i];
}

/*
 * The x87 registers in gdb's FSAVE terms from KVM's FXSAVE ones. The full tag
 * word is approximated from the abridged one: valid or empty, never zero or
 * special (gdb only shows it).
 */
static uint32_t fpu32(const struct kvm_fpu *f, unsigned i)
{
	uint32_t tag = 0;

	switch (i) {
	case 0:
		return f->fcw;
	case 1:
		return f->fsw;
	case 2:
		for (unsigned r = 0; r < 8; r++)
			tag |= (f->ftwx & (1u << r) ? 0u : 3u) << (2 * r);
		return tag;
	case 4:
		return (uint32_t)f->last_ip;
	case 6:
		return (uint32_t)f->last_dp;
	case 7:
		return f->last_opcode;
	default:
		return 0; /* the selectors: FXSAVE's 64-bit format has none */
	}
}

unsigned gdb_x86_reg_get(const struct gdb_regs *r, unsigned n, uint8_t *out)
{
	struct gdb_regs c = *r;
	uint64_t v = 0;

	if (n >= NREGS)
		return 0;
	switch (regs[n].kind) {
	case R_GPR:
		v = *gpr(&c.regs, regs[n].idx);
		break;
	case R_RIP:
		v = c.regs.rip;
		break;
	case R_EFLAGS:
		v = c.regs.rflags;
		break;
	case R_SEG:
		v = seg(&c.sregs, regs[n].idx)->selector;
		break;
	case R_ST:
		memcpy(out, c.fpu.fpr[regs[n].idx], 10);
		return 10;
	case R_FPU32:
		v = fpu32(&c.fpu, regs[n].idx);
		break;
	case R_XMM:
		memcpy(out, c.fpu.xmm[regs[n].idx], 16);
		return 16;
	case R_MXCSR:
		v = c.fpu.mxcsr;
		break;
	case R_BASE:
		v = regs[n].idx ? c.sregs.gs.base : c.sregs.fs.base;
		break;
	}
	memcpy(out, &v, regs[n].size); /* x86 and gdb's wire format are both little-endian */
	return regs[n].size;
}

/*
 * Segment selectors, the FS/GS bases and the x87 pointers are shown but not
 * written: changing them under a running kernel is not something to debug
 * with. Writes to them are accepted and ignored, as gdb writes every register.
 */
unsigned gdb_x86_reg_set(struct gdb_regs *r, unsigned n, const uint8_t *in)
{
	uint64_t v = 0;

	if (n >= NREGS)
		return 0;
	if (regs[n].size <= sizeof(v))
		memcpy(&v, in, regs[n].size);
	switch (regs[n].kind) {
	case R_GPR:
		*gpr(&r->regs, regs[n].idx) = v;
		r->regs_dirty = true;
		break;
	case R_RIP:
		r->regs.rip = v;
		r->regs_dirty = true;
		break;
	case R_EFLAGS:
		r->regs.rflags = (r->regs.rflags & ~0xffffffffull) | v;
		r->regs_dirty = true;
		break;
	case R_ST:
		memcpy(r->fpu.fpr[regs[n].idx], in, 10);
		r->fpu_dirty = true;
		break;
	case R_FPU32:
		if (regs[n].idx == 0)
			r->fpu.fcw = (uint16_t)v;
		else if (regs[n].idx == 1)
			r->fpu.fsw = (uint16_t)v;
		else
			break;
		r->fpu_dirty = true;
		break;
	case R_XMM:
		memcpy(r->fpu.xmm[regs[n].idx], in, 16);
		r->fpu_dirty = true;
		break;
	case R_MXCSR:
		r->fpu.mxcsr = (uint32_t)v;
		r->fpu_dirty = true;
		break;
	case R_SEG:
	case R_BASE:
		break;
	}
	return regs[n].size;
}

#define PTE_ADDR_MASK 0x000ffffffffff000ull

int gdb_x86_translate(const struct hv_gmem *m, const struct kvm_sregs *s, uint64_t va, gpa_t *pa,
		      uint64_t *avail)
{
	gpa_t table = s->cr3 & PTE_ADDR_MASK;
	unsigned shift = 39;

	if (!(s->cr0 & X86_CR0_PG)) {
		*pa = va;
		*avail = X86_PAGE_SIZE - (va & (X86_PAGE_SIZE - 1));
		return 0;
	}
	/* Long mode: four levels; a PS bit in the PDPT (1 GiB) or the PD (2 MiB) ends the walk. */
	for (int level = 4; level >= 1; level--, shift -= 9) {
		const uint64_t *e = hv_gpa_ptr(m, table + ((va >> shift) & 511) * 8, 8);
		uint64_t size = 1ull << shift;

		if (!e || !(*e & X86_PTE_P))
			return -1;
		if (level == 1 || ((level == 2 || level == 3) && (*e & X86_PTE_PS))) {
			*pa = (*e & PTE_ADDR_MASK & ~(size - 1)) | (va & (size - 1));
			*avail = size - (va & (size - 1));
			return 0;
		}
		table = *e & PTE_ADDR_MASK;
	}
	return -1;
}
