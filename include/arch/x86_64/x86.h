/* SPDX-License-Identifier: MIT */
/* Architectural constants of x86_64: control registers, MSRs, CPUID, paging, ports. */
#ifndef ARCH_X86_64_X86_H
#define ARCH_X86_64_X86_H

/* Constants usable from both C and assembly. */
#ifdef __ASSEMBLER__
#define X86_C(x) x
#else
#define X86_C(x) x##ul
#endif

/* Control registers. */
#define X86_CR0_PE (X86_C(1) << 0)
#define X86_CR0_MP (X86_C(1) << 1)
#define X86_CR0_EM (X86_C(1) << 2)
#define X86_CR0_TS (X86_C(1) << 3)
#define X86_CR0_ET (X86_C(1) << 4)
#define X86_CR0_NE (X86_C(1) << 5)
#define X86_CR0_WP (X86_C(1) << 16)
#define X86_CR0_PG (X86_C(1) << 31)

#define X86_CR4_PAE	   (X86_C(1) << 5)
#define X86_CR4_PGE	   (X86_C(1) << 7)
#define X86_CR4_OSFXSR	   (X86_C(1) << 9)
#define X86_CR4_OSXMMEXCPT (X86_C(1) << 10)
#define X86_CR4_FSGSBASE   (X86_C(1) << 16)
#define X86_CR4_OSXSAVE	   (X86_C(1) << 18)

/* XCR0 state components. */
#define X86_XCR0_X87	   (X86_C(1) << 0)
#define X86_XCR0_SSE	   (X86_C(1) << 1)
#define X86_XCR0_AVX	   (X86_C(1) << 2)
#define X86_XCR0_OPMASK	   (X86_C(1) << 5)
#define X86_XCR0_ZMM_HI256 (X86_C(1) << 6)
#define X86_XCR0_HI16_ZMM  (X86_C(1) << 7)

/* Model-specific registers. */
#define X86_MSR_EFER	       X86_C(0xc0000080)
#define X86_MSR_FS_BASE	       X86_C(0xc0000100)
#define X86_MSR_GS_BASE	       X86_C(0xc0000101)
#define X86_MSR_KERNEL_GS_BASE X86_C(0xc0000102)
#define X86_EFER_SCE	       (X86_C(1) << 0)
#define X86_EFER_LME	       (X86_C(1) << 8)
#define X86_EFER_LMA	       (X86_C(1) << 10)
#define X86_EFER_NXE	       (X86_C(1) << 11)

/* CPUID leaves and the feature bits we test. */
#define X86_CPUID_FEATURES	  X86_C(0x1)
#define X86_CPUID1_ECX_X2APIC	  (X86_C(1) << 21)
#define X86_CPUID1_ECX_TSC_DEADLINE (X86_C(1) << 24)
#define X86_CPUID1_ECX_XSAVE	  (X86_C(1) << 26)
#define X86_CPUID1_ECX_AVX	  (X86_C(1) << 28)
#define X86_CPUID1_ECX_HYPERVISOR (X86_C(1) << 31)
#define X86_CPUID_EXT_FEATURES	  X86_C(0x7)
#define X86_CPUID_TOPOLOGY	  X86_C(0xb) /* EDX: this CPU's x2APIC ID */
#define X86_CPUID7_EBX_FSGSBASE	  (X86_C(1) << 0)
#define X86_CPUID_XSAVE		  X86_C(0xd)
#define X86_CPUID_TSC_CRYSTAL	  X86_C(0x15)
#define X86_CPUID_FREQ		  X86_C(0x16)
#define X86_CPUID_HV_BASE	  X86_C(0x40000000)
#define X86_CPUID_HV_TIMING	  X86_C(0x40000010) /* VMware/QEMU: EAX = TSC kHz */
#define X86_CPUID_EXT_MAX	  X86_C(0x80000000)
#define X86_CPUID_EXT_INFO	  X86_C(0x80000001)
#define X86_CPUIDX1_EDX_NX	  (X86_C(1) << 20)

/* Page-table entry bits. */
#define X86_PTE_P    (X86_C(1) << 0)
#define X86_PTE_W    (X86_C(1) << 1)
#define X86_PTE_U    (X86_C(1) << 2)
#define X86_PTE_PWT  (X86_C(1) << 3)
#define X86_PTE_PCD  (X86_C(1) << 4)
#define X86_PTE_PS   (X86_C(1) << 7)
#define X86_PTE_G    (X86_C(1) << 8)
#define X86_PTE_NX   (X86_C(1) << 63)
#define X86_PTE_ADDR X86_C(0x000ffffffffff000)

/* Page-fault error code bits. */
#define X86_PF_P    (X86_C(1) << 0)
#define X86_PF_W    (X86_C(1) << 1)
#define X86_PF_U    (X86_C(1) << 2)
#define X86_PF_RSVD (X86_C(1) << 3)
#define X86_PF_I    (X86_C(1) << 4)

/* Legacy I/O ports used under QEMU. */
#define X86_PIT_CH2    X86_C(0x42)
#define X86_PIT_CMD    X86_C(0x43)
#define X86_PIT_GATE   X86_C(0x61) /* bit 0: channel 2 gate, bit 5: channel 2 output */
#define X86_PIT_HZ     X86_C(1193182)
#define X86_CMOS_INDEX X86_C(0x70)
#define X86_CMOS_DATA  X86_C(0x71)

/*
 * Segment selectors of the kernel's GDT (kernel/x86_64/gdt.c). The user
 * selectors are Linux's (0x2b data, 0x33 code), which software hypervisors
 * such as PVM expect.
 */
#define X86_SEL_CODE64	  0x08
#define X86_SEL_DATA	  0x10
#define X86_SEL_USER32	  0x23
#define X86_SEL_USER_DATA 0x2b
#define X86_SEL_USER_CODE 0x33
#define X86_SEL_TSS	  0x38

#define X86_RFLAGS_FIXED X86_C(0x2) /* bit 1 is always set; IF and IOPL clear */
#define X86_RFLAGS_IF	 X86_C(0x200)

/* Interrupt stack table slots. */
#define X86_IST_DOUBLE_FAULT 1
#define X86_IST_NMI	     2
#define X86_IST_EXCEPTION    3
#define X86_IST_IRQ	     4 /* interrupts: they can arrive during a kernel call on IST 3 */

#endif /* ARCH_X86_64_X86_H */
