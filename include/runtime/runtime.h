/* SPDX-License-Identifier: MIT */
/* The C runtime: from a booted kernel to main() and back out through exit(). */
#ifndef RUNTIME_RUNTIME_H
#define RUNTIME_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sets up the heap, the boot thread's TLS block, argv and environ (from the
 * monitor's argument block or QEMU's command line), runs the constructors,
 * calls main and passes its result to exit(). Never returns.
 */
_Noreturn void runtime_start(void);

/* Sets up malloc's heap over the frame allocator (pmem_init has run). */
void malloc_init(void);

/*
 * This CPU's malloc cache, made on first use in the CPU's node (NULL when
 * there is no memory for it). The caller stays on this CPU until
 * runtime_cache_exit().
 */
struct malloc_cache *runtime_cache_enter(void);
void runtime_cache_exit(void);

/*
 * This CPU goes idle: the free objects its malloc cache holds go back to
 * the central lists (and empty spans to the frame allocator), so memory
 * does not sit unused in the caches of idle cores.
 */
void malloc_cpu_idle(void);

/* Allocates and installs the TLS block of the boot thread. */
void tls_init_boot(void);

/* Size and alignment of a TLS block with its thread control block. */
size_t tls_block_size(void);

/*
 * Lays out a TLS block in mem (tls_block_size() bytes, aligned to 64):
 * copies .tdata, zeroes .tbss, and returns the thread pointer, whose first
 * word points to itself as the x86_64 ABI requires.
 */
uintptr_t tls_setup(void *mem);

/* File descriptors per VM (the monitor's table holds as many host files). */
#define RUNTIME_NFDS 1024

#endif /* RUNTIME_RUNTIME_H */
