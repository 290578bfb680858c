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
 * _POSIX_THREADS must not be defined while newlib itself is compiled (its
 * stdio would then call pthread_setcancelstate around every lock); when the
 * threads work adds it for applications, it goes here, guarded by
 * #ifndef _EREMIT_NEWLIB_BUILD (defined only in newlib's own CFLAGS).
 */

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
