// SPDX-License-Identifier: MIT
/* Turning on what compiled code expects of the CPU: SSE, AVX, AVX-512, NX. */
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"

struct arch_features arch_features;

static uint64_t cpu_xcr0_wanted(void)
{
	/* What the CPU can hold (leaf 0xd, subleaf 0) limits what we ask for. */
	uint64_t supported = cpuid(X86_CPUID_XSAVE, 0).eax;
	uint64_t want = X86_XCR0_X87 | X86_XCR0_SSE;
	if ((supported & X86_XCR0_AVX) && (cpuid(X86_CPUID_FEATURES, 0).ecx & X86_CPUID1_ECX_AVX))
		want |= X86_XCR0_AVX;
	uint64_t avx512 = X86_XCR0_OPMASK | X86_XCR0_ZMM_HI256 | X86_XCR0_HI16_ZMM;
	if ((want & X86_XCR0_AVX) && (supported & avx512) == avx512)
		want |= avx512;
	return want;
}

void arch_cpu_init(void)
{
	struct arch_features *f = &arch_features;
	uint32_t ecx1 = cpuid(X86_CPUID_FEATURES, 0).ecx;

	/* x87 and SSE: no emulation, native FPU errors, FXSAVE and SIMD exceptions. */
	write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP);
	uint64_t cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

	f->fsgsbase = cpuid(X86_CPUID_EXT_FEATURES, 0).ebx & X86_CPUID7_EBX_FSGSBASE;
	if (f->fsgsbase)
		cr4 |= X86_CR4_FSGSBASE;
	f->xsave = ecx1 & X86_CPUID1_ECX_XSAVE;
	if (f->xsave)
		cr4 |= X86_CR4_OSXSAVE;
	write_cr4(cr4);
	if (f->xsave) {
		f->xcr0 = cpu_xcr0_wanted();
		xsetbv(0, f->xcr0);
		f->avx = f->xcr0 & X86_XCR0_AVX;
		f->avx512 = f->xcr0 & X86_XCR0_ZMM_HI256;
	}
	f->nx = cpuid(X86_CPUID_EXT_MAX, 0).eax >= X86_CPUID_EXT_INFO &&
		(cpuid(X86_CPUID_EXT_INFO, 0).edx & X86_CPUIDX1_EDX_NX);
	if (f->nx)
		wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | X86_EFER_NXE);
}

/*
 * x87 and SSE control state. In ring 3 because a software hypervisor's
 * instruction emulator, which runs our ring 0, cannot execute them.
 */
void arch_cpu_init_user(void)
{
	uint32_t mxcsr = 0x1f80; /* all SIMD exceptions masked, round to nearest */
	__asm__ volatile("fninit");
	__asm__ volatile("ldmxcsr %0" ::"m"(mxcsr));
}

void arch_set_tls_base(uint64_t base)
{
	if (arch_features.fsgsbase)
		__asm__ volatile("wrfsbase %0" ::"r"(base) : "memory");
	else
		kcall(KCALL_SET_FS_BASE, base, 0, 0);
}
