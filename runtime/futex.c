// SPDX-License-Identifier: MIT
/* Futexes: waiters in a hash table of short-locked buckets, parked with thread_park. */
#include <errno.h>
#include <stdbool.h>
#include <time.h>
#include "arch/x86_64/cpu.h"
#include "kernel/clock.h"
#include "runtime/futex.h"
#include "smp/spinlock.h"
#include "thread_impl.h"

#define FUTEX_BUCKETS 512 /* a power of two */
/* Before blocking, spin this many pause loops (about 2 µs): a release that is on its way. */
#define FUTEX_SPINS 200

/* A waiter lives on its thread's stack for the duration of futex_wait. */
enum { FUTEX_QUEUED, FUTEX_WAKING, FUTEX_WOKEN };

struct futex_waiter {
	const void *addr;
	struct thread *thread;
	struct futex_waiter *next, *prev;
	/*
	 * QUEUED while in the bucket; a waker that takes it off sets WAKING,
	 * unparks the thread, then sets WOKEN. The waiter does not return (and
	 * take this struct and possibly its thread away) before WOKEN.
	 */
	_Atomic int state;
};

struct futex_bucket {
	struct spinlock lock;
	_Atomic uint32_t waiters; /* lets futex_wake skip an empty bucket without its lock */
	struct futex_waiter *head, *tail;
} __attribute__((aligned(64)));

static struct futex_bucket futex_table[FUTEX_BUCKETS];

static struct futex_bucket *futex_bucket(const void *addr)
{
	/* Fibonacci hashing of the address; 4-byte words, so its low bits say little. */
	uint64_t h = ((uintptr_t)addr >> 2) * 0x9e3779b97f4a7c15ull;
	return &futex_table[h >> (64 - 9)];
}

_Static_assert(FUTEX_BUCKETS == 1 << 9, "futex_bucket's shift");

static void futex_unlink(struct futex_bucket *b, struct futex_waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		b->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		b->tail = w->prev;
	atomic_fetch_sub_explicit(&b->waiters, 1, memory_order_relaxed);
}

static void futex_wait_woken(struct futex_waiter *w)
{
	while (atomic_load_explicit(&w->state, memory_order_acquire) != FUTEX_WOKEN)
		cpu_relax();
}

int futex_wait(const _Atomic uint32_t *addr, uint32_t val, uint64_t deadline_ns)
{
	if (atomic_load_explicit(addr, memory_order_acquire) != val)
		return -EAGAIN;
	/* Spin only when nothing else could use this CPU meanwhile. */
	if (!sched_cpu_busy())
		for (unsigned i = 0; i < FUTEX_SPINS; i++) {
			cpu_relax();
			if (atomic_load_explicit(addr, memory_order_acquire) != val)
				return 0;
		}
	uint64_t deadline = 0;
	if (deadline_ns) {
		deadline = clock_monotonic_to_tsc(deadline_ns);
		if (rdtsc() >= deadline)
			return -ETIMEDOUT;
	}
	struct futex_bucket *b = futex_bucket(addr);
	struct futex_waiter w = {.addr = addr, .thread = thread_self(), .state = FUTEX_QUEUED};
	spin_lock(&b->lock);
	/*
	 * Counted before the value is read again (a locked RMW: a full fence),
	 * so a waker that changed the value and then reads the count (after its
	 * own fence) cannot miss us.
	 */
	atomic_fetch_add_explicit(&b->waiters, 1, memory_order_seq_cst);
	if (atomic_load_explicit(addr, memory_order_seq_cst) != val) {
		atomic_fetch_sub_explicit(&b->waiters, 1, memory_order_relaxed);
		spin_unlock(&b->lock);
		return -EAGAIN;
	}
	w.prev = b->tail;
	if (b->tail)
		b->tail->next = &w;
	else
		b->head = &w;
	b->tail = &w;
	spin_unlock(&b->lock);

	for (;;) {
		bool woken = thread_park(deadline);
		if (atomic_load_explicit(&w.state, memory_order_acquire) != FUTEX_QUEUED) {
			futex_wait_woken(&w);
			return 0;
		}
		if (woken)
			continue; /* a stale wake-up of this thread: still queued, sleep on */
		spin_lock(&b->lock);
		if (atomic_load_explicit(&w.state, memory_order_relaxed) == FUTEX_QUEUED) {
			futex_unlink(b, &w);
			spin_unlock(&b->lock);
			return -ETIMEDOUT;
		}
		spin_unlock(&b->lock);
		futex_wait_woken(&w); /* woken just as it timed out: a wake-up it is */
		return 0;
	}
}

int futex_wake(const _Atomic uint32_t *addr, int n)
{
	struct futex_bucket *b = futex_bucket(addr);
	/* Pairs with futex_wait's RMW: our caller's change of *addr is ordered before this read. */
	atomic_thread_fence(memory_order_seq_cst);
	if (n <= 0 || !atomic_load_explicit(&b->waiters, memory_order_relaxed))
		return 0;
	struct futex_waiter *woken = NULL;
	int count = 0;
	spin_lock(&b->lock);
	for (struct futex_waiter *w = b->head, *next; w && count < n; w = next) {
		next = w->next;
		if (w->addr != addr)
			continue;
		futex_unlink(b, w);
		atomic_store_explicit(&w->state, FUTEX_WAKING, memory_order_relaxed);
		w->next = woken; /* ours now: the waiter waits for WOKEN before it leaves */
		woken = w;
		count++;
	}
	/*
	 * The unparks happen after the bucket lock (an IPI costs a kernel call)
	 * but with preemption still off: a waiter spinning for WOKEN on this
	 * CPU could otherwise wait a whole time slice for us.
	 */
	preempt_disable();
	spin_unlock(&b->lock);
	while (woken) {
		struct futex_waiter *next = woken->next;
		thread_unpark(woken->thread);
		atomic_store_explicit(&woken->state, FUTEX_WOKEN, memory_order_release);
		woken = next;
	}
	preempt_enable();
	return count;
}

int futex_deadline(int clock_id, const struct timespec *abstime, uint64_t *deadline_ns)
{
	if (!abstime || abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
		return -EINVAL;
	if (abstime->tv_sec < 0) {
		*deadline_ns = 1; /* long past */
		return 0;
	}
	uint64_t ns = (uint64_t)abstime->tv_sec * 1000000000ull + (uint64_t)abstime->tv_nsec;
	if (clock_id == CLOCK_REALTIME) {
		/* Eremit's realtime clock is the monotonic one plus a constant (it cannot be set). */
		uint64_t boot = clock_realtime_at_boot_ns();
		ns = ns > boot ? ns - boot : 1;
	} else if (clock_id != CLOCK_MONOTONIC) {
		return -EINVAL;
	}
	*deadline_ns = ns ? ns : 1;
	return 0;
}
