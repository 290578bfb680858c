/* SPDX-License-Identifier: MIT */
/* The register frame the interrupt stubs (kernel/x86_64/isr.S) build. */
#ifndef ARCH_X86_64_TRAP_FRAME_H
#define ARCH_X86_64_TRAP_FRAME_H

#include <stdint.h>

/* Lowest address first: the stubs push rax first and r15 last. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error; /* error is 0 for vectors without one */
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "isr.S pushes 22 words");

#endif /* ARCH_X86_64_TRAP_FRAME_H */
