/* SPDX-License-Identifier: MIT */
/* Time: the TSC as the clock, the wall clock from the host at boot. */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

/* Learns the TSC frequency and the wall-clock time at boot; logs both. */
void clock_init(void);

uint64_t clock_tsc_khz(void);
/* Nanoseconds since the first instruction of the kernel. */
uint64_t clock_monotonic_ns(void);
/* Nanoseconds since the epoch. */
uint64_t clock_realtime_ns(void);
/* The realtime clock at monotonic 0: realtime = this + monotonic (it cannot be set). */
uint64_t clock_realtime_at_boot_ns(void);
/*
 * Once more than one CPU is online (smp_init): from then on the monotonic
 * clock never returns less than any CPU read before, whatever the TSCs do,
 * at the cost of a shared cache line per read.
 */
void clock_set_shared(void);
/* A duration in nanoseconds as TSC ticks (for deadlines: rdtsc() + this). */
uint64_t clock_ns_to_tsc(uint64_t ns);
/* TSC ticks to nanoseconds. */
uint64_t clock_tsc_to_ns(uint64_t ticks);
/*
 * The first TSC value at which clock_monotonic_ns() reads at least ns
 * (UINT64_MAX when the TSC never gets there): what a sleep waits for.
 */
uint64_t clock_monotonic_to_tsc(uint64_t ns);

/* Architecture hooks (kernel/x86_64/tsc.c, rtc.c). */
uint64_t arch_tsc_khz_detect(void); /* 0 when the CPU does not tell */
uint64_t arch_tsc_khz_calibrate(void);
uint64_t arch_rtc_read_ns(void); /* wall clock from the CMOS RTC */

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t clock_days_from_civil(int64_t year, unsigned month, unsigned day);

#endif /* KERNEL_CLOCK_H */
