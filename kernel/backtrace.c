// SPDX-License-Identifier: MIT
/* Frame-pointer backtraces that cannot fault on a damaged stack. */
#include "kernel/boot.h"
#include "kernel/klog.h"
#include "kernel/ksyms.h"
#include "kernel/trap.h"

#define BACKTRACE_MAX 32

struct ksyms_table ksyms_image(void)
{
	extern char __ksyms_start[], __ksyms_end[];
	return (struct ksyms_table){__ksyms_start, (size_t)(__ksyms_end - __ksyms_start)};
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

void trap_backtrace(uint64_t rip, uint64_t rbp, uint64_t rsp)
{
	struct ksyms_table t = ksyms_image();
	uint64_t lo, hi, off;
	backtrace_bounds(rsp, &lo, &hi);
	kerr("  backtrace:\n");
	for (int i = 0; i < BACKTRACE_MAX; i++) {
		const char *sym = ksyms_lookup(&t, rip, &off);
		if (sym)
			kerr("    #%-2d 0x%016lx <%s+0x%lx>\n", i, (unsigned long)rip, sym,
			     (unsigned long)off);
		else
			kerr("    #%-2d 0x%016lx\n", i, (unsigned long)rip);
		if (rbp < lo || rbp + 16 > hi || (rbp & 7))
			break;
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t next = frame[0];
		rip = frame[1];
		if (!backtrace_in_text(rip) || next <= rbp)
			break;
		rbp = next;
	}
}
