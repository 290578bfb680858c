// SPDX-License-Identifier: MIT
/* Console under the eremit monitor: one hypercall per write, never per character. */
#include <errno.h>
#include <stdint.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hypercall.h"
#include "eremit/abi.h"
#include "kernel/boot.h"
#include "kernel/console.h"

static ssize_t hv_write(enum console_stream s, const void *buf, size_t len)
{
	struct eremit_hc_io io = {
	    .fd = s == CONSOLE_STDERR ? 2 : 1,
	    .buf_gpa = (uintptr_t)buf,
	    .len = len,
	    .ret = -EIO,
	};
	hypercall(s == CONSOLE_LOG ? EREMIT_HC_LOG : EREMIT_HC_WRITE, &io);
	return io.ret;
}

static ssize_t hv_read(void *buf, size_t len)
{
	struct eremit_hc_io io = {.fd = 0, .buf_gpa = (uintptr_t)buf, .len = len, .ret = -EIO};
	hypercall(EREMIT_HC_READ, &io);
	return io.ret;
}

static _Noreturn void hv_exit(int status)
{
	struct eremit_hc_exit e = {.status = status};
	hypercall(EREMIT_HC_EXIT, &e);
	__builtin_trap(); /* the monitor never resumes us: a fault report says so if it did */
}

const struct console_backend console_hv = {
    .name = "eremit hypercalls",
    .write = hv_write,
    .read = hv_read,
    .exit = hv_exit,
};
