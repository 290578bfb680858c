/* SPDX-License-Identifier: MIT */
/* What portable kernel code asks of the x86_64 port at boot. */
#ifndef ARCH_X86_64_ARCH_H
#define ARCH_X86_64_ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct arch_features {
	bool nx;       /* no-execute pages (EFER.NXE) */
	bool xsave;    /* XSAVE and XCR0 in use */
	bool avx;      /* AVX state enabled in XCR0 */
	bool avx512;   /* AVX-512 state enabled in XCR0 */
	bool fsgsbase; /* rd/wr{fs,gs}base usable */
	uint64_t xcr0;
};

extern struct arch_features arch_features;

/*
 * Enables what compiled C code may use: x87, SSE (CR0/CR4), XSAVE with the
 * AVX and AVX-512 states the CPU has (XCR0), NX, FSGSBASE. Runs first, on
 * every CPU.
 */
void arch_cpu_init(void);

/* Sets the FS base, the thread pointer of x86_64 TLS. */
void arch_set_tls_base(uint64_t base);

#endif /* ARCH_X86_64_ARCH_H */
