// SPDX-License-Identifier: MIT
/* newlib's retargetable locks: recursive spinlocks owned by a thread's reent. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/lock.h>
#include "arch/x86_64/cpu.h"
#include "kernel/trap.h"

/*
 * The owner is the thread's struct _reent, which is unique per thread, so
 * this stays right when threads arrive (their issue replaces spinning with
 * futex waits). Zero-initialised means unlocked, as newlib's static locks
 * require.
 */
struct __lock {
	_Atomic(uintptr_t) owner; /* 0 when free */
	unsigned depth;		  /* written by the owner only */
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

static uintptr_t lock_self(void)
{
	return (uintptr_t)__getreent();
}

static int lock_try(_LOCK_T l)
{
	uintptr_t self = lock_self(), expected = 0;
	if (atomic_load_explicit(&l->owner, memory_order_relaxed) == self) {
		l->depth++; /* only the owner gets here */
		return 1;
	}
	/* acquire: the critical section starts after we own the lock. */
	if (atomic_compare_exchange_strong_explicit(&l->owner, &expected, self,
						    memory_order_acquire, memory_order_relaxed)) {
		l->depth = 1;
		return 1;
	}
	return 0;
}

static void lock_acquire(_LOCK_T l)
{
	while (!lock_try(l))
		cpu_relax();
}

static void lock_release(_LOCK_T l)
{
	if (atomic_load_explicit(&l->owner, memory_order_relaxed) != lock_self())
		panic("newlib lock %p released by a thread that does not hold it", (void *)l);
	if (--l->depth == 0)
		/* release: our writes are visible to the next owner. */
		atomic_store_explicit(&l->owner, 0, memory_order_release);
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
