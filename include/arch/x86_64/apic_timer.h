/* SPDX-License-Identifier: MIT */
/* The ring-0 halves of the local APIC timer (kernel/x86_64/apic_timer.c), reached by kernel calls. */
#ifndef ARCH_X86_64_APIC_TIMER_H
#define ARCH_X86_64_APIC_TIMER_H

#include <stdint.h>

/*
 * KCALL_TIMER_ARM: interrupt on APIC_VEC_TIMER when the TSC reaches
 * deadline (at once if it has passed), 0 disarms. In one-shot count mode the
 * deadline becomes a count here, in ring 0, so that the kernel call's own
 * latency does not delay the interrupt.
 */
void apic_timer_arm_ring0(uint64_t deadline);

/*
 * KCALL_TIMER_INIT, one-shot count mode only: divide by 1 and, when
 * calibrate_ticks is not 0, count the timer's ticks for that many TSC ticks
 * (interrupt masked) and return them scaled to counts per TSC tick << 32.
 */
uint64_t apic_timer_init_ring0(uint64_t calibrate_ticks);

#endif /* ARCH_X86_64_APIC_TIMER_H */
