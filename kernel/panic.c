// SPDX-License-Identifier: MIT
/* Kernel panic: a message, a backtrace, and the VM ends. */
#include <stdarg.h>
#include "eremit/abi.h"
#include "kernel/console.h"
#include "kernel/fmt.h"
#include "kernel/klog.h"
#include "kernel/trap.h"
#include "smp/percpu.h"
#include "smp/smp.h"

_Noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	smp_stop_others(); /* one report, whichever CPUs panic */
	kerr("\neremit: kernel panic on CPU %u: %s\n", this_cpu()->id, msg);
	/* Start at our caller: frame[0] is its frame pointer, frame[1] our return address. */
	const uint64_t *frame = __builtin_frame_address(0);
	uint64_t rsp;
	__asm__ volatile("movq %%rsp, %0" : "=r"(rsp));
	trap_backtrace(frame[1], frame[0], rsp);
	console_exit(EREMIT_STATUS_PANIC);
}
