// SPDX-License-Identifier: MIT
/* Frame-pointer backtraces that cannot fault on a damaged stack. */
#include "kernel/boot.h"
#include "kernel/klog.h"
#include "kernel/ksyms.h"
#include "kernel/trap.h"

#define BACKTRACE_MAX 32

struct ksyms_table ksyms_image(void)
{
	/* After the data, so possibly above 2 GiB (boot.h). */
	uintptr_t start = BOOT_FAR_SYMBOL(__ksyms_start), end = BOOT_FAR_SYMBOL(__ksyms_end);
	return (struct ksyms_table){(const char *)start, (size_t)(end - start)};
}

static int backtrace_in_text(uint64_t a)
{
	return a >= (uintptr_t)__image_start && a < (uintptr_t)__text_end;
}

/*
 * The stack the walk may read: the boot stack when rsp is on it, otherwise
 * a small window above rsp (interrupt stacks, later thread stacks), so a
 * corrupt frame pointer is never followed into unmapped memory.
 */
static void backtrace_bounds(uint64_t rsp, uint64_t *lo, uint64_t *hi)
{
	uint64_t b = (uintptr_t)boot_stack_bottom, t = (uintptr_t)boot_stack_top;
	if (rsp >= b && rsp <= t) {
		*lo = b;
		*hi = t;
	} else {
		*lo = rsp;
		*hi = rsp + 16 * 1024;
	}
}

static void backtrace_line(const struct ksyms_table *t, int i, uint64_t rip)
{
	uint64_t off;
	const char *sym = ksyms_lookup(t, rip, &off);
	if (sym)
		kerr("    #%-2d 0x%016lx <%s+0x%lx>\n", i, (unsigned long)rip, sym,
		     (unsigned long)off);
	else
		kerr("    #%-2d 0x%016lx\n", i, (unsigned long)rip);
}

#define X86_PUSH_RBP 0x55
#define X86_ENDBR64  0xfa1e0ff3u /* f3 0f 1e fa, little-endian */

/*
 * Where the innermost function keeps its return address when its own frame
 * is not (yet) on the rbp chain: gcc builds no frame in leaf functions that
 * need no stack, even with -fno-omit-frame-pointer, and a fault can hit
 * before the prologue. Returns the stack slot's offset from rsp, or -1 when
 * the function has set up its frame.
 */
static int backtrace_leaf_slot(const struct ksyms_table *t, uint64_t rip)
{
	uint64_t off;
	if (!ksyms_lookup(t, rip, &off) || !backtrace_in_text(rip - off))
		return -1;
	const uint8_t *fn = (const uint8_t *)(rip - off);
	uint64_t push = 0;
	if (*(const uint32_t *)fn == X86_ENDBR64)
		push = 4;
	if (fn[push] != X86_PUSH_RBP)
		return 0; /* no frame at all: the return address is on top */
	if (off <= push)
		return 0; /* before push %rbp */
	if (off == push + 1)
		return 8; /* after push %rbp, before mov %rsp, %rbp */
	return -1;
}

void trap_backtrace(uint64_t rip, uint64_t rbp, uint64_t rsp)
{
	struct ksyms_table t = ksyms_image();
	uint64_t lo, hi;
	int i = 0;
	backtrace_bounds(rsp, &lo, &hi);
	kerr("  backtrace:\n");
	backtrace_line(&t, i++, rip);
	int slot = backtrace_leaf_slot(&t, rip);
	if (slot >= 0 && rsp >= lo && rsp + slot + 8 <= hi && !(rsp & 7)) {
		uint64_t ret = *(const uint64_t *)(rsp + slot);
		if (backtrace_in_text(ret))
			backtrace_line(&t, i++, ret);
	}
	for (; i < BACKTRACE_MAX; i++) {
		if (rbp < lo || rbp + 16 > hi || (rbp & 7))
			break;
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t next = frame[0];
		rip = frame[1];
		if (!backtrace_in_text(rip) || next <= rbp)
			break;
		backtrace_line(&t, i, rip);
		rbp = next;
	}
}
