// SPDX-License-Identifier: MIT
/* The per-core scheduler: each CPU owns its queues; others hand it threads through its inbox. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/apic.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/clock.h"
#include "kernel/klog.h"
#include "kernel/timer.h"
#include "kernel/trap.h"
#include "runtime/runtime.h"
#include "smp/preempt.h"
#include "smp/smp.h"
#include "thread_impl.h"

/*
 * How it fits together (docs/sched.md has the whole story):
 *
 * - A CPU's runnable threads sit in its runq (a ring others may steal
 *   from) or, when their affinity ties them to a subset of CPUs or the ring
 *   is full, in a private list; each thread carries the sequence number of
 *   its queuing, so the two are served in FIFO order together. Only the
 *   owner queues; it never takes a lock.
 * - Other CPUs hand threads over through the owner's inbox (smp/mpsc.h):
 *   new threads placed there, threads woken there. The owner drains it at
 *   every scheduling decision. A halted owner gets an IPI; a spinning one
 *   sees the inbox; a busy one gets an IPI for the first thread, so that it
 *   starts slicing.
 * - Everything runs in ring 3. Switches are function calls
 *   (sched_switch.S). A timer or IPI that lands in ring 3 enters
 *   sched_interrupt on the interrupted thread's stack (sched_irq_entry.S).
 * - Preemption: a one-shot slice timer, armed only while the CPU has
 *   another runnable thread. A CPU running one thread takes no interrupt.
 * - While a CPU manipulates its queues, preemption is off
 *   (this_cpu()->preempt_off), and each switch happens at depth exactly 1.
 */

struct sched_cpu sched_cpus[CPU_MAX];
_Atomic uint32_t sched_ready;
uint8_t sched_fsgsbase, sched_xsave;
uint64_t sched_xsave_size;

struct sched_config sched_config = {
	.idle_poll = false,
	.slice_ns = 10 * 1000 * 1000,
	/* About what halting and being woken by an IPI cost under PVM with the kernel-call fast path. */
	.idle_spin_ns = 100 * 1000,
};

/*
 * A woken thread waits behind the running one at most this long (unless
 * the running one blocks first): a timed wait's lateness, a condition
 * variable's wake-up latency on a busy CPU.
 */
#define SCHED_WAKE_GRAN_NS 500000
/* How long a switch waits for the next thread's old CPU to finish saving it (~10 µs). */
#define SCHED_ON_CPU_SPINS 1000

static uint64_t sched_slice_tsc, sched_idle_spin_tsc, sched_wake_gran_tsc;

static struct sched_cpu *sched_here(void)
{
	return &sched_cpus[this_cpu()->id];
}

static unsigned sched_id(const struct sched_cpu *sc)
{
	return (unsigned)(sc - sched_cpus);
}

static bool sched_has_queued(struct sched_cpu *sc)
{
	return sc->priv_head || runq_len(&sc->runq) || !mpsc_empty(&sc->inbox);
}

bool sched_cpu_busy(void)
{
	return sched_ready && sched_has_queued(sched_here());
}

static void sched_slice_end(void *arg)
{
	struct sched_cpu *sc = arg;
	sc->slice_armed = false;
	if (sc->current->is_idle || !sched_has_queued(sc))
		return; /* one thread (or none): no ticks */
	uint64_t end = sc->slice_start + (sc->wake_preempt ? sched_wake_gran_tsc : sched_slice_tsc);
	if (rdtsc() >= end) {
		sc->need_resched = true;
	} else {
		sc->slice_armed = true;
		timer_add(&sc->slice_timer, end);
	}
}

/* There is more than one thread to run here: make sure the current one's slice will end. */
static void sched_arm_slice(struct sched_cpu *sc)
{
	if (sc->slice_armed || sc->current->is_idle)
		return;
	sc->slice_armed = true;
	timer_add(&sc->slice_timer, sc->slice_start + sched_slice_tsc);
}

