// SPDX-License-Identifier: MIT
/* Threads: creation with a guarded stack, TLS and newlib state; exit, join, detach; parking. */
#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/arch.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/paging.h"
#include "kernel/pmem.h"
#include "kernel/trap.h"
#include "runtime/futex.h"
#include "runtime/runtime.h"
#include "smp/preempt.h"
#include "smp/spinlock.h"
#include "thread_impl.h"

/*
 * A thread's memory is one piece from the frame allocator, on the NUMA
 * node of the CPU it is placed on:
 *
 *   base: guard page (unmapped) | stack, growing down | struct thread | _reent | TLS
 *
 * Memory is physical and mapped once (no demand paging), so stacks are
 * real memory: the default is 1 MiB, not Linux's 8 MiB of address space.
 * Making a guard page costs a kernel call (a TLB flush), so pieces of
 * threads that ended are kept per node and size for the next thread, with
 * their guard pages still unmapped.
 */
#define THREAD_CACHE_MAX 128 /* pieces kept per node */
#define THREAD_IDLE_STACK (64 * 1024)

struct thread_piece {
	struct thread_piece *next;
	size_t size;
};

static struct {
	struct spinlock lock;
	struct thread_piece *head;
	unsigned count;
} thread_cache[EREMIT_MAX_NODES];

static _Atomic uint32_t thread_next_id = 1;
static _Atomic uint32_t thread_live = 1; /* main */
static _Atomic uint32_t thread_main_exited;
static struct thread *thread_main;

static size_t thread_meta_size(void)
{
	return paging_align_up(sizeof(struct thread) + 64 + sizeof(struct _reent) + 64 +
				       tls_block_size(),
			       PAGE_SIZE);
}

/* Gives every cached piece back to the frame allocator; returns whether there was any. */
static bool thread_cache_flush(void)
{
	bool any = false;
	for (unsigned n = 0; n < EREMIT_MAX_NODES; n++) {
		spin_lock(&thread_cache[n].lock);
		struct thread_piece *p = thread_cache[n].head;
		thread_cache[n].head = NULL;
		thread_cache[n].count = 0;
		spin_unlock(&thread_cache[n].lock);
		while (p) {
			struct thread_piece *next = p->next;
			uintptr_t base = (uintptr_t)p - PAGE_SIZE;
			size_t size = p->size;
			paging_unguard_page(base);
			pmem_free(base, size);
			any = true;
			p = next;
		}
	}
	return any;
}

static uintptr_t thread_piece_get(size_t size, unsigned node)
{
	if (node < EREMIT_MAX_NODES) {
		spin_lock(&thread_cache[node].lock);
		struct thread_piece **pp = &thread_cache[node].head;
		for (; *pp; pp = &(*pp)->next)
			if ((*pp)->size == size) {
				struct thread_piece *p = *pp;
				*pp = p->next;
				thread_cache[node].count--;
				spin_unlock(&thread_cache[node].lock);
				return (uintptr_t)p - PAGE_SIZE;
			}
		spin_unlock(&thread_cache[node].lock);
	}
	uintptr_t base = (uintptr_t)pmem_alloc(size, PAGE_SIZE, (int)node, 0);
	if (!base && thread_cache_flush()) /* the cache may hold what a big stack needs */
		base = (uintptr_t)pmem_alloc(size, PAGE_SIZE, (int)node, 0);
	if (base)
		paging_guard_page(base);
	return base;
}

static void thread_piece_put(uintptr_t base, size_t size)
{
	int node = pmem_node_of(base);
	if (node >= 0 && node < EREMIT_MAX_NODES) {
		spin_lock(&thread_cache[node].lock);
		if (thread_cache[node].count < THREAD_CACHE_MAX) {
			/* The link lives just above the guard page. */
			struct thread_piece *p = (struct thread_piece *)(base + PAGE_SIZE);
			p->size = size;
			p->next = thread_cache[node].head;
			thread_cache[node].head = p;
			thread_cache[node].count++;
			spin_unlock(&thread_cache[node].lock);
			return;
		}
		spin_unlock(&thread_cache[node].lock);
	}
	paging_unguard_page(base);
	pmem_free(base, size);
}

