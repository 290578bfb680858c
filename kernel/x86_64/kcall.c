// SPDX-License-Identifier: MIT
/* The ring-0 side of kernel calls: the syscall MSRs and the dispatcher. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/apic_timer.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/boot.h"
#include "kernel/trap.h"

uint32_t kcall_fast_modes;

/* Reached from kcall_fast_entry (kcall_fast.S) for every call it does not serve itself. */
void kcall_trap(struct trap_frame *f)
{
	const uint8_t *insn = (const uint8_t *)f->rip;
	/* Only the kernel's own text can make kernel calls. */
	if (f->rip < (uintptr_t)__image_start || f->rip + KCALL_INSN_LEN > (uintptr_t)__text_end ||
	    insn[0] != 0x0f || insn[1] != 0x0b || (insn[2] | insn[3] << 8) != KCALL_MARKER)
		trap_fatal(f);
	/* Interrupts are enabled by returning to a frame with IF set: ring 3 cannot sti. */
	if (f->rax == KCALL_APIC_INIT)
		f->rflags |= X86_RFLAGS_IF;
	f->rax = kcall_dispatch(f->rdi, f->rsi, f->rdx, f->rax);
	f->rip += KCALL_INSN_LEN;
}

uint64_t kcall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t nr)
{
	switch (nr) {
	case KCALL_LOAD_CR3:
		write_cr3(a0);
		return 0;
	case KCALL_SET_FS_BASE:
		wrmsr(X86_MSR_FS_BASE, a0);
		return 0;
	case KCALL_UART_WRITE:
		arch_uart_tx((uint16_t)a0, (const char *)(uintptr_t)a1, a2);
		return a2;
	case KCALL_QEMU_EXIT:
		arch_qemu_exit((int)a0);
	case KCALL_PIT_CALIBRATE:
		return arch_pit_calibrate_khz();
	case KCALL_RTC_READ:
		return arch_rtc_read_ns_ring0();
	case KCALL_APIC_ICR:
		apic_write(APIC_MSR_ICR, a0);
		return 0;
	case KCALL_IDLE:
		apic_idle_ring0((const _Atomic uint64_t *)(uintptr_t)a0, a1);
		return 0;
	case KCALL_APIC_INIT:
		apic_init_cpu();
		return 0;
	case KCALL_TIMER_ARM:
		apic_timer_arm_ring0(a0);
		return 0;
	case KCALL_TIMER_INIT:
		return apic_timer_init_ring0(a0);
	case KCALL_STOP:
		cpu_halt_forever();
	default:
		panic("unknown kernel call %lu", (unsigned long)nr);
	}
}