/*
 * A thread arrived (woken, new or handed over) behind the running one.
 * Urgent (its timeout expired), or the running one has had its
 * SCHED_WAKE_GRAN_NS: switch at the next chance. Otherwise, where a kernel
 * call to arm the timer is worth it (allow_arm: we came from an interrupt
 * anyway), end the running one's turn when it has had that long. A local
 * wake-up by a running thread does not arm: the waker usually blocks soon
 * (ping-pong on one core), and arming would cost more than the switch.
 */
static void sched_wake_preempt(struct sched_cpu *sc, bool urgent, bool allow_arm)
{
	if (sc->current->is_idle)
		return;
	uint64_t at = sc->slice_start + sched_wake_gran_tsc;
	if (urgent || rdtsc() >= at) {
		sc->need_resched = true;
		this_cpu()->sched_pending = 1; /* preempt_enable acts on it */
		return;
	}
	if (allow_arm && (!sc->slice_armed || sc->slice_timer.deadline > at)) {
		sc->wake_preempt = true;
		sc->slice_armed = true;
		timer_add(&sc->slice_timer, at);
	}
}

static void sched_kick(unsigned cpu)
{
	apic_send(cpus[cpu].apic_id, APIC_ICR_FIXED | APIC_VEC_WAKE);
}

/* Owner, preemption off: t is runnable here from now. */
static void sched_enqueue_local(struct sched_cpu *sc, struct thread *t)
{
	unsigned me = sched_id(sc);
	/* A timed park's timer lives in this CPU's queue: gone before t can move on. */
	if (t->park_timer.queued)
		timer_cancel(&t->park_timer);
	atomic_store_explicit(&t->cpu, me, memory_order_relaxed);
	atomic_store_explicit(&t->enq_seq, ++sc->enq_seq, memory_order_relaxed);
	if (atomic_load_explicit(&t->restricted, memory_order_relaxed) || !runq_push(&sc->runq, t)) {
		t->next = NULL;
		if (sc->priv_tail)
			sc->priv_tail->next = t;
		else
			sc->priv_head = t;
		sc->priv_tail = t;
	}
}

/* Any CPU: hands t to cpu (not the caller's) and wakes it if it needs waking. */
static void sched_push_remote(struct thread *t, unsigned cpu)
{
	struct sched_cpu *sc = &sched_cpus[cpu];
	atomic_fetch_add_explicit(&sc->load, 1, memory_order_relaxed);
	bool first = mpsc_push(&sc->inbox, &t->inbox);
	/*
	 * Pairs with the fence in sched_idle_wait: either the owner sees the
	 * push before it halts, or we see it halted and interrupt it.
	 */
	atomic_thread_fence(memory_order_seq_cst);
	int st = atomic_load_explicit(&sc->idle_state, memory_order_relaxed);
	if (st == SCHED_HALTED || (st == SCHED_BUSY && first))
		sched_kick(cpu);
}

/* Takes what other CPUs handed over into the local queues; returns whether there was any. */
static bool sched_drain(struct sched_cpu *sc)
{
	if (mpsc_empty(&sc->inbox))
		return false;
	struct mpsc_node *n = mpsc_take_all(&sc->inbox);
	while (n) {
		struct mpsc_node *next = n->next;
		struct thread *t = (struct thread *)((char *)n - offsetof(struct thread, inbox));
		sched_enqueue_local(sc, t);
		n = next;
	}
	return true;
}

static bool sched_allowed(const struct thread *t, unsigned cpu)
{
	return cpumask_has(&t->affinity, cpu);
}

unsigned sched_pick_cpu(const struct cpumask *allowed)
{
	unsigned n = cpu_count, me = this_cpu()->id, best = me;
	int best_load = INT32_MAX;
	for (unsigned i = 1; i <= n; i++) {
		unsigned c = (me + i) % n;
		if (allowed && !cpumask_has(allowed, c))
			continue;
		int load = atomic_load_explicit(&sched_cpus[c].load, memory_order_relaxed);
		if (load < best_load) {
			best_load = load;
			best = c;
		}
	}
	return best;
}

