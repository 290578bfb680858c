/* SPDX-License-Identifier: MIT */
/* A hypercall to the eremit monitor: one 8-byte store into the hypercall page. */
#ifndef ARCH_X86_64_HYPERCALL_H
#define ARCH_X86_64_HYPERCALL_H

#include <stdint.h>
#include "eremit/abi.h"
#include "kernel/boot.h"

/*
 * The store exits to the monitor from ring 3 as from ring 0, and the monitor
 * has answered in the block when it retires (include/eremit/abi.h). Memory is
 * identity-mapped, so the block's address is its guest-physical one. Only
 * under the monitor (boot_params.runner == BOOT_RUNNER_MONITOR).
 */
static inline void hypercall(enum eremit_hc_nr nr, void *block)
{
	volatile uint64_t *slot =
	    (volatile uint64_t *)(uintptr_t)(boot_params.info.hc_gpa + EREMIT_HC_STRIDE * nr);
	/* The clobber orders the exit after every store to the block, and reads after it. */
	__asm__ volatile("movq %1, %0" : "=m"(*slot) : "r"((uint64_t)(uintptr_t)block) : "memory");
}

#endif /* ARCH_X86_64_HYPERCALL_H */
