/* SPDX-License-Identifier: MIT */
/* Bringing every CPU online; waiting for other CPUs; stopping them for a panic. */
#ifndef SMP_SMP_H
#define SMP_SMP_H

#include <stdbool.h>

struct trap_frame;

/*
 * Boot CPU, ring 3, with the heap up: starts every other CPU (stack with a
 * guard page, interrupt stacks, TLS, newlib state) and waits until all are
 * online; panics with the CPU's name when one does not come up.
 */
void smp_init(void);

/*
 * Waits until done(arg): spins briefly, then halts until an interrupt (a
 * wake-up IPI or a timer), so whoever makes done true must send one.
 */
void smp_wait(bool (*done)(const void *), const void *arg);

/*
 * Before a panic or fatal-fault report: the first CPU to call it stops all
 * others with an NMI and waits (100 ms at most) until they stopped, so that
 * exactly one report comes out; any other caller stops for good. True for
 * the reporting CPU.
 */
bool smp_stop_others(void);

/*
 * TSC synchronisation at bring-up (smp/tsc_sync.c): the AP waits in
 * tsc_sync_ap before it reports ONLINE while the boot CPU measures how far
 * its TSC is from its own (tsc_sync_bsp), which the clock then subtracts.
 * One AP at a time.
 */
void tsc_sync_ap(void);
void tsc_sync_bsp(unsigned cpu);

/*
 * For the scheduler's idle loop: whether eremit_cpu_run work or a ping
 * waits for this CPU, and serving them (true if anything was done).
 */
bool smp_work_pending(void);
bool smp_serve(void);

/* The NMI handler: stops this CPU when another one reports. */
void smp_nmi(struct trap_frame *f);

#endif /* SMP_SMP_H */