/* Owner, preemption off: the next thread to run here, oldest first; NULL if none. */
static struct thread *sched_pick(struct sched_cpu *sc)
{
	unsigned me = sched_id(sc);
	for (;;) {
		struct thread *p = sc->priv_head, *t;
		struct thread *r = runq_peek(&sc->runq);
		if (p && (!r || atomic_load_explicit(&p->enq_seq, memory_order_relaxed) <
					atomic_load_explicit(&r->enq_seq, memory_order_relaxed))) {
			sc->priv_head = p->next;
			if (!sc->priv_head)
				sc->priv_tail = NULL;
			t = p;
		} else {
			t = runq_pop(&sc->runq);
			if (!t && p)
				continue; /* a thief emptied the ring meanwhile */
			if (!t)
				return NULL;
		}
		if (sched_allowed(t, me))
			return t;
		/* Its affinity changed while it waited: to a CPU it may use. */
		atomic_fetch_sub_explicit(&sc->load, 1, memory_order_relaxed);
		sched_push_remote(t, sched_pick_cpu(&t->affinity));
	}
}

/* An idle CPU takes a runnable thread from a busy one. */
static struct thread *sched_steal(struct sched_cpu *sc)
{
	unsigned n = cpu_count, me = sched_id(sc);
	for (unsigned i = 1; i < n; i++) {
		struct sched_cpu *v = &sched_cpus[(me + i) % n];
		if (!runq_len(&v->runq))
			continue;
		struct thread *t = runq_steal(&v->runq);
		if (!t)
			continue;
		atomic_fetch_sub_explicit(&v->load, 1, memory_order_relaxed);
		if (!sched_allowed(t, me)) {
			sched_push_remote(t, sched_pick_cpu(&t->affinity));
			continue;
		}
		atomic_fetch_add_explicit(&sc->load, 1, memory_order_relaxed);
		atomic_store_explicit(&t->cpu, me, memory_order_relaxed);
		return t;
	}
	return NULL;
}

static bool sched_steal_possible(struct sched_cpu *sc)
{
	unsigned n = cpu_count, me = sched_id(sc);
	for (unsigned i = 1; i < n; i++)
		if (runq_len(&sched_cpus[(me + i) % n].runq))
			return true;
	return false;
}

/* After a switch, on whatever CPU the resumed thread now runs: free what the last one left. */
void sched_after_switch(void)
{
	struct sched_cpu *sc = sched_here();
	struct thread *dead = sc->dead;
	if (dead) {
		sc->dead = NULL;
		thread_free(dead);
	}
}

/* Preemption off at depth 1: runs next instead of prev (the caller), returns when prev runs again. */
static void sched_switch_to(struct sched_cpu *sc, struct thread *prev, struct thread *next)
{
	if (this_cpu()->preempt_off != 1)
		panic("sched: a thread blocks or yields with preemption off (depth %u)",
		      this_cpu()->preempt_off);
	if (next == prev) {
		/*
		 * Woken before it could leave: another CPU handed it back to us
		 * while it was parking, and it was next in line. It goes on.
		 */
		atomic_store_explicit(&sc->idle_state, SCHED_BUSY, memory_order_relaxed);
		return;
	}
	/*
	 * Its last CPU may still be saving it: wait until its context is whole.
	 * That CPU may in turn be waiting for prev (two threads handed across
	 * between two CPUs at once, each CPU switching to the other's): so a
	 * thread waits only briefly, then puts next back and lets its idle
	 * loop, which no other CPU can be waiting for, take next later.
	 */
	for (unsigned spins = 0; atomic_load_explicit(&next->on_cpu, memory_order_acquire);
	     spins++) {
		if (!prev->is_idle && spins > SCHED_ON_CPU_SPINS) {
			sched_enqueue_local(sc, next);
			next = sc->idle;
			break;
		}
		cpu_relax();
	}
	atomic_store_explicit(&next->on_cpu, 1, memory_order_relaxed);
	atomic_store_explicit(&next->cpu, sched_id(sc), memory_order_relaxed);
	sc->current = next;
	sc->slice_start = rdtsc();
	sc->wake_preempt = false;
	atomic_store_explicit(&sc->idle_state, next->is_idle ? SCHED_SPINNING : SCHED_BUSY,
			      memory_order_relaxed);
	if (!next->is_idle && sched_has_queued(sc))
		sched_arm_slice(sc);
	sched_switch(&prev->rsp, next->rsp, &prev->on_cpu, next->fs_base);
	sched_after_switch();
}

