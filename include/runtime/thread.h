/* SPDX-License-Identifier: MIT */
/* Threads and the per-core scheduler: what the POSIX layer and the rest of the runtime use. */
#ifndef RUNTIME_THREAD_H
#define RUNTIME_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "smp/percpu.h"

/* A set of CPUs (index = CPU id, as in eremit_cpu_id()). */
struct cpumask {
	uint64_t bits[CPU_MAX / 64];
};

static inline void cpumask_clear(struct cpumask *m)
{
	for (unsigned i = 0; i < CPU_MAX / 64; i++)
		m->bits[i] = 0;
}
static inline void cpumask_set(struct cpumask *m, unsigned cpu)
{
	m->bits[cpu / 64] |= 1ull << (cpu % 64);
}
static inline bool cpumask_has(const struct cpumask *m, unsigned cpu)
{
	return cpu < CPU_MAX && (m->bits[cpu / 64] >> (cpu % 64)) & 1;
}

#define THREAD_STACK_DEFAULT (1024 * 1024) /* pthread default: physical memory, not lazy */
#define THREAD_STACK_MIN     (16 * 1024)
#define THREAD_KEYS_MAX	     256 /* PTHREAD_KEYS_MAX */

struct thread;

struct thread_attr {
	size_t stack_size;		/* 0: THREAD_STACK_DEFAULT; rounded up to 4 KiB */
	bool detached;			/* nobody joins: resources go at exit */
	const struct cpumask *affinity; /* NULL: any online CPU */
	/*
	 * When set, receives the thread's address before the thread can run:
	 * a pthread_t, which the new thread may read at once from where its
	 * creator asked it stored (libgomp's team start does, as glibc
	 * allows).
	 */
	unsigned long *handle;
};

/*
 * Starts fn(arg) in a new thread: its own stack with an unmapped guard page
 * below, TLS, newlib state, placed on the least loaded CPU its affinity
 * allows. 0, or -EINVAL (bad attributes, affinity without an online CPU),
 * -EAGAIN / -ENOMEM (no memory for the stack or the thread).
 */
int thread_create(struct thread **out, const struct thread_attr *attr, void *(*fn)(void *),
		  void *arg);

/* Ends the calling thread with value ret (what a join returns); runs thread_exit_hook first. */
_Noreturn void thread_exit(void *ret);

/*
 * Waits until t ended and frees it; its value goes to *ret (if ret).
 * 0, -EDEADLK (t is the caller), -EINVAL (t detached or already joined).
 */
int thread_join(struct thread *t, void **ret);

/* t's resources go when it ends (at once if it has). 0 or -EINVAL (already detached). */
int thread_detach(struct thread *t);

/* The calling thread (also for main and for the code an AP runs through eremit_cpu_run). */
static inline struct thread *thread_self(void)
{
	struct thread *t;
	/* The TCB's second word (runtime/tls.c): one load, right on whatever CPU we are. */
	__asm__("movq %%fs:8, %0" : "=r"(t));
	return t;
}

/* A small number unique among live threads (1 = main), for diagnostics and lock owners. */
uint32_t thread_id(const struct thread *t);

/* Lets other runnable threads of this CPU run first. */
void thread_yield(void);

/*
 * Affinity. thread_set_affinity moves t (the caller included, before it
 * returns) to a CPU of m when its current one is not in m.
 * -EINVAL when m has no online CPU.
 */
int thread_set_affinity(struct thread *t, const struct cpumask *m);
void thread_get_affinity(const struct thread *t, struct cpumask *m);

/* The CPU the caller runs on (it may move right after, unless pinned). */
unsigned thread_cpu(void);

/* t's thread-specific data: THREAD_KEYS_MAX slots, NULL at creation (pthread keys). */
void **thread_tsd(struct thread *t);

/*
 * Called in the exiting thread by thread_exit before anything is torn down:
 * cancellation clean-up handlers and key destructors (runtime/pthread_*.c).
 */
void thread_exit_hook(void);

/*
 * Blocking, for futexes and everything built on them. thread_park blocks
 * the caller until some thread_unpark(self) (returns at once if one came
 * since the last park: a wake-up is never lost), or until the TSC reaches
 * deadline (0: none). Returns false on timeout. Spurious returns are
 * possible: callers re-check their condition.
 */
bool thread_park(uint64_t deadline_tsc);
/*
 * Whether the caller is a thread that can be switched away from: not a
 * CPU's idle loop (nor work it runs for eremit_cpu_run), nor code from
 * before the scheduler. Others park by polling.
 */
bool thread_can_block(void);
void thread_unpark(struct thread *t);

/* smp/smp.c: an AP's boot flow becomes its idle thread, then runs the idle loop for good. */
void sched_ap_start(void);
/* runtime/start.c: the boot flow becomes the main thread; then the settings from environ. */
void thread_init_main(void);
void sched_configure(void);
_Noreturn void sched_idle_loop(void);

/* Scheduler settings (runtime/sched.c), from the kernel command line / environment. */
struct sched_config {
	bool idle_poll;		/* idle CPUs poll instead of halting (EREMIT_IDLE=poll) */
	uint64_t slice_ns;	/* time slice when a CPU has more than one runnable thread */
	uint64_t idle_spin_ns;	/* spin this long before halting */
};
extern struct sched_config sched_config;

#endif /* RUNTIME_THREAD_H */
