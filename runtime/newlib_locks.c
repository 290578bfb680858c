// SPDX-License-Identifier: MIT
/* newlib's retargetable locks: recursive futex mutexes owned by a thread. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/lock.h>
#include "kernel/trap.h"
#include "runtime/mutex.h"
#include "runtime/thread.h"
#include "smp/percpu.h"

/*
 * newlib takes these around stdio calls (one per FILE, so a printf's
 * output is never mixed with another thread's), malloc-free paths of
 * libc, atexit, the environment, time zones. A thread waiting for one
 * sleeps on the futex (after a short spin) instead of burning its CPU.
 * Zero-initialised means unlocked, as newlib's static locks require. The
 * plain and the recursive calls share the type: recursion on a plain lock
 * would be newlib's bug, and counting it costs nothing.
 */
struct __lock {
	struct mutex mutex;
	unsigned depth;		  /* written by the owner only */
	_Atomic(uintptr_t) owner; /* lock_self() of the holder, 0 when free */
};

struct __lock __lock___sinit_recursive_mutex;
struct __lock __lock___sfp_recursive_mutex;
struct __lock __lock___atexit_recursive_mutex;
struct __lock __lock___at_quick_exit_mutex;
struct __lock __lock___malloc_recursive_mutex;
struct __lock __lock___env_recursive_mutex;
struct __lock __lock___tz_mutex;
struct __lock __lock___dd_hash_mutex;
struct __lock __lock___arc4random_mutex;

/*
 * The holder's identity: its thread, or before the boot flow became the
 * main thread (thread_self() still NULL) its CPU, which then runs one flow
 * of code. Never 0, which means free.
 */
static uintptr_t lock_self(void)
{
	struct thread *t = thread_self();
	return t ? (uintptr_t)t : (uintptr_t)this_cpu() | 1;
}

/*
 * relaxed: a thread finds itself as the owner only if it stored itself
 * there; any other value it reads (stale or not) means "not mine".
 */
static bool lock_mine(_LOCK_T l, uintptr_t self)
{
	return atomic_load_explicit(&l->owner, memory_order_relaxed) == self;
}

static void lock_own(_LOCK_T l, uintptr_t self)
{
	atomic_store_explicit(&l->owner, self, memory_order_relaxed);
	l->depth = 1;
}

static int lock_try(_LOCK_T l)
{
	uintptr_t self = lock_self();
	if (lock_mine(l, self)) {
		l->depth++;
		return 1;
	}
	if (!mutex_trylock(&l->mutex))
		return 0;
	lock_own(l, self);
	return 1;
}

static void lock_acquire(_LOCK_T l)
{
	uintptr_t self = lock_self();
	if (lock_mine(l, self)) {
		l->depth++;
		return;
	}
	mutex_lock(&l->mutex);
	lock_own(l, self);
}

static void lock_release(_LOCK_T l)
{
	if (!lock_mine(l, lock_self()))
		panic("newlib lock %p released by a thread that does not hold it", (void *)l);
	if (--l->depth == 0) {
		atomic_store_explicit(&l->owner, 0, memory_order_relaxed);
		mutex_unlock(&l->mutex); /* release: our writes go to the next owner */
	}
}

void __retarget_lock_init(_LOCK_T *l)
{
	*l = calloc(1, sizeof(struct __lock));
	if (!*l)
		panic("no memory for a newlib lock");
}

void __retarget_lock_init_recursive(_LOCK_T *l)
{
	__retarget_lock_init(l);
}

void __retarget_lock_close(_LOCK_T l)
{
	free(l);
}

void __retarget_lock_close_recursive(_LOCK_T l)
{
	free(l);
}

void __retarget_lock_acquire(_LOCK_T l)
{
	lock_acquire(l);
}

void __retarget_lock_acquire_recursive(_LOCK_T l)
{
	lock_acquire(l);
}

int __retarget_lock_try_acquire(_LOCK_T l)
{
	return lock_try(l);
}

int __retarget_lock_try_acquire_recursive(_LOCK_T l)
{
	return lock_try(l);
}

void __retarget_lock_release(_LOCK_T l)
{
	lock_release(l);
}

void __retarget_lock_release_recursive(_LOCK_T l)
{
	lock_release(l);
}
