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

/* Hands [start, end) to sbrk. */
void heap_init(uintptr_t start, uintptr_t end);

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
