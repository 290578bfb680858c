// SPDX-License-Identifier: MIT
/* TSC frequency: from CPUID when the CPU or hypervisor says, else against the PIT. */
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/clock.h"

#define PIT_CALIBRATE_MS     20
#define PIT_MODE_ONESHOT_CH2 0xb0 /* channel 2, lobyte/hibyte, mode 0, binary */
#define PIT_GATE_ON	     0x01
#define PIT_SPEAKER	     0x02
#define PIT_OUT2	     0x20

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

/*
 * Ring 0: counts TSC ticks while PIT channel 2 counts down PIT_CALIBRATE_MS
 * in one-shot mode; its output, readable in port 0x61, rises at zero.
 */
uint64_t arch_pit_calibrate_khz(void)
{
	uint32_t count = X86_PIT_HZ / 1000 * PIT_CALIBRATE_MS;
	uint8_t gate = inb(X86_PIT_GATE);
	outb(X86_PIT_GATE, (gate & ~PIT_SPEAKER) | PIT_GATE_ON);
	outb(X86_PIT_CMD, PIT_MODE_ONESHOT_CH2);
	outb(X86_PIT_CH2, count & 0xff);
	outb(X86_PIT_CH2, count >> 8);
	uint64_t t0 = rdtsc();
	uint64_t spins = 0;
	while (!(inb(X86_PIT_GATE) & PIT_OUT2)) {
		if (++spins > 100000000) /* no PIT: assume 1 GHz rather than hang */
			return 1000000;
	}
	uint64_t t1 = rdtsc();
	outb(X86_PIT_GATE, gate);
	return (t1 - t0) * X86_PIT_HZ / count / 1000;
}

uint64_t arch_tsc_khz_calibrate(void)
{
	return kcall(KCALL_PIT_CALIBRATE, 0, 0, 0);
}
