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

/* Resets the x87 and SSE control words; runs in ring 3 on every CPU. */
void arch_cpu_init_user(void);

/* Sets the FS base, the thread pointer of x86_64 TLS (either ring). */
void arch_set_tls_base(uint64_t base);

/*
 * Ring-0 halves of operations that ring-3 code reaches through kernel calls
 * (arch/x86_64/kcall.h). Port I/O is only used under QEMU.
 */
void arch_uart_tx(uint16_t port, const char *buf, uint64_t len);
_Noreturn void arch_qemu_exit(int status);
uint64_t arch_pit_calibrate_khz(void);
uint64_t arch_rtc_read_ns_ring0(void);

#endif /* ARCH_X86_64_ARCH_H */
