/* SPDX-License-Identifier: MIT */
/* Segments, the TSS and its interrupt stacks. */
#ifndef ARCH_X86_64_GDT_H
#define ARCH_X86_64_GDT_H

#include <stdint.h>

#define GDT_NIST	   4	     /* interrupt stacks per CPU (X86_IST_* in x86.h) */
#define GDT_IST_STACK_SIZE (16 * 1024)
#define GDT_IST_BYTES	   (GDT_NIST * GDT_IST_STACK_SIZE)

/*
 * Loads the GDT of CPU cpu (kernel and user segments, its TSS with the
 * interrupt stacks at ist_stacks, GDT_IST_BYTES bytes, or the boot CPU's
 * static ones when NULL), reloads the segment registers with FS and GS null,
 * and the task register. Ring 0.
 */
void gdt_init(unsigned cpu, void *ist_stacks);

/* The IST slot (1..GDT_NIST) of CPU cpu whose stack contains rsp, or 0. */
int gdt_ist_of(unsigned cpu, uint64_t rsp);

#endif /* ARCH_X86_64_GDT_H */