void thread_yield(void)
{
	if (!sched_ready)
		return;
	preempt_disable();
	struct sched_cpu *sc = sched_here();
	sched_drain(sc);
	struct thread *prev = sc->current, *next = sched_pick(sc);
	if (next) {
		sched_enqueue_local(sc, prev);
		sched_switch_to(sc, prev, next);
	}
	preempt_enable();
}

/* Any CPU: makes cpu look at its running thread soon (its affinity changed). */
void sched_kick_cpu(unsigned cpu)
{
	if (cpu != this_cpu()->id)
		sched_kick(cpu);
}

/* Preemption off at depth 1; the caller is committed to sleep (parked, exiting, moving). */
static void sched_leave(struct sched_cpu *sc, struct thread *prev)
{
	atomic_fetch_sub_explicit(&sc->load, 1, memory_order_relaxed);
	sched_drain(sc);
	struct thread *next = sched_pick(sc);
	sched_switch_to(sc, prev, next ? next : sc->idle);
}

void sched_block(void)
{
	struct sched_cpu *sc = sched_here();
	sched_leave(sc, sc->current);
}

_Noreturn void sched_exit_current(void)
{
	struct sched_cpu *sc = sched_here();
	struct thread *self = sc->current;
	if (atomic_load(&self->join) == JOIN_DETACHED)
		sc->dead = self; /* the next thread here frees it, off its stack */
	sched_leave(sc, self);
	panic("sched: an ended thread ran again");
}

void sched_migrate_self(void)
{
	preempt_disable();
	struct sched_cpu *sc = sched_here();
	struct thread *self = sc->current;
	unsigned to = sched_pick_cpu(&self->affinity);
	if (to != sched_id(sc)) {
		atomic_fetch_sub_explicit(&sc->load, 1, memory_order_relaxed);
		sched_push_remote(self, to); /* runs there once our switch below saved us */
		atomic_fetch_add_explicit(&sc->load, 1, memory_order_relaxed);
		sched_leave(sc, self);
	}
	preempt_enable();
}

/*
 * Preemption off: t runs on CPU to from now, queued here (sc is the
 * caller's CPU) or handed over. Returns whether it was queued here.
 */
static bool sched_hand_to(struct sched_cpu *sc, struct thread *t, unsigned to)
{
	if (to != sched_id(sc)) {
		sched_push_remote(t, to);
		return false;
	}
	atomic_fetch_add_explicit(&sc->load, 1, memory_order_relaxed);
	sched_enqueue_local(sc, t);
	sched_arm_slice(sc);
	return true;
}

void sched_make_runnable(struct thread *t, bool urgent)
{
	preempt_disable();
	struct sched_cpu *sc = sched_here();
	unsigned me = sched_id(sc);
	unsigned to = atomic_load_explicit(&t->cpu, memory_order_relaxed);
	if (t->park_timer.queued) {
		/* Its timeout is in to's timer queue, which only to may touch: back there. */
	} else if (!sched_allowed(t, to)) {
		to = sched_pick_cpu(&t->affinity);
	} else if (to != me && !atomic_load_explicit(&t->restricted, memory_order_relaxed) &&
		   atomic_load_explicit(&sched_cpus[to].idle_state, memory_order_relaxed) ==
			   SCHED_BUSY) {
		/* Its CPU is busy: an idle one runs it sooner. */
		for (unsigned i = 0; i < cpu_count; i++)
			if (i != me && atomic_load_explicit(&sched_cpus[i].idle_state,
							    memory_order_relaxed) != SCHED_BUSY) {
				to = i;
				break;
			}
	}
	if (sched_hand_to(sc, t, to))
		sched_wake_preempt(sc, urgent, false);
	preempt_enable();
}