void thread_set_tp(struct thread *t, uintptr_t tp)
{
	t->fs_base = tp;
	((uintptr_t *)tp)[1] = (uintptr_t)t; /* thread_self() reads %fs:8 */
}

static void thread_fields_init(struct thread *t)
{
	memset(t, 0, sizeof(*t));
	t->id = atomic_fetch_add(&thread_next_id, 1);
	for (unsigned c = 0; c < boot_params.ncpus; c++)
		cpumask_set(&t->affinity, c);
	t->park_timer = (struct timer)TIMER_INIT(NULL, NULL);
}

/*
 * A thread in its own piece of memory, stack_size bytes of stack on node,
 * whose first switch-in calls fn(arg) through thread_start. NULL without
 * memory.
 */
static struct thread *thread_build(size_t stack_size, unsigned node, void *(*fn)(void *), void *arg)
{
	size_t size = PAGE_SIZE + stack_size + thread_meta_size();
	uintptr_t base = thread_piece_get(size, node);
	if (!base)
		return NULL;
	uintptr_t stack_top = base + PAGE_SIZE + stack_size;
	struct thread *t = (struct thread *)stack_top;
	thread_fields_init(t);
	t->stack_base = base;
	t->stack_size = size;
	t->fn = fn;
	t->arg = arg;
	t->reent = (struct _reent *)paging_align_up(stack_top + sizeof(*t), 64);
	_REENT_INIT_PTR(t->reent);
	void *tls = (void *)paging_align_up((uintptr_t)t->reent + sizeof(struct _reent), 64);
	thread_set_tp(t, tls_setup(tls));

	/* What sched_switch pops: MXCSR and x87 control word, six registers, the entry. */
	uint64_t *sp = (uint64_t *)stack_top;
	*--sp = (uintptr_t)sched_thread_entry;
	*--sp = 0;		/* rbp */
	*--sp = 0;		/* rbx */
	*--sp = (uintptr_t)t;	/* r12: the thread, for sched_thread_entry */
	*--sp = 0;		/* r13 */
	*--sp = 0;		/* r14 */
	*--sp = 0;		/* r15 */
	*--sp = 0x1f80 | (uint64_t)0x037f << 32; /* defaults: SIMD exceptions masked, x87 extended */
	t->rsp = (uintptr_t)sp;
	return t;
}

void thread_free(struct thread *t)
{
	if (!t->stack_base)
		panic("thread: freeing thread %u, which has no memory of its own", t->id);
	if (t->reent && t->reent != _impure_ptr)
		_reclaim_reent(t->reent);
	thread_piece_put(t->stack_base, t->stack_size);
}

/*
 * The code running now becomes a thread, with the TLS block already
 * installed (its thread pointer is %fs:0) and the newlib state given.
 */
static struct thread *thread_adopt(struct _reent *reent, const char *what)
{
	struct thread *t = memalign(64, sizeof(*t));
	if (!t)
		panic("thread: no memory for %s", what);
	thread_fields_init(t);
	t->reent = reent;
	uintptr_t tp;
	__asm__("movq %%fs:0, %0" : "=r"(tp));
	thread_set_tp(t, tp);
	return t;
}

/* The boot flow becomes the main thread: its TLS is in place already (tls_init_boot). */
void thread_init_main(void)
{
	thread_main = thread_adopt(_impure_ptr, "the main thread");
	sched_init(thread_main);
}

/* An AP's boot flow becomes its idle thread (smp/smp.c), with the TLS and reent given it. */
struct thread *thread_alloc_bare(void)
{
	return thread_adopt(this_cpu()->reent, "a CPU's idle thread");
}

struct thread *thread_new_idle(void (*fn)(void))
{
	return thread_build(THREAD_IDLE_STACK, cpus[0].node, (void *(*)(void *))(uintptr_t)fn, NULL);
}

_Noreturn void thread_start(struct thread *t)
{
	/* We come out of a switch at preemption depth 1, like every thread that resumes. */
	sched_after_switch();
	preempt_enable();
	thread_exit(t->fn(t->arg));
}

static int thread_mask_online(const struct cpumask *in, struct cpumask *out, bool *restricted)
{
	bool any = false, all = true;
	cpumask_clear(out);
	for (unsigned c = 0; c < cpu_count; c++) {
		if (cpumask_has(in, c)) {
			cpumask_set(out, c);
			any = true;
		} else {
			all = false;
		}
	}
	*restricted = !all;
	return any ? 0 : -EINVAL;
}

