// SPDX-License-Identifier: MIT
/* The TSC as the clock: frequency from the host or the CPU, else calibrated. */
#include <stdatomic.h>
#include <stdbool.h>
#include "arch/x86_64/cpu.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/klog.h"
#include "smp/percpu.h"

/* Set once by clock_init on the boot CPU; read-only afterwards. */
static uint64_t clock_khz;
static uint64_t clock_mult;    /* ns = (ticks * clock_mult) >> 32 */
static uint64_t clock_wall_ns; /* realtime at boot_entry_tsc */

/*
 * The vCPUs' TSCs of a nested host differ (100-200 cycles measured here),
 * and by an amount that moves: with each CPU's offset measured at bring-up
 * and subtracted (smp/tsc_sync.c), the clock still went back across CPUs in
 * about 1 run in 10. So with more than one CPU the monotonic clock never
 * returns less than the largest value read so far on any CPU, as Linux's
 * pvclock does when the host does not vouch for a stable TSC. The price is a
 * contended cache line when several CPUs read the clock in a tight loop
 * (45 against 12 ns per read, bench/jitter with two cores).
 */
static bool clock_shared;
static _Atomic uint64_t clock_last_ns __attribute__((aligned(64)));

void clock_set_shared(void)
{
	clock_shared = true;
}

void clock_init(void)
{
	const char *source =
		boot_params.runner == BOOT_RUNNER_MONITOR ? "the monitor" : "the command line";
	uint64_t t0 = rdtsc();
	clock_khz = boot_params.info.tsc_khz;
	if (!clock_khz) {
		source = "CPUID";
		clock_khz = arch_tsc_khz_detect();
	}
	if (!clock_khz) {
		source = "PIT calibration";
		clock_khz = arch_tsc_khz_calibrate();
	}
	clock_mult = ((uint64_t)1000000 << 32) / clock_khz;

	uint64_t wall = boot_params.info.wallclock_ns;
	if (!wall)
		wall = arch_rtc_read_ns();
	/* The monitor's time is from VM creation, close to boot_entry_tsc; RTC is read now. */
	uint64_t since_entry =
	    boot_params.info.wallclock_ns ? 0 : clock_tsc_to_ns(t0 - boot_entry_tsc);
	clock_wall_ns = wall - since_entry;
	klog("clock: TSC %lu.%03lu MHz (from %s), wall clock %lu s since the epoch\n",
	     (unsigned long)(clock_khz / 1000), (unsigned long)(clock_khz % 1000), source,
	     (unsigned long)(clock_wall_ns / 1000000000));
}

uint64_t clock_tsc_khz(void)
{
	return clock_khz;
}

uint64_t clock_ns_to_tsc(uint64_t ns)
{
	return (uint64_t)((unsigned __int128)ns * clock_khz / 1000000);
}

uint64_t clock_tsc_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * clock_mult) >> 32);
}

uint64_t clock_monotonic_ns(void)
{
	/* This CPU's TSC on the boot CPU's scale, so that the clock agrees across CPUs. */
	uint64_t tsc = rdtsc() - (uint64_t)this_cpu()->tsc_offset;
	uint64_t ns = tsc > boot_entry_tsc ? clock_tsc_to_ns(tsc - boot_entry_tsc) : 0;
	if (!clock_shared)
		return ns;
	/*
	 * Several CPUs: never below what any CPU has read. Relaxed is enough:
	 * a reader ordered after another CPU's read (by any release/acquire
	 * pair) sees that CPU's value here or a later one.
	 */
	uint64_t last = atomic_load_explicit(&clock_last_ns, memory_order_relaxed);
	do {
		if (ns <= last)
			return last;
	} while (!atomic_compare_exchange_weak_explicit(&clock_last_ns, &last, ns,
							memory_order_relaxed, memory_order_relaxed));
	return ns;
}

uint64_t clock_realtime_ns(void)
{
	return clock_wall_ns + clock_monotonic_ns();
}

uint64_t clock_realtime_at_boot_ns(void)
{
	return clock_wall_ns;
}

uint64_t clock_monotonic_to_tsc(uint64_t ns)
{
	/* Invert ns = ticks * clock_mult >> 32, then settle the rounding on the exact answer. */
	unsigned __int128 t = (((unsigned __int128)ns << 32) + clock_mult - 1) / clock_mult;
	uint64_t ticks = t > UINT64_MAX ? UINT64_MAX : (uint64_t)t;
	while (ticks < UINT64_MAX && clock_tsc_to_ns(ticks) < ns)
		ticks++;
	while (ticks > 0 && clock_tsc_to_ns(ticks - 1) >= ns)
		ticks--;
	uint64_t base = boot_entry_tsc + (uint64_t)this_cpu()->tsc_offset; /* this CPU's TSC */
	return ticks > UINT64_MAX - base ? UINT64_MAX : base + ticks;
}
