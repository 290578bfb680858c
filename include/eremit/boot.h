/* SPDX-License-Identifier: MIT */
/* Boot timing, for applications that measure the kernel (bench/boot). */
#ifndef EREMIT_BOOT_H
#define EREMIT_BOOT_H

#include <stdint.h>

struct eremit_boot_times {
	uint64_t entry_tsc; /* TSC at the kernel's first instruction */
	uint64_t main_tsc;  /* TSC just before main() was called */
	uint64_t tsc_khz;   /* TSC ticks per millisecond */
};

/* Fills t; the guest's boot time is (main_tsc - entry_tsc) / tsc_khz ms. */
void eremit_boot_times(struct eremit_boot_times *t);

#endif /* EREMIT_BOOT_H */