int thread_create(struct thread **out, const struct thread_attr *attr, void *(*fn)(void *),
		  void *arg)
{
	size_t stack = attr && attr->stack_size ? attr->stack_size : THREAD_STACK_DEFAULT;
	if (!fn || stack < THREAD_STACK_MIN)
		return -EINVAL;
	if (stack > ((size_t)1 << 40))
		return -EAGAIN;
	stack = paging_align_up(stack, PAGE_SIZE);
	struct cpumask mask;
	bool restricted = false;
	if (attr && attr->affinity && thread_mask_online(attr->affinity, &mask, &restricted))
		return -EINVAL;
	/* Placed first, so that its memory is on its CPU's node. */
	preempt_disable();
	unsigned cpu = sched_pick_cpu(attr && attr->affinity ? &mask : NULL);
	preempt_enable();
	struct thread *t = thread_build(stack, cpus[cpu].node, fn, arg);
	if (!t)
		return -EAGAIN;
	if (attr && attr->affinity) {
		t->affinity = mask;
		atomic_store(&t->restricted, restricted);
	}
	atomic_store(&t->join, attr && attr->detached ? JOIN_DETACHED : JOIN_JOINABLE);
	atomic_store(&t->cpu, cpu);
	atomic_fetch_add(&thread_live, 1);
	*out = t;
	if (attr && attr->handle)
		*attr->handle = (unsigned long)(uintptr_t)t;
	sched_enqueue_new(t);
	return 0;
}

/* Key destructors and clean-up handlers: the POSIX layer's, when it is linked. */
__attribute__((weak)) void thread_exit_hook(void)
{
}

_Noreturn void thread_exit(void *ret)
{
	struct thread *self = thread_self();
	if (self->is_idle)
		panic("thread: a CPU's idle loop called thread_exit");
	thread_exit_hook();
	self->ret = ret;
	if (atomic_fetch_sub(&thread_live, 1) == 1)
		exit(0); /* the last thread: the process ends as if main returned 0 */
	if (self == thread_main) {
		/* main's stack and TLS are the boot CPU's: it parks for good, the others go on. */
		atomic_store(&thread_main_exited, 1);
		for (;;)
			thread_park(0);
	}
	if (self->reent != _impure_ptr)
		_reclaim_reent(self->reent); /* its stdio buffers, before anyone frees the piece */
	self->reent = _impure_ptr;
	preempt_disable();
	uint32_t s = atomic_load(&self->join);
	while (s != JOIN_DETACHED) {
		if (atomic_compare_exchange_weak(&self->join, &s, JOIN_EXITED)) {
			if (s == JOIN_JOINING)
				futex_wake(&self->join, INT32_MAX);
			break;
		}
	}
	sched_exit_current();
}

/* Until t's CPU has switched away from it for good, its stack is in use. */
static void thread_wait_off_cpu(struct thread *t)
{
	while (atomic_load_explicit(&t->on_cpu, memory_order_acquire))
		cpu_relax();
}

/*
 * Claims the right to free t for a joiner (JOIN_JOINING) or for t itself
 * (JOIN_DETACHED). Returns the state claimed, JOIN_EXITED when t has ended
 * already (the caller frees it), or -EINVAL when t is main, an idle loop,
 * detached or being joined.
 */
static int thread_claim(struct thread *t, uint32_t claim)
{
	if (t == thread_main || t->is_idle)
		return -EINVAL;
	uint32_t s = atomic_load(&t->join);
	for (;;) {
		if (s == JOIN_DETACHED || s == JOIN_JOINING)
			return -EINVAL;
		if (s == JOIN_EXITED)
			return JOIN_EXITED;
		if (atomic_compare_exchange_weak(&t->join, &s, claim))
			return (int)claim;
	}
}

int thread_join(struct thread *t, void **ret)
{
	if (t == thread_self())
		return -EDEADLK;
	int r = thread_claim(t, JOIN_JOINING);
	if (r < 0)
		return r;
	uint32_t s;
	while ((s = atomic_load(&t->join)) != JOIN_EXITED)
		futex_wait(&t->join, s, 0);
	thread_wait_off_cpu(t);
	if (ret)
		*ret = t->ret;
	thread_free(t);
	return 0;
}

