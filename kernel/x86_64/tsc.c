// SPDX-License-Identifier: MIT
/* TSC frequency: from CPUID when the CPU or hypervisor says, else against the PIT. */
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/clock.h"

#define PIT_CALIBRATE_COUNTS 53000 /* ~44 ms: long, yet short of the 16-bit count's wrap */
#define PIT_READS	     8	   /* per end of the interval: the best bracketed one counts */
#define PIT_MAX_READS	     10000000 /* a PIT that does not count: give up, do not hang */
#define PIT_MODE_ONESHOT_CH2 0xb0	   /* channel 2, lobyte/hibyte, mode 0, binary */
#define PIT_LATCH_CH2	     0x80
#define PIT_GATE_ON	     0x01
#define PIT_SPEAKER	     0x02

uint64_t arch_tsc_khz_detect(void)
{
	uint32_t max = cpuid(0, 0).eax;
	if (max >= X86_CPUID_TSC_CRYSTAL) {
		struct cpuid_regs r = cpuid(X86_CPUID_TSC_CRYSTAL, 0);
		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax / 1000;
	}
	if (cpuid(X86_CPUID_FEATURES, 0).ecx & X86_CPUID1_ECX_HYPERVISOR) {
		uint32_t hv_max = cpuid(X86_CPUID_HV_BASE, 0).eax;
		if (hv_max >= X86_CPUID_HV_TIMING && hv_max < X86_CPUID_HV_BASE + 0x100) {
			uint32_t khz = cpuid(X86_CPUID_HV_TIMING, 0).eax;
			if (khz)
				return khz;
		}
	}
	return 0;
}

struct pit_sample {
	uint64_t tsc;	/* midpoint of the two TSC reads around the count's */
	uint64_t width; /* TSC ticks between them: how uncertain tsc is */
	uint16_t count;
};

/* Ring 0: latches and reads channel 2's count between two TSC reads. */
static struct pit_sample pit_read(void)
{
	uint64_t t0 = rdtsc();
	outb(X86_PIT_CMD, PIT_LATCH_CH2);
	uint8_t lo = inb(X86_PIT_CH2);
	uint8_t hi = inb(X86_PIT_CH2);
	uint64_t t1 = rdtsc();
	return (struct pit_sample){t0 + (t1 - t0) / 2, t1 - t0, (uint16_t)(lo | hi << 8)};
}

/*
 * The narrowest of a few reads. Under QEMU's TCG a port read can wait for
 * the device-model lock, and a loaded host can deschedule us mid-read: such
 * a read says little about when the count was taken.
 */
static struct pit_sample pit_read_best(void)
{
	struct pit_sample best = pit_read();
	for (int i = 1; i < PIT_READS; i++) {
		struct pit_sample s = pit_read();
		if (s.width < best.width)
			best = s;
	}
	return best;
}

/*
 * Ring 0: TSC ticks per PIT tick over PIT_CALIBRATE_COUNTS of channel 2
 * counting down in one-shot mode, between two bracketed reads of its count
 * (the approach of Linux's quick_pit_calibrate): the host's noise widens a
 * bracket instead of silently lengthening the interval, as waiting for the
 * output to rise did (0.2-7 % too fast under TCG on a busy host).
 */
uint64_t arch_pit_calibrate_khz(void)
{
	uint8_t gate = inb(X86_PIT_GATE);
	outb(X86_PIT_GATE, (gate & ~PIT_SPEAKER) | PIT_GATE_ON);
	outb(X86_PIT_CMD, PIT_MODE_ONESHOT_CH2);
	outb(X86_PIT_CH2, 0xff);
	outb(X86_PIT_CH2, 0xff);
	struct pit_sample a = pit_read_best();
	uint32_t reads = 0;
	while ((uint16_t)(a.count - pit_read().count) < PIT_CALIBRATE_COUNTS) {
		if (++reads > PIT_MAX_READS) { /* no PIT: assume 1 GHz rather than hang */
			outb(X86_PIT_GATE, gate);
			return 1000000;
		}
	}
	struct pit_sample b = pit_read_best();
	outb(X86_PIT_GATE, gate);
	return (b.tsc - a.tsc) * X86_PIT_HZ / (uint16_t)(a.count - b.count) / 1000;
}

uint64_t arch_tsc_khz_calibrate(void)
{
	return kcall(KCALL_PIT_CALIBRATE, 0, 0, 0);
}
