/* SPDX-License-Identifier: MIT */
/* Kernel calls: how ring-3 code asks ring 0 for a privileged operation. */
#ifndef ARCH_X86_64_KCALL_H
#define ARCH_X86_64_KCALL_H

/*
 * Eremit runs its runtime and the application in ring 3 (see
 * include/eremit/abi.h for why). The few operations that need ring 0 raise
 * #UD with `ud2` followed by the two marker bytes "KC", the number in %rax
 * and up to three arguments in %rdi, %rsi, %rdx; the #UD handler runs the
 * call, puts the result in %rax and resumes after the marker. Most are rare
 * (the page tables at boot, the TLS base without FSGSBASE, port I/O under
 * QEMU); the scheduler's hot ones (an IPI, arming the timer, idling) are
 * served in assembly by kcall_fast.S, and the rest by kcall_trap in C.
 *
 * Why an exception and not syscall or int: on the PVM software hypervisor of
 * our build machines, neither `syscall` nor `int $n` from ring 3 gives the
 * handler ring-0 privileges (measured: its privileged instructions fault),
 * while exceptions are delivered through the IDT as on hardware.
 */
#define KCALL_MARKER	    0x434b /* "KC" after ud2, read little-endian */
#define KCALL_INSN_LEN	    4	   /* ud2 + marker */
#define KCALL_LOAD_CR3	    1	   /* (root table physical address) */
#define KCALL_SET_FS_BASE   2	   /* (base) */
#define KCALL_UART_WRITE    3	   /* (port, buffer, length) */
#define KCALL_QEMU_EXIT	    4	   /* (status): does not return */
#define KCALL_PIT_CALIBRATE 5	   /* () -> TSC kHz */
#define KCALL_RTC_READ	    6	   /* () -> ns since the epoch */
#define KCALL_APIC_ICR	    7	   /* (64-bit x2APIC ICR value): send an IPI */
#define KCALL_IDLE	    8	   /* (seq, seen): halt until an interrupt unless *seq != seen */
#define KCALL_APIC_INIT	    9	   /* (): this CPU's local APIC, then interrupts on in ring 3 */
#define KCALL_STOP	    10	   /* (): halt this CPU for good, interrupts off */
#define KCALL_TIMER_ARM	    11	   /* (TSC deadline, 0 = disarm): the local APIC timer */
#define KCALL_TIMER_INIT    12	   /* (TSC ticks to calibrate for) -> counts per tick << 32 */

/*
 * Which hot calls the #UD entry serves in assembly (kcall_fast.S), as the
 * APIC's modes allow; KCALL_IDLE always is. Bits of kcall_fast_modes.
 */
#define KCALL_FAST_ICR	    1 /* x2APIC: KCALL_APIC_ICR is one wrmsr */
#define KCALL_FAST_DEADLINE 2 /* TSC-deadline timer: KCALL_TIMER_ARM is one wrmsr */

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * KCALL_FAST_* bits, set in ring 3 by the boot CPU as apic_trap_init and
 * arch_timer_init_cpu choose the modes, before other CPUs start; read by
 * kcall_fast.S. Until a bit is set, its call takes the C path, which does
 * the same.
 */
extern uint32_t kcall_fast_modes;

/* Called by kcall_trap in ring 0; also directly when already in ring 0. */
uint64_t kcall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t nr);

struct trap_frame;

/* The #UD handler: runs a kernel call, or reports a real invalid opcode. */
void kcall_trap(struct trap_frame *f);

/* Leaves ring 0 for good: continues at fn on stack, in ring 3 (kcall_entry.S). */
_Noreturn void kcall_enter_user(void (*fn)(void), uint64_t stack);

static inline int cpu_in_ring0(void)
{
	uint16_t cs;
	__asm__ volatile("movw %%cs, %0" : "=r"(cs));
	return (cs & 3) == 0;
}

static inline uint64_t kcall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	if (cpu_in_ring0())
		return kcall_dispatch(a0, a1, a2, nr);
	uint64_t ret;
	/* The trap stubs save and restore every register but %rax. */
	__asm__ volatile("ud2\n\t.byte 0x4b, 0x43"
			 : "=a"(ret)
			 : "a"(nr), "D"(a0), "S"(a1), "d"(a2)
			 : "memory");
	return ret;
}
#endif

#endif /* ARCH_X86_64_KCALL_H */
