/* SPDX-License-Identifier: MIT */
/*
 * Eremit's futex.h for libgomp. config/linux's waits (wait.h's spin then
 * futex_wait, bar.c, sem.c, mutex.c, ptrlock.c) find this header first and
 * so call the kernel's futex directly: a function call, with no system-call
 * boundary to cross, where Linux's version issues the futex syscall.
 */
#ifndef GOMP_EREMIT_FUTEX_H
#define GOMP_EREMIT_FUTEX_H 1

/*
 * The kernel's calls (include/runtime/futex.h), declared under other C names
 * because libgomp's own futex_wait/futex_wake have other signatures. The
 * types agree in the ABI: int * for const _Atomic uint32_t *, and a deadline
 * of 0 means none. Default visibility: wait.h includes this under
 * "visibility push(hidden)", and these symbols live outside libgomp.
 */
#pragma GCC visibility push(default)
extern int gomp_eremit_futex_wait(int *addr, int val, unsigned long long deadline_ns)
	__asm__("futex_wait");
extern int gomp_eremit_futex_wake(int *addr, int count) __asm__("futex_wake");
#pragma GCC visibility pop

/* Returns when *addr != val (at once), after a wake-up, or spuriously:
 * every caller checks its condition again, as with Linux. */
static inline void futex_wait(int *addr, int val)
{
	gomp_eremit_futex_wait(addr, val, 0);
}

static inline void futex_wake(int *addr, int count)
{
	gomp_eremit_futex_wake(addr, count);
}

static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

#endif /* GOMP_EREMIT_FUTEX_H */
