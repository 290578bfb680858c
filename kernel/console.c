// SPDX-License-Identifier: MIT
/* Routes the application's output and the kernel log to the runner's backend. */
#include <errno.h>
#include "kernel/console.h"
#include "kernel/klog.h"

/* Set once at boot, before anything is printed; read-only afterwards. */
static const struct console_backend *console_backend;
static int console_verbose;

void console_init(const struct console_backend *backend, int verbose)
{
	console_backend = backend;
	console_verbose = verbose;
}

ssize_t console_write(enum console_stream s, const void *buf, size_t len)
{
	if (s == CONSOLE_LOG && !console_verbose)
		return (ssize_t)len; /* the log stays in the guest unless asked for */
	if (!console_backend)
		return -EIO;
	return console_backend->write(s, buf, len);
}

ssize_t console_read(void *buf, size_t len)
{
	if (!console_backend)
		return -EIO;
	return console_backend->read(buf, len);
}

_Noreturn void console_exit(int status)
{
	klog_flush();
	console_backend->exit(status & 0xff);
}
