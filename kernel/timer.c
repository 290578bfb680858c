// SPDX-License-Identifier: MIT
/* Per-CPU timer queues on the one-shot hardware timer: armed only for the earliest deadline. */
#include <stdatomic.h>
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "kernel/clock.h"
#include "kernel/klog.h"
#include "kernel/timer.h"
#include "runtime/thread.h"
#include "smp/percpu.h"

#define TIMER_MIN_SPIN_US 10   /* below this, no timer hardware wakes a halted CPU in time */
#define TIMER_MAX_WAKE_US 250  /* bounds what a noisy host can make us spin for */
#define TIMER_MAX_SPIN_US 1000

/*
 * What a timed halt costs on this CPU, in TSC ticks: arming the timer from
 * ring 3, and the delay from the deadline to running again. Learnt from
 * every arming and every timed sleep instead of probed at boot (which would
 * cost a few times the 0.4 ms boot): the minimum seen, as host noise only
 * ever adds to them.
 */
struct timer_costs {
	uint64_t arm;
	uint64_t wake;
	uint64_t spin_below; /* timer_sleep_until spins for waits shorter than this */
};

/*
 * Owned by one CPU and touched only by it, in ring 3: the interrupt stub
 * only counts (arch_timer_fired) and wakes the CPU.
 */
struct timer_queue {
	struct timer_heap heap;
	uint64_t armed;	      /* the deadline the hardware holds; 0: disarmed */
	uint64_t armed_fired; /* arch_timer_fired() just before it was armed */
	bool running;	      /* in timer_run_expired: arm once, at its end */
	struct timer_costs costs;
} __attribute__((aligned(CPU_CACHE_LINE)));

static struct timer_queue timer_queues[CPU_MAX];
static uint64_t timer_ticks_per_us; /* set by timer_init_cpu on the boot CPU */
static bool timer_none;		    /* no usable timer hardware: every wait spins */

static void timer_update_spin(struct timer_costs *c)
{
	/* Below this, arming and halting (a kernel call each) and waking outlast the wait. */
	uint64_t spin = 2 * c->arm + c->wake;
	uint64_t lo = TIMER_MIN_SPIN_US * timer_ticks_per_us;
	uint64_t hi = TIMER_MAX_SPIN_US * timer_ticks_per_us;
	c->spin_below = timer_none ? UINT64_MAX : spin < lo ? lo : spin > hi ? hi : spin;
}

/*
 * Makes the hardware hold the earliest deadline. Every arming is a kernel
 * call (about 30 µs under PVM with the fast path), so it is skipped whenever the hardware already
 * holds that deadline, or holds nothing and nothing is wanted. The timer is
 * one-shot: after an interrupt (the count moved) it holds nothing.
 */
static void timer_sync(struct timer_queue *q)
{
	if (q->running)
		return;
	if (q->armed && arch_timer_fired() != q->armed_fired)
		q->armed = 0;
	struct timer *first = timer_heap_min(&q->heap);
	uint64_t want = first ? first->deadline : 0;
	if (want == q->armed)
		return;
	if (!want && q->armed <= rdtsc()) {
		q->armed = 0; /* its interrupt has come or is on its way: nothing to disarm */
		return;
	}
	q->armed_fired = arch_timer_fired();
	q->armed = want;
	uint64_t t0 = rdtsc();
	arch_timer_arm(want);
	uint64_t cost = rdtsc() - t0;
	if (!q->costs.arm || cost < q->costs.arm) {
		q->costs.arm = cost;
		timer_update_spin(&q->costs);
	}
}

void timer_add(struct timer *t, uint64_t deadline)
{
	struct timer_queue *q = this_cpu()->timers;
	if (t->queued)
		timer_heap_remove(&q->heap, t);
	t->deadline = deadline ? deadline : 1; /* 0 means "disarmed" to the hardware */
	timer_heap_insert(&q->heap, t);
	timer_sync(q);
}