void sched_enqueue_new(struct thread *t)
{
	unsigned to = atomic_load_explicit(&t->cpu, memory_order_relaxed);
	preempt_disable();
	sched_hand_to(sched_here(), t, to);
	preempt_enable();
}

/*
 * What interrupts asked for, in ring 3 with preemption allowed: expired
 * timers, threads handed over, the end of a slice. From sched_interrupt and
 * from preempt_enable when an interrupt came while preemption was off.
 */
void sched_pending_run(void)
{
	if (!atomic_load_explicit(&sched_ready, memory_order_relaxed) || cpu_in_ring0())
		return;
	for (;;) {
		struct cpu *c = this_cpu();
		if (c->preempt_off)
			return;
		preempt_disable();
		c->sched_pending = 0;
		struct sched_cpu *sc = sched_here();
		if (sc->current->is_idle) {
			/* The idle loop looks at everything itself. */
			preempt_enable_no_resched();
			return;
		}
		timer_run_expired();
		if (!sched_allowed(sc->current, sched_id(sc))) {
			/* Its affinity changed (thread_set_affinity kicked us): to a CPU it may use. */
			struct thread *prev = sc->current;
			sched_push_remote(prev, sched_pick_cpu(&prev->affinity));
			sched_leave(sc, prev);
		} else {
			if (sched_drain(sc))
				sched_wake_preempt(sc, false, true);
			if (sched_has_queued(sc))
				sched_arm_slice(sc);
			if (sc->need_resched) {
				sc->need_resched = false;
				struct thread *prev = sc->current, *next = sched_pick(sc);
				if (next) {
					sched_enqueue_local(sc, prev);
					sched_switch_to(sc, prev, next);
				}
			}
		}
		/* An interrupt that came while we switched is not lost: go round again. */
		preempt_enable_no_resched();
		if (!this_cpu()->sched_pending)
			return;
	}
}

/* From sched_irq_entry: a timer or wake-up interrupt came while this thread ran in ring 3. */
void sched_interrupt(void)
{
	struct cpu *c = this_cpu();
	if (c->preempt_off) {
		c->sched_pending = 1; /* preempt_enable looks at it */
		return;
	}
	sched_pending_run();
}

/* Idle: spin a while watching for work, then halt until an interrupt says there is some. */
static void sched_idle_wait(struct sched_cpu *sc, uint64_t seen)
{
	struct cpu *c = this_cpu();
	uint64_t end = rdtsc() + sched_idle_spin_tsc;
	atomic_store_explicit(&sc->idle_state, SCHED_SPINNING, memory_order_relaxed);
	for (unsigned i = 0; sched_config.idle_poll || rdtsc() < end; i++) {
		if (!mpsc_empty(&sc->inbox) || atomic_load(&c->wake_seq) != seen || smp_work_pending())
			return;
		if ((i & 63) == 0 && sched_steal_possible(sc))
			return;
		cpu_relax();
	}
	malloc_cpu_idle(); /* cached free memory back while nothing runs here */
	atomic_store_explicit(&sc->idle_state, SCHED_HALTED, memory_order_relaxed);
	/* Pairs with sched_push_remote's fence (Dekker): a push is seen here, or we get an IPI. */
	atomic_thread_fence(memory_order_seq_cst);
	if (mpsc_empty(&sc->inbox) && !smp_work_pending())
		apic_idle(&c->wake_seq, seen); /* returns at once if an interrupt came since `seen` */
	atomic_store_explicit(&sc->idle_state, SCHED_SPINNING, memory_order_relaxed);
}

_Noreturn void sched_idle_loop(void)
{
	for (;;) {
		struct cpu *c = this_cpu();
		struct sched_cpu *sc = sched_here();
		/*
		 * Read before looking at the timers: a timer interrupt after the
		 * look moves it, and the wait below returns at once instead of
		 * halting with the timer spent.
		 */
		uint64_t seen = atomic_load(&c->wake_seq);
		c->sched_pending = 0;
		preempt_disable();
		timer_run_expired();
		sched_drain(sc);
		struct thread *next = sched_pick(sc);
		if (!next)
			next = sched_steal(sc);
		if (next) {
			sched_switch_to(sc, sc->idle, next);
			preempt_enable_no_resched();
			continue;
		}
		preempt_enable_no_resched();
		if (smp_serve())
			continue; /* eremit_cpu_run work, pings */
		sched_idle_wait(sc, seen);
	}
}

