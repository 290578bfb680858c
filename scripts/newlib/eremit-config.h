/* SPDX-License-Identifier: MIT */
/* Eremit's additions to newlib's <sys/config.h>, installed as <sys/eremit-config.h>. */
#ifndef _SYS_EREMIT_CONFIG_H_
#define _SYS_EREMIT_CONFIG_H_

/*
 * newlib has no configure switch for these; scripts/build-newlib.sh patches
 * sys/config.h to include this header, both for newlib's own build and for
 * applications.
 *
 * Every access to the reentrancy structure goes through __getreent(), which
 * the kernel provides: one struct _reent per thread, _impure_ptr for the
 * main thread.
 */
#ifndef __DYNAMIC_REENT__
#define __DYNAMIC_REENT__
#endif

/*
 * POSIX threads for applications (runtime/pthread_*.c; the types are
 * Eremit's sys/_pthreadtypes.h). Not while newlib itself is compiled
 * (_EREMIT_NEWLIB_BUILD is in its CFLAGS only): with _POSIX_THREADS its
 * stdio would call pthread_setcancelstate around every lock. There is no
 * cancellation, no priority scheduling and no stack address attribute.
 */
#ifndef _EREMIT_NEWLIB_BUILD
#define _POSIX_THREADS			200809L
#define _POSIX_THREAD_ATTR_STACKSIZE	1
#define _POSIX_TIMEOUTS			200809L
#define _POSIX_BARRIERS			200809L
#define _POSIX_SPIN_LOCKS		200809L
#define _POSIX_READER_WRITER_LOCKS	200809L
#define _POSIX_SEMAPHORES		200809L
#define _UNIX98_THREAD_MUTEX_ATTRIBUTES 1
#endif

/*
 * POSIX clocks for applications: clock_gettime/clock_getres on the TSC
 * (runtime/sys_time.c), CLOCK_MONOTONIC and the CPU-time clocks, and
 * nanosleep/clock_nanosleep (runtime/sys_sleep.c; <time.h> declares
 * clock_nanosleep only with _POSIX_CLOCK_SELECTION). newlib's own build does
 * not see them, so nothing in libc.a starts depending on them.
 */
#ifndef _EREMIT_NEWLIB_BUILD
#define _POSIX_TIMERS	       1
#define _POSIX_MONOTONIC_CLOCK 200112L
#define _POSIX_CPUTIME	       200112L
#define _POSIX_THREAD_CPUTIME  200112L
#define _POSIX_CLOCK_SELECTION 200112L
#endif

#endif /* _SYS_EREMIT_CONFIG_H_ */
