/* SPDX-License-Identifier: MIT */
/* Hypercall handlers, in a table indexed by hypercall number. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eremit/abi.h"

#include "hv.h"
#include "log.h"
#include "status.h"

/* A handler gets its argument block already checked; HV_RUN_CONTINUE or an exit status. */
typedef int (*hv_hc_fn)(struct hv_vm *vm, void *block);

static int hc_exit(struct hv_vm *vm, void *block)
{
	struct eremit_hc_exit a;

	(void)vm;
	memcpy(&a, block, sizeof(a));
	fflush(NULL);
	return a.status & 255;
}

/* Writes all of buf, as write(2) would report it: a count, or -errno if nothing went out. */
static int64_t write_all(int fd, const uint8_t *buf, uint64_t len)
{
	uint64_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return done ? (int64_t)done : -errno;
		done += (uint64_t)n;
	}
	return (int64_t)done;
}

/*
 * The guest may change its block while we work on it (another vCPU): read it
 * once into a copy, check and use only the copy, and write back just ret.
 */
static struct eremit_hc_io io_args(const void *block)
{
	struct eremit_hc_io a;

	memcpy(&a, block, sizeof(a));
	return a;
}

static void io_ret(void *block, int64_t ret)
{
	memcpy((uint8_t *)block + offsetof(struct eremit_hc_io, ret), &ret, sizeof(ret));
}

static int hc_write(struct hv_vm *vm, void *block)
{
	struct eremit_hc_io a = io_args(block);
	const uint8_t *buf = hv_gpa_ptr(&vm->mem, a.buf_gpa, a.len);

	if (a.fd != 1 && a.fd != 2)
		io_ret(block, -EBADF);
	else if (!buf)
		io_ret(block, -EFAULT);
	else
		io_ret(block, write_all((int)a.fd, buf, a.len));
	return HV_RUN_CONTINUE;
}

static int hc_read(struct hv_vm *vm, void *block)
{
	struct eremit_hc_io a = io_args(block);
	uint8_t *buf = hv_gpa_ptr(&vm->mem, a.buf_gpa, a.len);
	ssize_t n;

	if (a.fd != 0) {
		io_ret(block, -EBADF);
	} else if (!buf) {
		io_ret(block, -EFAULT);
	} else {
		do
			n = read(0, buf, a.len);
		while (n < 0 && errno == EINTR);
		io_ret(block, n < 0 ? -errno : n);
	}
	return HV_RUN_CONTINUE;
}

static int hc_log(struct hv_vm *vm, void *block)
{
	struct eremit_hc_io a = io_args(block);
	const uint8_t *buf = hv_gpa_ptr(&vm->mem, a.buf_gpa, a.len);

	if (!buf)
		io_ret(block, -EFAULT);
	else if (hv_verbose)
		io_ret(block, write_all(2, buf, a.len));
	else
		io_ret(block, (int64_t)a.len);
	return HV_RUN_CONTINUE;
}

static const struct {
	hv_hc_fn fn;
	uint32_t size; /* of the argument block */
	const char *name;
} hc_table[EREMIT_HC_COUNT] = {
    [EREMIT_HC_EXIT] = {hc_exit, sizeof(struct eremit_hc_exit), "exit"},
    [EREMIT_HC_WRITE] = {hc_write, sizeof(struct eremit_hc_io), "write"},
    [EREMIT_HC_READ] = {hc_read, sizeof(struct eremit_hc_io), "read"},
    [EREMIT_HC_LOG] = {hc_log, sizeof(struct eremit_hc_io), "log"},
};

int hv_hypercall(struct hv_vm *vm, struct hv_vcpu *vcpu, uint64_t nr, gpa_t arg)
{
	void *block;

	if (nr >= EREMIT_HC_COUNT || !hc_table[nr].fn) {
		hv_err("guest made unknown hypercall %llu (offset 0x%llx of the hypercall page) "
		       "at rip 0x%llx",
		       (unsigned long long)nr, (unsigned long long)(nr * EREMIT_HC_STRIDE),
		       (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_BAD_HYPERCALL;
	}
	block = arg % 8 ? 0 : hv_gpa_ptr(&vm->mem, arg, hc_table[nr].size);
	if (block)
		return hc_table[nr].fn(vm, block);
	/* There is no block to put -EFAULT in: the call is ignored, unless it cannot be. */
	if (nr == EREMIT_HC_EXIT) {
		hv_err("guest exit hypercall with a bad argument block 0x%llx at rip 0x%llx "
		       "(blocks are 8-byte aligned and inside guest memory)",
		       (unsigned long long)arg, (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_BAD_HYPERCALL;
	}
	hv_log("ignored %s hypercall with a bad argument block 0x%llx at rip 0x%llx",
	       hc_table[nr].name, (unsigned long long)arg, (unsigned long long)hv_vcpu_rip(vcpu));
	return HV_RUN_CONTINUE;
}