static void sched_idle_main(void)
{
	sched_idle_loop();
}

/* This CPU's scheduler starts with idle (the code that calls this) as its current thread. */
void sched_cpu_start(struct thread *idle)
{
	struct cpu *c = this_cpu();
	struct sched_cpu *sc = &sched_cpus[c->id];
	idle->is_idle = true;
	atomic_store(&idle->cpu, c->id);
	atomic_store(&idle->on_cpu, 1);
	sc->idle = idle;
	sc->current = idle;
	atomic_store(&sc->idle_state, SCHED_SPINNING);
	c->sched_on = 1;
}

static _Noreturn void sched_bad_config(const char *fmt, const char *value)
{
	fprintf(stderr, "eremit: ");
	fprintf(stderr, fmt, value);
	fprintf(stderr, "\n");
	exit(2);
}

void sched_ap_start(void)
{
	sched_cpu_start(thread_alloc_bare());
}

static void sched_config_init(void)
{
	sched_slice_tsc = clock_ns_to_tsc(sched_config.slice_ns);
	sched_idle_spin_tsc = clock_ns_to_tsc(sched_config.idle_spin_ns);
}

/* Reads EREMIT_IDLE (halt|poll) and EREMIT_SLICE_US from the environment; bad values end the run. */
void sched_configure(void)
{
	const char *idle = getenv("EREMIT_IDLE"), *slice = getenv("EREMIT_SLICE_US");
	if (idle) {
		if (!strcmp(idle, "poll"))
			sched_config.idle_poll = true;
		else if (!strcmp(idle, "halt"))
			sched_config.idle_poll = false;
		else
			sched_bad_config("EREMIT_IDLE must be 'halt' or 'poll', not '%s'", idle);
	}
	if (slice) {
		char *end;
		unsigned long us = strtoul(slice, &end, 10);
		if (!*slice || *end || us < 100 || us > 10000000)
			sched_bad_config("EREMIT_SLICE_US must be a number of microseconds from 100 "
					 "to 10000000, not '%s'",
					 slice);
		sched_config.slice_ns = us * 1000;
	}
	sched_config_init();
	klog("sched: %s when idle, %lu us time slice\n",
	     sched_config.idle_poll ? "poll" : "halt", (unsigned long)(sched_config.slice_ns / 1000));
}

void sched_init(struct thread *main_thread)
{
	sched_fsgsbase = arch_features.fsgsbase;
	sched_xsave = arch_features.xsave;
	if (sched_xsave) {
		/* Leaf 0xd, subleaf 0, EBX: the XSAVE area for the features XCR0 enables now. */
		uint64_t size = cpuid(X86_CPUID_XSAVE, 0).ebx;
		sched_xsave_size = (size + 63) & ~63ull;
	} else {
		sched_xsave_size = 512;
	}
	sched_config_init();
	sched_wake_gran_tsc = clock_ns_to_tsc(SCHED_WAKE_GRAN_NS);
	for (unsigned i = 0; i < CPU_MAX; i++)
		sched_cpus[i].slice_timer = (struct timer)TIMER_INIT(sched_slice_end, &sched_cpus[i]);
	struct sched_cpu *sc = &sched_cpus[0];
	struct thread *idle = thread_new_idle(sched_idle_main);
	if (!idle)
		panic("sched: no memory for the boot CPU's idle thread");
	sc->idle = idle;
	idle->is_idle = true;
	atomic_store(&idle->cpu, 0);
	atomic_store(&main_thread->cpu, 0);
	atomic_store(&main_thread->on_cpu, 1);
	atomic_store(&sc->load, 1);
	sc->current = main_thread;
	sc->slice_start = rdtsc();
	atomic_store(&sc->idle_state, SCHED_BUSY);
	atomic_store(&sched_ready, 1);
	cpus[0].sched_on = 1;
}
