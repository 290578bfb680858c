/* SPDX-License-Identifier: MIT */
/* Inside threads and the scheduler: struct thread, each CPU's queues. */
#ifndef RUNTIME_THREAD_IMPL_H
#define RUNTIME_THREAD_IMPL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "kernel/timer.h"
#include "runtime/thread.h"
#include "smp/mpsc.h"
#include "smp/runq.h"

/* thread.park: the parking protocol (thread_park / thread_unpark). */
enum { PARK_EMPTY = 0, PARK_PARKED = 1, PARK_NOTIFIED = 2 };

/* thread.join: who frees a thread that ended. */
enum { JOIN_JOINABLE = 0, JOIN_DETACHED, JOIN_JOINING, JOIN_EXITED };

struct thread {
	uint64_t rsp; /* saved stack pointer while switched out (sched_switch) */
	/*
	 * 1 from when a CPU starts running the thread until its context is
	 * saved after it stopped: no other CPU may resume it before, nor free it.
	 */
	_Atomic uint32_t on_cpu;
	_Atomic uint32_t park;	   /* PARK_* */
	_Atomic uint32_t join;	   /* JOIN_*, also the futex joiners wait on */
	_Atomic uint32_t cpu;	   /* the CPU it runs or last ran on, or is queued on */
	uint64_t fs_base;	   /* its thread pointer */
	struct mpsc_node inbox;	   /* link in another CPU's inbox */
	struct thread *next;	   /* link in its CPU's private queue */
	_Atomic uint64_t enq_seq;  /* when it was queued on its CPU: FIFO across the two queues */
	struct cpumask affinity;
	/* Affinity excludes an online CPU: never in a stealable queue. */
	_Atomic bool restricted;
	bool is_idle;		   /* a CPU's idle loop, never queued */
	uint32_t id;
	struct _reent *reent;
	void *(*fn)(void *);
	void *arg;
	void *ret;
	/* What thread_create allocated (NULL for main and the idle loops). */
	void *tls_mem;
	uintptr_t stack_base; /* lowest address, the guard page */
	size_t stack_size;    /* with the guard page */
	struct timer park_timer; /* a timed park's timeout, on the CPU it parked on */
	_Atomic bool timed_out;
	void *tsd[THREAD_KEYS_MAX];
};

/* One per CPU, owned by it: touched by others only through the atomics marked. */
struct sched_cpu {
	struct runq runq;  /* others steal from its head */
	struct mpsc inbox; /* others push new and woken threads */
	/* Threads only this CPU may run (affinity), and the runq's overflow. */
	struct thread *priv_head, *priv_tail;
	struct thread *current;
	struct thread *idle;
	struct thread *dead; /* a detached thread that ended: freed after the switch away from it */
	uint64_t enq_seq;
	/* Others read: threads running, queued or on their way here, for placement. */
	_Atomic int load;
	/*
	 * Others read: SCHED_BUSY running a thread, SCHED_SPINNING idle and
	 * looking at its inbox, SCHED_HALTED idle and needing an IPI.
	 */
	_Atomic int idle_state;
	bool need_resched;
	bool slice_armed;
	bool wake_preempt; /* the slice timer ends the turn early for a woken thread */
	uint64_t slice_start; /* TSC when current began its slice */
	struct timer slice_timer;
} __attribute__((aligned(CPU_CACHE_LINE)));

enum { SCHED_BUSY = 0, SCHED_SPINNING, SCHED_HALTED };

extern struct sched_cpu sched_cpus[CPU_MAX];
extern _Atomic uint32_t sched_ready; /* threads exist: thread_self() is valid */

/* sched.c */
void sched_init(struct thread *main_thread);
_Noreturn void sched_idle_loop(void);
void sched_cpu_start(struct thread *idle);
void sched_enqueue_new(struct thread *t);
_Noreturn void sched_exit_current(void);
void sched_block(void);
void sched_make_runnable(struct thread *t, bool urgent);
void sched_migrate_self(void);
/* The least loaded online CPU in allowed (NULL: any). */
unsigned sched_pick_cpu(const struct cpumask *allowed);
void sched_after_switch(void); /* frees what the thread switched away from left behind */
bool sched_cpu_busy(void);
void sched_kick_cpu(unsigned cpu);   /* this CPU has another runnable thread */

/* sched_switch.S */
void sched_switch(uint64_t *save_rsp, uint64_t next_rsp, _Atomic uint32_t *prev_on_cpu,
		  uint64_t next_fs);
void sched_thread_entry(void);
extern uint8_t sched_fsgsbase, sched_xsave;
extern uint64_t sched_xsave_size;

/* thread.c */
_Noreturn void thread_start(struct thread *t);
void thread_free(struct thread *t);
struct thread *thread_alloc_bare(void);
struct thread *thread_new_idle(void (*fn)(void));
void thread_set_tp(struct thread *t, uintptr_t tp);

#endif /* RUNTIME_THREAD_IMPL_H */
