// SPDX-License-Identifier: MIT
/* Console under the eremit monitor: one hypercall per write, never per character. */
#include <errno.h>
#include <stdint.h>
#include "arch/x86_64/cpu.h"
#include "eremit/abi.h"
#include "kernel/console.h"

/*
 * The monitor reads the argument block at the guest-physical address in
 * %eax, which must be below 4 GiB: blocks live on the kernel's stacks or in
 * .bss, inside the image.
 */
static void hv_call(enum eremit_hc_nr nr, void *block)
{
	uintptr_t gpa = (uintptr_t)block;
	if (gpa >> 32)
		cpu_halt_forever(); /* a kernel bug; nothing could report it */
	outl(EREMIT_HC_PORT_BASE + nr, (uint32_t)gpa);
}

static ssize_t hv_write(enum console_stream s, const void *buf, size_t len)
{
	struct eremit_hc_io io = {
		.fd = s == CONSOLE_STDERR ? 2 : 1,
		.buf_gpa = (uintptr_t)buf,
		.len = len,
		.ret = -EIO,
	};
	hv_call(s == CONSOLE_LOG ? EREMIT_HC_LOG : EREMIT_HC_WRITE, &io);
	return io.ret;
}

static ssize_t hv_read(void *buf, size_t len)
{
	struct eremit_hc_io io = {.fd = 0, .buf_gpa = (uintptr_t)buf, .len = len, .ret = -EIO};
	hv_call(EREMIT_HC_READ, &io);
	return io.ret;
}

static _Noreturn void hv_exit(int status)
{
	struct eremit_hc_exit e = {.status = status};
	hv_call(EREMIT_HC_EXIT, &e);
	cpu_halt_forever();
}

const struct console_backend console_hv = {
	.name = "eremit hypercalls",
	.write = hv_write,
	.read = hv_read,
	.exit = hv_exit,
};
