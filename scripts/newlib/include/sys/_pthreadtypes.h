/* SPDX-License-Identifier: MIT */
/* Eremit's POSIX thread types, replacing newlib's 32-bit handles: the objects themselves, futex-based. */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

/*
 * scripts/build-newlib.sh installs this over newlib's own header (which
 * makes every object a 32-bit RTEMS handle). Objects here hold their whole
 * state, so they work zero-initialised wherever POSIX has a static
 * initialiser, and their sizes are glibc's on x86_64. The field names are
 * the runtime's (runtime/pthread_*.c); applications use only the calls.
 */

#if defined(_POSIX_THREADS) || __POSIX_VISIBLE >= 199506

#include <sys/cpuset.h>
#include <sys/sched.h>

/* A thread: the address of the kernel's struct thread, as an integer (as in glibc). */
typedef unsigned long pthread_t;

#define PTHREAD_STACK_MIN	      16384 /* runtime/thread.h: THREAD_STACK_MIN */
#define PTHREAD_KEYS_MAX	      128
#define PTHREAD_DESTRUCTOR_ITERATIONS 4

#define PTHREAD_SCOPE_SYSTEM  0
#define PTHREAD_SCOPE_PROCESS 1

#define PTHREAD_INHERIT_SCHED  0
#define PTHREAD_EXPLICIT_SCHED 1

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

/* One process: shared and private objects behave the same, both are accepted. */
#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED	1

typedef struct {
	int __flags;		   /* bit 0: initialised */
	int __detachstate;	   /* PTHREAD_CREATE_* */
	__SIZE_TYPE__ __stacksize; /* 0: the default */
	int __scope;
	int __inheritsched;
	int __schedpolicy;
	struct sched_param __schedparam;
	cpu_set_t *__cpuset; /* pthread_attr_setaffinity_np: a copy, or 0 */
	__SIZE_TYPE__ __cpusetsize;
	long __reserved[1];
} pthread_attr_t;

/* Mutex types; the default is the plain (fast) one, so zero is a valid static mutex. */
#define PTHREAD_MUTEX_NORMAL	 0
#define PTHREAD_MUTEX_RECURSIVE	 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT	 PTHREAD_MUTEX_NORMAL
#if __GNU_VISIBLE
#define PTHREAD_MUTEX_TIMED_NP	    PTHREAD_MUTEX_NORMAL
#define PTHREAD_MUTEX_RECURSIVE_NP  PTHREAD_MUTEX_RECURSIVE
#define PTHREAD_MUTEX_ERRORCHECK_NP PTHREAD_MUTEX_ERRORCHECK
#define PTHREAD_MUTEX_FAST_NP	    PTHREAD_MUTEX_NORMAL
#endif

typedef struct {
	unsigned int __lock;  /* futex word: 0 free, 1 locked, 2 locked with waiters */
	unsigned int __count; /* recursive: times the owner locked it */
	void *__owner;	      /* recursive, error-checking: the owning thread */
	int __kind;	      /* PTHREAD_MUTEX_* */
	int __reserved[5];
} pthread_mutex_t;

typedef struct {
	int __flags; /* bits 0-3: PTHREAD_MUTEX_*; bit 4: process-shared */
} pthread_mutexattr_t;

#define _PTHREAD_MUTEX_INITIALIZER {0, 0, 0, PTHREAD_MUTEX_NORMAL, {0}}
#if __GNU_VISIBLE
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP	{0, 0, 0, PTHREAD_MUTEX_RECURSIVE, {0}}
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP {0, 0, 0, PTHREAD_MUTEX_ERRORCHECK, {0}}
#endif

/* Condition variables: a sequence counter that waiters sleep on. */
typedef struct {
	unsigned int __seq;	/* futex word: bumped by every signal and broadcast */
	unsigned int __waiters; /* threads inside a wait */
	int __monotonic;	/* 0: timeouts on CLOCK_REALTIME, 1: CLOCK_MONOTONIC */
	int __reserved[9];
} pthread_cond_t;

typedef struct {
	int __flags; /* bit 0: CLOCK_MONOTONIC; bit 1: process-shared */
} pthread_condattr_t;

#define _PTHREAD_COND_INITIALIZER {0, 0, 0, {0}}

typedef unsigned int pthread_key_t;

/* 0: not run, then running, running with waiters, done. */
typedef int pthread_once_t;
#define _PTHREAD_ONCE_INIT 0

#endif /* defined(_POSIX_THREADS) || __POSIX_VISIBLE >= 199506 */

#if defined(_POSIX_BARRIERS)
typedef struct {
	unsigned int __seq;	/* futex word: bumped when a round completes */
	unsigned int __arrived; /* threads in the current round */
	unsigned int __count;	/* threads per round */
	unsigned int __inside;	/* threads between arriving and leaving (destroy waits) */
	int __reserved[4];
} pthread_barrier_t;

typedef struct {
	int __pshared;
} pthread_barrierattr_t;
#endif /* defined(_POSIX_BARRIERS) */

#if defined(_POSIX_SPIN_LOCKS)
typedef int pthread_spinlock_t; /* 0 free, 1 held */
#endif

#if defined(_POSIX_READER_WRITER_LOCKS)
typedef struct {
	unsigned int __lock; /* futex word: readers, or 0x7fffffff when write-locked; bit 31: waiters */
	int __reserved0;
	void *__writer; /* the thread holding it for writing */
	long __reserved[5];
} pthread_rwlock_t;

#define _PTHREAD_RWLOCK_INITIALIZER {0, 0, 0, {0}}

typedef struct {
	int __pshared;
	int __reserved;
} pthread_rwlockattr_t;
#endif /* defined(_POSIX_READER_WRITER_LOCKS) */

#endif /* ! _SYS__PTHREADTYPES_H_ */
