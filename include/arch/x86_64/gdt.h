/* SPDX-License-Identifier: MIT */
/* Segments, the TSS and its interrupt stacks. */
#ifndef ARCH_X86_64_GDT_H
#define ARCH_X86_64_GDT_H

#include <stdint.h>

/*
 * Loads this CPU's GDT (kernel and user segments, TSS with the interrupt
 * stacks), reloads the segment registers with FS and GS null, and the task
 * register. Ring 0.
 */
void gdt_init(void);

/* The IST slot (1..3) whose stack contains rsp, or 0. */
int gdt_ist_of(uint64_t rsp);

#endif /* ARCH_X86_64_GDT_H */
