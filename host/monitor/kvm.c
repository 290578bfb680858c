/* SPDX-License-Identifier: MIT */
/* KVM: VM and vCPU creation and the vCPU run loop. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "eremit/abi.h"

#include "boot.h"
#include "gdb.h"
#include "hv.h"
#include "log.h"
#include "status.h"
#include "timeout.h"

#define KVM_API_VERSION_EXPECTED 12
#define HV_RFLAGS_IF		 0x200ull

int hv_vm_create(struct hv_vm *vm, uint64_t mem)
{
	struct timespec now;
	struct kvm_userspace_memory_region slot;
	int r;

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		hv_err("cannot open /dev/kvm: %s (--qemu with EREMIT_NO_KVM=1 runs without KVM)",
		       strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	if (ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION_EXPECTED) {
		hv_err("/dev/kvm: unsupported KVM API version");
		return HV_STATUS_INTERNAL;
	}
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		hv_err("KVM_CREATE_VM: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	vm->wallclock_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size <= 0) {
		hv_err("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}

	r = hv_gmem_alloc(&vm->mem, mem);
	if (r) {
		hv_err("cannot allocate %lluM of guest memory: %s", (unsigned long long)(mem >> 20),
		       strerror(-r));
		return HV_STATUS_INTERNAL;
	}
	slot = (struct kvm_userspace_memory_region){
	    .slot = 0,
	    .guest_phys_addr = 0,
	    .memory_size = mem,
	    .userspace_addr = (uintptr_t)vm->mem.base,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0) {
		hv_err("KVM_SET_USER_MEMORY_REGION (%lluM): %s", (unsigned long long)(mem >> 20),
		       strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	/* Deliberately no slot for the hypercall page: stores there exit as MMIO. */
	vm->hc_gpa = hv_boot_hc_gpa(mem);
	return hv_x86_vm_init(vm);
}

