// SPDX-License-Identifier: MIT
/* Debug stops: #BP, #DB and fatal exceptions go to the monitor's gdb stub, when there is one. */
#include <stddef.h>
#include "eremit/abi.h"
#include "kernel/boot.h"
#include "kernel/debug.h"
#include "kernel/trap.h"

#define X86_VEC_DEBUG	   1
#define X86_VEC_BREAKPOINT 3

/* The monitor reads and writes the frame isr.S pushed: the ABI names its layout. */
#define SAME_FIELD(f)                                                                              \
	_Static_assert(offsetof(struct trap_frame, f) == offsetof(struct eremit_debug_frame, f),   \
		       "trap_frame." #f " as the ABI has it")
SAME_FIELD(r15);
SAME_FIELD(r8);
SAME_FIELD(rbp);
SAME_FIELD(rax);
SAME_FIELD(vector);
SAME_FIELD(error);
SAME_FIELD(rip);
SAME_FIELD(cs);
SAME_FIELD(rflags);
SAME_FIELD(rsp);
SAME_FIELD(ss);
_Static_assert(sizeof(struct trap_frame) == sizeof(struct eremit_debug_frame), "frame size");

/*
 * Ring 0, on the exception stack: one store to the hypercall page, during
 * which the debugger reads and changes *f. Memory is identity-mapped, so the
 * frame's and the block's addresses are their guest-physical ones.
 */
static int64_t debug_stop(struct trap_frame *f, uint32_t flags)
{
	struct eremit_hc_debug d = {
	    .frame_gpa = (uintptr_t)f,
	    .vector = (uint32_t)(f->vector & 0xff),
	    .flags = flags,
	    .ret = EREMIT_DEBUG_RET_NONE,
	};
	volatile uint64_t *slot =
	    (volatile uint64_t *)(uintptr_t)(boot_params.info.hc_gpa +
					     EREMIT_HC_STRIDE * EREMIT_HC_DEBUG);

	if (boot_params.runner != BOOT_RUNNER_MONITOR)
		return EREMIT_DEBUG_RET_NONE; /* QEMU's own gdbstub needs no help */
	/* The clobber orders the exit after the stores to the block and before the read of ret. */
	__asm__ volatile("movq %1, %0" : "=m"(*slot) : "r"((uint64_t)(uintptr_t)&d) : "memory");
	return d.ret;
}

static void debug_trap(struct trap_frame *f)
{
	if (debug_stop(f, 0) != EREMIT_DEBUG_RET_RESUME)
		trap_fatal(f);
}

void debug_init(void)
{
	trap_register(X86_VEC_DEBUG, debug_trap);
	trap_register(X86_VEC_BREAKPOINT, debug_trap);
}

void debug_report_fatal(struct trap_frame *f)
{
	unsigned v = f->vector & 0xff;

	if (v != X86_VEC_DEBUG && v != X86_VEC_BREAKPOINT)
		debug_stop(f, EREMIT_DEBUG_F_FATAL);
}
