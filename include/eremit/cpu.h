/* SPDX-License-Identifier: MIT */
/* Cores for applications: how many, which one, interrupts taken, work on a given core. */
#ifndef EREMIT_CPU_H
#define EREMIT_CPU_H

#include <stdint.h>

/* Interrupt vectors, for eremit_irq_count. */
#define EREMIT_VEC_TIMER 0xf0 /* the core's own timer (sleeps, timeouts) */
#define EREMIT_VEC_WAKE	 0xf1 /* an inter-processor interrupt from another core */

/* Cores online; they are numbered 0 .. eremit_cpu_count() - 1, 0 runs main(). */
unsigned eremit_cpu_count(void);

/* The core the caller runs on. */
unsigned eremit_cpu_id(void);

/* The NUMA node of a core (0 without NUMA); -1 for a core that does not exist. */
int eremit_cpu_node(unsigned cpu);

/* Interrupts of vector taken so far by cpu (0 for a bad cpu or vector). */
uint64_t eremit_irq_count(unsigned cpu, unsigned vector);

/*
 * Runs fn(arg) on core cpu (not the caller's) which must be idle: returns 0,
 * -EINVAL for a core that does not exist or is the caller's, -EBUSY while it
 * still runs earlier work. The core sleeps (halted) when it has no work.
 */
int eremit_cpu_run(unsigned cpu, void (*fn)(void *), void *arg);

/* Waits until the work given to cpu has returned: 0, or -EINVAL as above. */
int eremit_cpu_wait(unsigned cpu);

/*
 * Interrupts idle core cpu and waits for its answer (an interrupt back):
 * returns the round trip in nanoseconds, or -EINVAL / -EBUSY as above.
 */
int64_t eremit_cpu_ping(unsigned cpu);

#endif /* EREMIT_CPU_H */
