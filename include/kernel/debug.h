/* SPDX-License-Identifier: MIT */
/* Debug stops: exceptions reported to the monitor's gdb stub (eremit --gdb). */
#ifndef KERNEL_DEBUG_H
#define KERNEL_DEBUG_H

#include "arch/x86_64/trap_frame.h"

/*
 * Ring 3, after trap_init: #BP and #DB stop in the monitor's debugger when
 * one is attached (EREMIT_HC_DEBUG in eremit/abi.h) and stay fatal otherwise.
 */
void debug_init(void);

/*
 * Ring 0, from trap_fatal: lets an attached debugger look at the faulting
 * context before the kernel reports it and ends the VM. Returns at once
 * without a debugger, under QEMU, and for #BP and #DB (already reported).
 */
void debug_report_fatal(struct trap_frame *f);

#endif /* KERNEL_DEBUG_H */
