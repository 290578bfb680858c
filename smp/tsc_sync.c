// SPDX-License-Identifier: MIT
/* One clock for every core: measure each AP's TSC against the boot CPU's and correct it. */
#include <stdatomic.h>
#include <stdint.h>
#include "arch/x86_64/cpu.h"
#include "kernel/clock.h"
#include "kernel/klog.h"
#include "smp/percpu.h"
#include "smp/smp.h"

/*
 * Under a nested hypervisor each vCPU's TSC offset is set when the vCPU is
 * made, and they need not agree: we measured skews of ~150 cycles, enough
 * for CLOCK_MONOTONIC read on one core after a read on another to go back.
 * The boot CPU and the new AP ping-pong on one cache line: the boot CPU
 * reads t0, asks, the AP reads t1, answers, the boot CPU reads t2. If the
 * clocks agree, t1 lies at (t0 + t2) / 2 within half the round trip; the
 * sample with the shortest round trip bounds the error best. The clock
 * (kernel/clock.c) subtracts each CPU's offset from its TSC. That narrows
 * the gap but cannot close it here: with offsets of -78 cycles measured to
 * within 65, the clock still went back across cores in 1 of 10 runs, so the
 * clock also keeps a shared last value (clock_set_shared). Writing
 * IA32_TSC_ADJUST instead was tried: under PVM the corrected TSCs measured
 * further apart than before.
 */
#define TSC_SYNC_SAMPLES 64
/*
 * A best round trip above this many cycles (both vCPUs seldom ran at once:
 * a loaded host) makes the offset too uncertain to use: it stays 0. Quiet
 * runs measure 100-250.
 */
#define TSC_SYNC_GOOD_RTT 2000
#define TSC_SYNC_MAX_NS	 20000000 /* per CPU: the shared clock (kernel/clock.c) covers the rest */

enum { TSC_IDLE, TSC_SAMPLE, TSC_DONE };

static struct {
	_Atomic unsigned cpu; /* the AP being synchronised: the others keep waiting */
	_Atomic int cmd;
	_Atomic uint64_t ap_tsc;
} __attribute__((aligned(CPU_CACHE_LINE))) tsc_sync;

/* The AP's side, before it reports ONLINE: answer until told it is done. */
void tsc_sync_ap(void)
{
	unsigned me = this_cpu()->id;
	for (;;) {
		int cmd;
		while (atomic_load_explicit(&tsc_sync.cpu, memory_order_acquire) != me ||
		       (cmd = atomic_load_explicit(&tsc_sync.cmd, memory_order_acquire)) == TSC_IDLE)
			cpu_relax();
		if (cmd == TSC_SAMPLE)
			atomic_store_explicit(&tsc_sync.ap_tsc, rdtsc(), memory_order_relaxed);
		/*
		 * Acknowledge only the command we served: after a timeout the boot
		 * CPU may already have replaced a late SAMPLE by DONE, which must
		 * not be lost (we would wait here for ever).
		 */
		if (!atomic_compare_exchange_strong_explicit(&tsc_sync.cmd, &cmd, TSC_IDLE,
							     memory_order_acq_rel,
							     memory_order_acquire))
			continue;
		if (cmd == TSC_DONE)
			return;
	}
}

/* Asks the AP for cmd and waits for its answer; false when time ran out. */
static bool tsc_sync_ask(int cmd, uint64_t deadline)
{
	atomic_store_explicit(&tsc_sync.cmd, cmd, memory_order_release);
	while (atomic_load_explicit(&tsc_sync.cmd, memory_order_acquire) != TSC_IDLE)
		if (rdtsc() > deadline)
			return false;
	return true;
}

/*
 * The AP's TSC minus ours, from the sample with the shortest round trip.
 * Returns the number of samples taken: fewer than TSC_SYNC_SAMPLES when time
 * ran out (on a loaded host both vCPUs seldom run at once).
 */
static int tsc_sync_measure(uint64_t deadline, int64_t *offset, uint64_t *rtt)
{
	int n = 0;
	*rtt = UINT64_MAX;
	while (n < TSC_SYNC_SAMPLES) {
		uint64_t t0 = rdtsc();
		if (!tsc_sync_ask(TSC_SAMPLE, deadline))
			break;
		uint64_t t2 = rdtsc();
		uint64_t t1 = atomic_load_explicit(&tsc_sync.ap_tsc, memory_order_relaxed);
		n++;
		if (t2 - t0 < *rtt) {
			*rtt = t2 - t0;
			*offset = (int64_t)(t1 - t0 - (t2 - t0) / 2);
		}
	}
	return n;
}

/* The boot CPU's side, once the AP waits in tsc_sync_ap: sets cpus[cpu].tsc_offset. */
void tsc_sync_bsp(unsigned cpu)
{
	uint64_t deadline = rdtsc() + clock_ns_to_tsc(TSC_SYNC_MAX_NS);
	int64_t offset = 0;
	uint64_t rtt = 0;
	atomic_store_explicit(&tsc_sync.cpu, cpu, memory_order_release);
	int n = tsc_sync_measure(deadline, &offset, &rtt);
	bool precise = n && rtt <= TSC_SYNC_GOOD_RTT;
	if (n) {
		/* Within half a round trip the measurement cannot tell: leave it at 0. */
		if (precise && (offset < 0 ? -offset : offset) > (int64_t)rtt / 2)
			cpus[cpu].tsc_offset = offset;
		klog("smp: CPU %u: TSC %ld cycles from CPU 0's (best round trip %lu of %d)%s\n",
		     cpu, (long)offset, (unsigned long)rtt, n,
		     cpus[cpu].tsc_offset ? ": corrected" : "");
	} else {
		klog("smp: CPU %u: TSC not compared (no answer within %u ms)\n", cpu,
		     TSC_SYNC_MAX_NS / 1000000);
	}
	/* Done even after a timeout: the AP must not wait for ever. */
	atomic_store_explicit(&tsc_sync.cmd, TSC_DONE, memory_order_release);
	while (atomic_load_explicit(&tsc_sync.cmd, memory_order_acquire) != TSC_IDLE)
		cpu_relax();
	atomic_store_explicit(&tsc_sync.cpu, 0, memory_order_release);
}
