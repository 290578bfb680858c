/* SPDX-License-Identifier: MIT */
/* Futexes: wait on an address while it holds a value, wake waiters. Everything that blocks uses them. */
#ifndef RUNTIME_FUTEX_H
#define RUNTIME_FUTEX_H

#include <stdatomic.h>
#include <stdint.h>

/*
 * Blocks while *addr == val, until futex_wake on addr, or until
 * CLOCK_MONOTONIC reaches deadline_ns (0: no deadline). Spins briefly
 * before it blocks. Returns 0 when woken (possibly spuriously: callers
 * re-check), -EAGAIN when *addr != val at the call, -ETIMEDOUT when the
 * deadline passed. Any address works (one address space); waiters are kept
 * in a hash table, not at the address.
 */
int futex_wait(const _Atomic uint32_t *addr, uint32_t val, uint64_t deadline_ns);

/* Wakes up to n threads waiting on addr (INT32_MAX: all); returns how many. */
int futex_wake(const _Atomic uint32_t *addr, int n);

/* Converts an absolute CLOCK_REALTIME or CLOCK_MONOTONIC timespec to a monotonic deadline. */
struct timespec;
int futex_deadline(int clock_id, const struct timespec *abstime, uint64_t *deadline_ns);

#endif /* RUNTIME_FUTEX_H */
