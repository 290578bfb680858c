/* SPDX-License-Identifier: MIT */
/* Console: the application's stdout/stderr, the kernel log, and ending the VM. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum console_stream {
	CONSOLE_STDOUT = 1,
	CONSOLE_STDERR = 2,
	CONSOLE_LOG = 3,
};

/*
 * A runner's way out of the VM. write() must not allocate and must be safe
 * to call from a fault handler; it returns bytes written or -errno.
 */
struct console_backend {
	const char *name;
	ssize_t (*write)(enum console_stream s, const void *buf, size_t len);
	ssize_t (*read)(void *buf, size_t len); /* host stdin: bytes, 0 at EOF, -errno */
	void (*exit)(int status) __attribute__((noreturn));
};

extern const struct console_backend console_hv;	  /* kernel/x86_64/hv_console.c */
extern const struct console_backend console_uart; /* kernel/x86_64/uart.c */

/* Programs the UARTs (8N1, FIFO on); call before using console_uart. */
void uart_init(void);

/* Picks the backend for the runner; the log is forwarded only when verbose. */
void console_init(const struct console_backend *backend, int verbose);

ssize_t console_write(enum console_stream s, const void *buf, size_t len);
ssize_t console_read(void *buf, size_t len);

/* Flushes the kernel log and ends the VM with status (0..255). */
_Noreturn void console_exit(int status);

#endif /* KERNEL_CONSOLE_H */