bool timer_cancel(struct timer *t)
{
	if (!t->queued)
		return false;
	struct timer_queue *q = this_cpu()->timers;
	timer_heap_remove(&q->heap, t);
	timer_sync(q);
	return true;
}

unsigned timer_run_expired(void)
{
	struct timer_queue *q = this_cpu()->timers;
	/* One reading: a callback that re-adds itself for "now" runs next time, not forever. */
	uint64_t now = rdtsc();
	bool outer = q->running;
	unsigned n = 0;
	struct timer *t;

	q->running = true;
	while ((t = timer_heap_min(&q->heap)) && t->deadline <= now) {
		timer_heap_remove(&q->heap, t);
		n++;
		if (t->fn)
			t->fn(t->arg);
	}
	q->running = outer;
	timer_sync(q);
	return n;
}

/*
 * Halts until t has expired, running this CPU's other timers as they
 * expire. Returns the TSC when it last began to halt (0 if it never did).
 */
static uint64_t timer_wait(struct timer *t)
{
	struct cpu *c = this_cpu();
	uint64_t halted = 0;
	for (;;) {
		/* Read before looking: an interrupt after the look then ends apic_idle at once. */
		uint64_t seen = atomic_load_explicit(&c->wake_seq, memory_order_acquire);
		timer_run_expired();
		if (!t->queued)
			return halted;
		halted = rdtsc();
		apic_idle(&c->wake_seq, seen);
	}
}

/* A timed halt began at halted, for a timer due at deadline, and ended now. */
static void timer_learn_wake(struct timer_costs *c, uint64_t halted, uint64_t deadline)
{
	uint64_t now = rdtsc();
	/* Only a halt that began before the deadline measures the wake-up. */
	if (!halted || halted >= deadline || now < deadline)
		return;
	uint64_t wake = now - deadline, max = TIMER_MAX_WAKE_US * timer_ticks_per_us;
	wake = wake > max ? max : wake;
	if (!c->wake || wake < c->wake) {
		c->wake = wake;
		timer_update_spin(c);
	}
}

void timer_sleep_until(uint64_t deadline)
{
	struct timer_queue *q = this_cpu()->timers;
	uint64_t now = rdtsc();
	if (thread_can_block() && deadline > now && deadline - now >= q->costs.spin_below) {
		/*
		 * With threads, the thread sleeps, not the CPU: parked until its
		 * timer (on this CPU) wakes it, a little early, then it spins the
		 * rest. Other threads run meanwhile.
		 */
		uint64_t early = deadline - q->costs.wake, halted = rdtsc();
		while (rdtsc() < early)
			thread_park(early);
		if (this_cpu()->timers == q) /* it may run on another CPU now: not its costs */
			timer_learn_wake(&q->costs, halted, early);
	} else if (deadline > now && deadline - now >= q->costs.spin_below) {
		struct timer t = TIMER_INIT(NULL, NULL);
		bool outer = q->running; /* a callback that sleeps still needs its timer armed */
		q->running = false;
		/* Wake early by the usual latency, then spin the rest: on time, not ~wake late. */
		timer_add(&t, deadline - q->costs.wake);
		timer_learn_wake(&q->costs, timer_wait(&t), t.deadline);
		q->running = outer;
	}
	while (rdtsc() < deadline)
		cpu_relax();
}

void timer_init_cpu(void)
{
	struct cpu *c = this_cpu();
	struct timer_queue *q = &timer_queues[c->id];
	const char *mode = arch_timer_init_cpu();
	if (c->id == 0) {
		timer_ticks_per_us = clock_tsc_khz() / 1000;
		timer_none = !mode;
		if (mode)
			klog("timer: %s mode, one queue per CPU; no timer interrupt until one is due\n",
			     mode);
		else
			klog("timer: the local APIC timer does not count: every sleep spins\n");
	}
	timer_update_spin(&q->costs);
	c->timers = q;
}
