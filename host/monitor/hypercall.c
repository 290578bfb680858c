/* SPDX-License-Identifier: MIT */
/* Hypercall dispatch: from the number and the block's address to a handler. */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "eremit/abi.h"

#include "hc.h"
#include "hv.h"
#include "log.h"
#include "status.h"

static int hc_exit(struct hv_vm *vm, void *block)
{
	struct eremit_hc_exit a;

	(void)vm;
	memcpy(&a, block, sizeof(a));
	fflush(NULL);
	return a.status & 255;
}

/* The kernel log goes to stderr only with --verbose; the guest is told it went out either way. */
static int hc_log(struct hv_vm *vm, void *block)
{
	struct eremit_hc_io a;
	int64_t ret;
	const void *buf;

	memcpy(&a, block, sizeof(a));
	buf = hv_gpa_ptr(&vm->mem, a.buf_gpa, a.len);
	if (!buf)
		ret = -EFAULT;
	else if (hv_verbose)
		ret = fwrite(buf, 1, a.len, stderr) == a.len ? (int64_t)a.len : -EIO;
	else
		ret = (int64_t)a.len;
	memcpy((uint8_t *)block + offsetof(struct eremit_hc_io, ret), &ret, sizeof(ret));
	return HV_RUN_CONTINUE;
}

/*
 * The guest starts vCPU cpu once, somewhere inside its memory; the vCPU's
 * thread (vcpus.c) waits for this. Pure VM state, so the fuzzer reaches it.
 */
int hc_cpu_start(struct hv_vm *vm, void *block)
{
	struct eremit_hc_cpu_start a;
	int64_t ret = 0;

	memcpy(&a, block, sizeof(a));
	pthread_mutex_lock(&vm->lock);
	if (a.cpu == 0 || a.cpu >= vm->nvcpus)
		ret = -EINVAL;
	else if (vm->vcpus[a.cpu].start_asked)
		ret = -EBUSY;
	else if (!hv_gpa_ptr(&vm->mem, a.rip, 1) || !hv_gpa_ptr(&vm->mem, a.rsp - 8, 8) ||
		 a.cr3 % 4096 || !hv_gpa_ptr(&vm->mem, a.cr3, 4096))
		ret = -EFAULT;
	if (!ret) {
		vm->vcpus[a.cpu].start = (struct hv_vcpu_start){a.rip, a.rsp, a.cr3, a.arg};
		vm->vcpus[a.cpu].start_asked = true;
		pthread_cond_broadcast(&vm->cond);
	}
	pthread_mutex_unlock(&vm->lock);
	memcpy((uint8_t *)block + offsetof(struct eremit_hc_cpu_start, ret), &ret, sizeof(ret));
	return HV_RUN_CONTINUE;
}

static const struct hc_entry hc_core_table[] = {
    {EREMIT_HC_EXIT, hc_exit, sizeof(struct eremit_hc_exit), "exit"},
    {EREMIT_HC_WRITE, hc_write, sizeof(struct eremit_hc_io), "write"},
    {EREMIT_HC_READ, hc_read, sizeof(struct eremit_hc_io), "read"},
    {EREMIT_HC_LOG, hc_log, sizeof(struct eremit_hc_io), "log"},
    {EREMIT_HC_CPU_START, hc_cpu_start, sizeof(struct eremit_hc_cpu_start), "cpu_start"},
    {0, 0, 0, 0},
};

/* A handful of entries in two short lists: a scan costs nothing next to the exit. */
static const struct hc_entry *hc_find(uint64_t nr)
{
	static const struct hc_entry *const tables[] = {hc_core_table, hc_fs_table};

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct hc_entry *e = tables[t]; e->fn; e++)
			if (e->nr == nr)
				return e;
	return 0;
}

const char *hc_name(uint64_t nr)
{
	const struct hc_entry *e = hc_find(nr);

	return e ? e->name : 0;
}

const char *hv_hypercall_name(uint64_t nr)
{
	return hc_name(nr);
}

enum hv_mmio_kind hv_mmio_decode(gpa_t hc_gpa, const struct kvm_run *run, uint64_t *nr,
				 gpa_t *arg)
{
	uint64_t addr = run->mmio.phys_addr, off = addr - hc_gpa;

	if (addr < hc_gpa || off >= HV_HC_PAGE_SIZE)
		return HV_MMIO_OUTSIDE;
	if (!run->mmio.is_write || run->mmio.len != sizeof(*arg) || off % EREMIT_HC_STRIDE)
		return HV_MMIO_BAD_HC;
	/* x86 is little-endian: the data bytes are the stored u64 as it is. */
	memcpy(arg, run->mmio.data, sizeof(*arg));
	*nr = off / EREMIT_HC_STRIDE;
	return HV_MMIO_HYPERCALL;
}

int hv_hypercall(struct hv_vm *vm, struct hv_vcpu *vcpu, uint64_t nr, gpa_t arg)
{
	const struct hc_entry *e = hc_find(nr);
	void *block;

	if (!e) {
		hv_err("guest made unknown hypercall %llu (offset 0x%llx of the hypercall page) "
		       "at rip 0x%llx",
		       (unsigned long long)nr, (unsigned long long)(nr * EREMIT_HC_STRIDE),
		       (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_BAD_HYPERCALL;
	}
	block = arg % 8 ? 0 : hv_gpa_ptr(&vm->mem, arg, e->size);
	if (block)
		return e->fn(vm, block);
	/* There is no block to put -EFAULT in: the call is ignored, unless it cannot be. */
	if (nr == EREMIT_HC_EXIT) {
		hv_err("guest exit hypercall with a bad argument block 0x%llx at rip 0x%llx "
		       "(blocks are 8-byte aligned and inside guest memory)",
		       (unsigned long long)arg, (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_BAD_HYPERCALL;
	}
	hv_log("ignored %s hypercall with a bad argument block 0x%llx at rip 0x%llx", e->name,
	       (unsigned long long)arg, (unsigned long long)hv_vcpu_rip(vcpu));
	return HV_RUN_CONTINUE;
}