int thread_detach(struct thread *t)
{
	int r = thread_claim(t, JOIN_DETACHED);
	if (r == JOIN_EXITED) {
		thread_wait_off_cpu(t);
		thread_free(t);
		return 0;
	}
	return r < 0 ? r : 0;
}

uint32_t thread_id(const struct thread *t)
{
	return t->id;
}

unsigned thread_cpu(void)
{
	return this_cpu()->id;
}

void **thread_tsd(struct thread *t)
{
	return t->tsd;
}

int thread_set_affinity(struct thread *t, const struct cpumask *m)
{
	struct cpumask mask;
	bool restricted;
	if (thread_mask_online(m, &mask, &restricted))
		return -EINVAL;
	t->affinity = mask;
	atomic_store(&t->restricted, restricted);
	/*
	 * The caller moves now. Another thread running on a CPU it may no
	 * longer use is moved by that CPU, which an IPI sends into its
	 * scheduler; a queued one moves when it would run, a parked one when
	 * it is woken.
	 */
	unsigned cpu = atomic_load(&t->cpu);
	if (t == thread_self()) {
		if (!cpumask_has(&mask, thread_cpu()))
			sched_migrate_self();
	} else if (!cpumask_has(&mask, cpu) && atomic_load(&t->on_cpu)) {
		sched_kick_cpu(cpu);
	}
	return 0;
}

void thread_get_affinity(const struct thread *t, struct cpumask *m)
{
	*m = t->affinity;
}

/* Its deadline has passed: it runs next here, ahead of the thread running now. */
static void thread_park_timeout(void *arg)
{
	struct thread *t = arg;
	atomic_store(&t->timed_out, true);
	if (atomic_exchange(&t->park, PARK_NOTIFIED) == PARK_PARKED)
		sched_make_runnable(t, true);
}

bool thread_can_block(void)
{
	return this_cpu()->sched_on && !thread_self()->is_idle;
}

bool thread_park(uint64_t deadline_tsc)
{
	struct thread *self = thread_self();
	uint32_t s = PARK_NOTIFIED;
	/* A wake-up since the last park: consume it. */
	if (atomic_compare_exchange_strong(&self->park, &s, PARK_EMPTY))
		return true;
	if (deadline_tsc && rdtsc() >= deadline_tsc)
		return false;
	if (self->is_idle) {
		/*
		 * The idle loop (running eremit_cpu_run work) has nothing to
		 * switch to: it polls, with its CPU's timers, until woken. Its
		 * state stays EMPTY, so thread_unpark only leaves NOTIFIED.
		 */
		for (;;) {
			s = PARK_NOTIFIED;
			if (atomic_compare_exchange_strong(&self->park, &s, PARK_EMPTY))
				return true;
			if (deadline_tsc && rdtsc() >= deadline_tsc)
				return false;
			timer_run_expired();
			cpu_relax();
		}
	}
	preempt_disable();
	atomic_store(&self->timed_out, false);
	if (deadline_tsc) {
		self->park_timer = (struct timer)TIMER_INIT(thread_park_timeout, self);
		timer_add(&self->park_timer, deadline_tsc);
	}
	s = PARK_EMPTY;
	/*
	 * From PARKED on, the first thread_unpark makes us runnable again,
	 * exactly once; one that came first leaves NOTIFIED and we do not
	 * sleep at all.
	 */
	if (atomic_compare_exchange_strong(&self->park, &s, PARK_PARKED))
		sched_block();
	atomic_store(&self->park, PARK_EMPTY);
	/*
	 * If we slept, whoever queued us cancelled the timer on its CPU
	 * (sched_enqueue_local); if we did not, we are still on that CPU.
	 */
	if (self->park_timer.queued)
		timer_cancel(&self->park_timer);
	bool woken = !atomic_load(&self->timed_out);
	preempt_enable();
	return woken;
}

void thread_unpark(struct thread *t)
{
	if (atomic_exchange(&t->park, PARK_NOTIFIED) == PARK_PARKED)
		sched_make_runnable(t, false);
}
