/* SPDX-License-Identifier: MIT */
/* Exceptions and interrupts: set-up, handlers, fatal reports. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>
#include "arch/x86_64/trap_frame.h"

#define TRAP_VECTORS 256

typedef void (*trap_handler_t)(struct trap_frame *f);

/* Ring 0: loads the IDT on this CPU with the kernel-call gate only. */
void trap_init_boot(void);

/* Ring 0: loads the (shared) IDT on a CPU that comes up after the boot CPU. */
void trap_init_cpu(void);

/* Ring 3: fills every gate (each vector on an interrupt stack). */
void trap_init(void);

/* Points vector at an entry stub of its own instead of the common path (apic_isr.S). */
void trap_set_entry(unsigned vector, void (*entry)(void));

/*
 * Installs handler for vector; vectors without one are fatal. Only for
 * interrupts the kernel expects (timers, IPIs: later issues).
 */
void trap_register(unsigned vector, trap_handler_t handler);

/* Called by the entry stubs with interrupts off. */
void trap_dispatch(struct trap_frame *f);

/*
 * Prints a report of f (exception name, error code, registers, backtrace
 * with symbols) to stderr and ends the VM with the status that a POSIX shell
 * would show for the matching signal.
 */
_Noreturn void trap_fatal(struct trap_frame *f);

/* Prints "#n 0xADDR <symbol+off>" lines walking the frame-pointer chain. */
void trap_backtrace(uint64_t rip, uint64_t rbp, uint64_t rsp);

/* Kernel panic: message and backtrace to stderr, then exit with EREMIT_STATUS_PANIC. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* KERNEL_TRAP_H */
