// SPDX-License-Identifier: MIT
/* Console under QEMU: three 16550 UARTs (stdout, stderr, log) and isa-debug-exit. */
#include <stdint.h>
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "eremit/abi.h"
#include "kernel/console.h"
#include "smp/spinlock.h"
#include "kernel/fmt.h"

/* 16550 registers, as offsets from the port base. */
#define UART_THR	 0 /* transmit holding */
#define UART_IER	 1
#define UART_FCR	 2
#define UART_LCR	 3
#define UART_MCR	 4
#define UART_LSR	 5
#define UART_LSR_THRE	 0x20 /* the transmitter can take a byte */
#define UART_LCR_8N1	 0x03
#define UART_FCR_ENABLE	 0x07 /* FIFO on, both cleared */
#define UART_MCR_DTR_RTS 0x03

/* Gives up waiting after this many polls: a missing UART must not hang us. */
#define UART_SPIN_LIMIT 100000

static uint16_t uart_port(enum console_stream s)
{
	switch (s) {
	case CONSOLE_STDOUT:
		return EREMIT_QEMU_COM_STDOUT;
	case CONSOLE_STDERR:
		return EREMIT_QEMU_COM_STDERR;
	default:
		return EREMIT_QEMU_COM_LOG;
	}
}

static void uart_putc(uint16_t port, char c)
{
	for (int i = 0; i < UART_SPIN_LIMIT && !(inb(port + UART_LSR) & UART_LSR_THRE); i++)
		cpu_relax();
	outb(port + UART_THR, (uint8_t)c);
}

/* Ring 0: port I/O. */
void arch_uart_tx(uint16_t port, const char *buf, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++)
		uart_putc(port, buf[i]);
}

/* One writer at a time per UART, so that CPUs' writes do not mix byte by byte. */
static ssize_t uart_write(enum console_stream s, const void *buf, size_t len)
{
	static struct spinlock locks[3];
	struct spinlock *l = &locks[s == CONSOLE_STDOUT ? 0 : s == CONSOLE_STDERR ? 1 : 2];
	spin_lock(l);
	ssize_t n = (ssize_t)kcall(KCALL_UART_WRITE, uart_port(s), (uintptr_t)buf, len);
	spin_unlock(l);
	return n;
}

static ssize_t uart_read(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0; /* stdin is not connected under QEMU: end of file */
}

/* Ring 0: the exit tag on the log UART, then isa-debug-exit. */
_Noreturn void arch_qemu_exit(int status)
{
	char tag[32];
	int n = fmt_snprintf(tag, sizeof(tag), "%s%d\n", EREMIT_QEMU_EXIT_TAG, status);
	arch_uart_tx(EREMIT_QEMU_COM_LOG, tag, (uint64_t)n);
	outl(EREMIT_QEMU_DEBUG_EXIT_PORT, (uint32_t)status);
	/*
	 * No isa-debug-exit device: force a triple fault (empty IDT, then an
	 * exception) so that QEMU with -no-reboot stops instead of idling.
	 */
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} empty = {0, 0};
	__asm__ volatile("lidt %0; int3" ::"m"(empty));
	cpu_halt_forever();
}

static _Noreturn void uart_exit(int status)
{
	kcall(KCALL_QEMU_EXIT, (uint64_t)status, 0, 0);
	__builtin_unreachable();
}

/* Ring 0, at boot. */
void uart_init(void)
{
	static const uint16_t ports[] = {EREMIT_QEMU_COM_STDOUT, EREMIT_QEMU_COM_STDERR,
					 EREMIT_QEMU_COM_LOG};
	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		outb(ports[i] + UART_IER, 0);
		outb(ports[i] + UART_LCR, UART_LCR_8N1);
		outb(ports[i] + UART_FCR, UART_FCR_ENABLE);
		outb(ports[i] + UART_MCR, UART_MCR_DTR_RTS);
	}
}

const struct console_backend console_uart = {
    .name = "16550 UARTs",
    .write = uart_write,
    .read = uart_read,
    .exit = uart_exit,
};