int hv_vcpu_create(struct hv_vm *vm, struct hv_vcpu *vcpu, unsigned id)
{
	vcpu->id = id;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)id);
	if (vcpu->fd < 0) {
		hv_err("KVM_CREATE_VCPU %u: %s", id, strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	vcpu->run = mmap(0, (size_t)vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		hv_err("mmap of vCPU %u: %s", id, strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	return 0;
}

uint64_t hv_vcpu_rip(const struct hv_vcpu *vcpu)
{
	struct kvm_regs regs;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs) < 0)
		return 0;
	return regs.rip;
}

/* There are no devices: a port access is an image built for an older ABI, or a bug. */
static int exit_io(struct hv_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	hv_err("guest accessed I/O port 0x%x (%s, %u bytes) at rip 0x%llx: eremit backs no "
	       "ports (hypercalls are MMIO stores to boot_info.hc_gpa since ABI version %u)",
	       run->io.port, run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in", run->io.size,
	       (unsigned long long)hv_vcpu_rip(vcpu), EREMIT_ABI_VERSION);
	return HV_STATUS_BAD_HYPERCALL;
}

/* A hypercall: an 8-byte store at hc_gpa + 8 * nr of the block's address (hv_mmio_decode). */
static int exit_hypercall(struct hv_vm *vm, struct hv_vcpu *vcpu, uint64_t nr, gpa_t arg)
{
	hv_stats_hypercall(&vcpu->stats, nr);
	/* The debug stop needs the vCPU itself, which table handlers are not given. */
	if (nr == EREMIT_HC_DEBUG)
		return hv_gdb_hypercall(vm, vcpu, arg);
	return hv_hypercall(vm, vcpu, nr, arg);
}

static int exit_mmio(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	uint64_t addr = run->mmio.phys_addr, nr;
	gpa_t arg;

	switch (hv_mmio_decode(vm->hc_gpa, run, &nr, &arg)) {
	case HV_MMIO_HYPERCALL:
		return exit_hypercall(vm, vcpu, nr, arg);
	case HV_MMIO_BAD_HC:
		hv_err("guest %s %u bytes at offset 0x%llx of the hypercall page (0x%llx) at rip "
		       "0x%llx: a hypercall is an 8-byte store at offset 8 * number",
		       run->mmio.is_write ? "wrote" : "read", run->mmio.len,
		       (unsigned long long)(addr - vm->hc_gpa), (unsigned long long)vm->hc_gpa,
		       (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_BAD_HYPERCALL;
	case HV_MMIO_OUTSIDE:
		break;
	}
	hv_err("guest %s %u bytes at 0x%llx, outside its memory, at rip 0x%llx",
	       run->mmio.is_write ? "wrote" : "read", run->mmio.len, (unsigned long long)addr,
	       (unsigned long long)hv_vcpu_rip(vcpu));
	return HV_STATUS_BAD_HYPERCALL;
}

static int exit_internal(struct hv_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	char data[128] = "";
	size_t n = 0;

	for (unsigned i = 0; i < run->internal.ndata && i < 4 && n < sizeof(data); i++)
		n += (size_t)snprintf(data + n, sizeof(data) - n, " 0x%llx",
				      (unsigned long long)run->internal.data[i]);
	hv_err("KVM internal error (suberror %u, data%s) at rip 0x%llx", run->internal.suberror,
	       data, (unsigned long long)hv_vcpu_rip(vcpu));
	return HV_STATUS_VM_FAILED;
}

/* One exit: HV_RUN_CONTINUE, or the monitor's exit status. */
static int handle_exit(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return exit_io(vcpu);
	case KVM_EXIT_MMIO:
		return exit_mmio(vm, vcpu);
	case KVM_EXIT_HLT:
		/* No interrupt can wake it: there is no interrupt controller yet. */
		hv_err("guest halted without exiting (hlt at rip 0x%llx)",
		       (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_CRASHED;
	case KVM_EXIT_SHUTDOWN:
		hv_err("guest triple fault (rip 0x%llx)", (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_CRASHED;
	case KVM_EXIT_FAIL_ENTRY:
		hv_err("VM entry failed: hardware reason 0x%llx on CPU %u",
		       (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
		       run->fail_entry.cpu);
		return HV_STATUS_VM_FAILED;
	case KVM_EXIT_INTERNAL_ERROR:
		return exit_internal(vcpu);
	case KVM_EXIT_DEBUG:
		return hv_gdb_kvm_debug(vm, vcpu);
	default:
		hv_err("unexpected KVM exit reason %u at rip 0x%llx", run->exit_reason,
		       (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_VM_FAILED;
	}
}

/*
 * With the in-kernel LAPIC, `hlt` with interrupts off no longer exits: the
 * vCPU sleeps in KVM until an NMI. When --timeout ends such a guest, say so.
 */
static void report_dead_halt(const struct hv_vcpu *vcpu)
{
	struct kvm_mp_state mp;
	struct kvm_regs regs;

	if (ioctl(vcpu->fd, KVM_GET_MP_STATE, &mp) == 0 && mp.mp_state == KVM_MP_STATE_HALTED &&
	    ioctl(vcpu->fd, KVM_GET_REGS, &regs) == 0 && !(regs.rflags & HV_RFLAGS_IF))
		hv_err("vCPU %u halted with interrupts off (hlt at rip 0x%llx): nothing could wake it",
		       vcpu->id, (unsigned long long)regs.rip);
}

/* KVM_RUN returned EINTR: a kick from --timeout or from gdb's ctrl-C, or a stray signal. */
static int run_interrupted(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	hv_stats_exit(&vcpu->stats, KVM_EXIT_INTR);
	if (atomic_load(&vm->stopping))
		return HV_RUN_STOPPED;
	if (hv_timeout_expired()) {
		report_dead_halt(vcpu);
		return hv_timeout_status();
	}
	if (vm->gdb)
		return hv_gdb_interrupted(vm, vcpu);
	return HV_RUN_CONTINUE;
}

int hv_vcpu_run(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	for (;;) {
		int status;

		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EAGAIN)
				continue;
			if (errno != EINTR) {
				hv_err("KVM_RUN: %s", strerror(errno));
				return HV_STATUS_VM_FAILED;
			}
			status = run_interrupted(vm, vcpu);
			if (status != HV_RUN_CONTINUE)
				return status;
			continue;
		}
		hv_stats_exit(&vcpu->stats, vcpu->run->exit_reason);
		status = handle_exit(vm, vcpu);
		if (status != HV_RUN_CONTINUE)
			return status;
	}
}
