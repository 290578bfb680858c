/* SPDX-License-Identifier: MIT */
/* Tickless timers: one queue per CPU, keyed by TSC deadline, on the CPU's one-shot timer. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A timer. The caller owns the memory; while queued, the links belong to
 * the queue. fn(arg) runs in ring 3 on the CPU the timer was added on, from
 * timer_run_expired(); it may add or cancel timers, this one included.
 */
struct timer {
	uint64_t deadline; /* TSC value at which it expires */
	void (*fn)(void *arg);
	void *arg;
	/* Pairing-heap links: leftmost child, right sibling, and parent-or-left-sibling. */
	struct timer *child, *next, *prev;
	bool queued;
};

#define TIMER_INIT(f, a) ((struct timer){.fn = (f), .arg = (a)})

/*
 * The data structure, portable and unit-tested on the host
 * (kernel/timer_heap.c): a pairing heap, a min-heap that needs no storage
 * besides the timers themselves, so adding a timer never fails. Insert and
 * min are O(1); pop and remove are O(log n) amortized. Timers with equal
 * deadlines come out in no particular order. Not thread-safe: a heap
 * belongs to one CPU.
 */
struct timer_heap {
	struct timer *root;
	size_t count;
};

/* Queues t (not already queued) by t->deadline. */
void timer_heap_insert(struct timer_heap *h, struct timer *t);
/* Removes t, which must be queued in h. */
void timer_heap_remove(struct timer_heap *h, struct timer *t);
/* The timer with the earliest deadline, NULL when h is empty. */
static inline struct timer *timer_heap_min(const struct timer_heap *h)
{
	return h->root;
}
/* Removes and returns the earliest timer, NULL when h is empty. */
struct timer *timer_heap_pop(struct timer_heap *h);

/*
 * The per-CPU queues (kernel/timer.c). Every function below acts on the
 * calling CPU's queue (this_cpu()->timers), runs in ring 3, and must not be
 * called from interrupt handlers: the timer interrupt only wakes the CPU
 * (apic_isr.S), and the woken CPU runs its expired timers itself. The
 * hardware timer is armed for the earliest deadline only, and re-armed only
 * when that changes; a CPU with no timer has its timer disarmed and takes
 * no timer interrupt.
 */

/* On each CPU after its local APIC is set up: the queue and the timer hardware. */
void timer_init_cpu(void);

/* Queues t to expire at TSC value deadline (re-queues it if it was queued). */
void timer_add(struct timer *t, uint64_t deadline);
/* Takes t off the queue; returns whether it was queued (had not expired yet). */
bool timer_cancel(struct timer *t);
/* Runs the callbacks of every timer due now; returns how many ran. */
unsigned timer_run_expired(void);

/*
 * Returns once the TSC has reached deadline, never earlier. Short waits
 * spin; longer ones arm the timer a little before the deadline (by the
 * wake-up latency this CPU has seen), halt until it fires, and spin the
 * rest. What is short is learnt too: what arming, halting and waking cost.
 * Other timers of this CPU that expire meanwhile run from here.
 */
void timer_sleep_until(uint64_t deadline);

/*
 * The timer hardware (kernel/x86_64/apic_timer.c). arch_timer_init_cpu
 * chooses TSC-deadline or one-shot count mode and, for the latter,
 * calibrates the count rate once; returns the mode's name for the log, or
 * NULL when the CPU has no timer the kernel can drive (then sleeps spin).
 * arch_timer_arm programs the CPU's timer to interrupt at TSC value deadline
 * (at once if it has passed); 0 disarms it. arch_timer_fired counts the
 * timer interrupts this CPU has taken.
 */
const char *arch_timer_init_cpu(void);
void arch_timer_arm(uint64_t deadline);
uint64_t arch_timer_fired(void);

#endif /* KERNEL_TIMER_H */
