/* SPDX-License-Identifier: MIT */
/* x86-64 vCPU setup: CPUID, long-mode segment and control registers, boot registers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "eremit/abi.h"

#include "boot.h"
#include "hv.h"
#include "log.h"
#include "status.h"
#include "x86.h"

#define CPUID_MAX_ENTRIES 256

/*
 * The in-kernel local APICs, in split mode: the guest needs LAPIC timers and
 * IPIs, and nothing from a PIC or an IOAPIC (it has no devices). x2APIC IDs
 * are full 32-bit vCPU ids and 0xff is not a broadcast. Must precede vCPU
 * creation.
 */
static int create_lapic(struct hv_vm *vm)
{
	struct kvm_enable_cap split = {.cap = KVM_CAP_SPLIT_IRQCHIP, .args = {24}};
	struct kvm_enable_cap x2apic = {
	    .cap = KVM_CAP_X2APIC_API,
	    .args = {KVM_X2APIC_API_USE_32BIT_IDS | KVM_X2APIC_API_DISABLE_BROADCAST_QUIRK}};

	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &split) < 0) {
		hv_err("KVM_ENABLE_CAP(KVM_CAP_SPLIT_IRQCHIP): %s (this KVM has no in-kernel LAPIC)",
		       strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &x2apic) < 0) {
		hv_err("KVM_ENABLE_CAP(KVM_CAP_X2APIC_API): %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	return 0;
}

int hv_x86_vm_init(struct hv_vm *vm)
{
	struct kvm_cpuid2 *c;

	c = calloc(1, sizeof(*c) + CPUID_MAX_ENTRIES * sizeof(c->entries[0]));
	if (!c) {
		hv_err("out of memory");
		return HV_STATUS_INTERNAL;
	}
	c->nent = CPUID_MAX_ENTRIES;
	if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) < 0) {
		hv_err("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
		free(c);
		return HV_STATUS_INTERNAL;
	}
	/* KVM reports the TSC deadline timer through a capability, not in CPUID. */
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_TSC_DEADLINE_TIMER) > 0)
		for (unsigned i = 0; i < c->nent; i++)
			if (c->entries[i].function == X86_CPUID_FEATURES)
				c->entries[i].ecx |= X86_CPUID_1_ECX_TSC_DEADLINE;
	vm->cpuid = c;
	return create_lapic(vm);
}

static struct kvm_cpuid_entry2 *cpuid_leaf(const struct kvm_cpuid2 *c, uint32_t fn)
{
	for (unsigned i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn)
			return (struct kvm_cpuid_entry2 *)&c->entries[i];
	return 0;
}

int hv_x86_has_gbpages(const struct hv_vm *vm)
{
	const struct kvm_cpuid_entry2 *e = cpuid_leaf(vm->cpuid, X86_CPUID_EXT_FEATURES);

	return e && (e->edx & X86_CPUID_80000001_EDX_PDPE1GB);
}

static int set_cpuid(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	struct kvm_cpuid_entry2 *e = cpuid_leaf(vm->cpuid, X86_CPUID_FEATURES);

	/* Each vCPU's initial APIC ID is its index. */
	if (e)
		e->ebx = (e->ebx & 0x00ffffffu) | (vcpu->id << X86_CPUID_1_EBX_APIC_ID_SHIFT);
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, vm->cpuid) < 0) {
		hv_err("KVM_SET_CPUID2: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	return 0;
}

static struct kvm_segment flat_segment(uint16_t selector, uint8_t type, int code)
{
	return (struct kvm_segment){
	    .base = 0,
	    .limit = 0xffffffff,
	    .selector = selector,
	    .type = type,
	    .present = 1,
	    .dpl = 0,
	    .db = !code, /* L=1 requires D=0 */
	    .s = 1,
	    .l = code,
	    .g = 1,
	};
}

static int set_sregs(struct hv_vcpu *vcpu, uint64_t cr3)
{
	struct kvm_sregs s;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0) {
		hv_err("KVM_GET_SREGS: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	s.cs = flat_segment(X86_SEL_CODE, X86_SEG_TYPE_CODE_XRA, 1);
	s.ds = s.es = s.fs = s.gs = s.ss = flat_segment(X86_SEL_DATA, X86_SEG_TYPE_DATA_RWA, 0);
	/* VM entry wants a usable 64-bit TSS; the kernel loads its own before any interrupt. */
	s.tr = (struct kvm_segment){.selector = X86_SEL_TSS,
				    .limit = X86_TSS64_LIMIT,
				    .type = X86_SEG_TYPE_TSS64_BUSY,
				    .present = 1};
	s.ldt = (struct kvm_segment){.type = 2, .present = 1, .unusable = 1};
	s.gdt.base = HV_BOOT_GDT_GPA;
	s.gdt.limit = HV_BOOT_GDT_ENTRIES * 8 - 1;
	s.idt.base = 0;
	s.idt.limit = 0;
	s.cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG;
	s.cr3 = cr3;
	s.cr4 = X86_CR4_PAE;
	s.efer = X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE;
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &s) < 0) {
		hv_err("KVM_SET_SREGS: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	return 0;
}

int hv_x86_vcpu_init(struct hv_vm *vm, struct hv_vcpu *vcpu, uint64_t entry, uint64_t boot_info)
{
	struct kvm_regs regs = {.rip = entry, .rdi = boot_info, .rflags = X86_RFLAGS_RESERVED};
	int r;

	if ((r = set_cpuid(vm, vcpu)) || (r = set_sregs(vcpu, EREMIT_BOOT_PT_GPA)))
		return r;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0) {
		hv_err("KVM_SET_REGS: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	return 0;
}

int hv_x86_vcpu_init_ap(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	return set_cpuid(vm, vcpu);
}

/*
 * On the AP's own thread, with its own register structs (uhyve once shared
 * one between vCPU threads). KVM leaves an AP waiting for INIT/SIPI until
 * its MP state says runnable; then it runs from these registers in long mode.
 */
int hv_x86_vcpu_start(struct hv_vcpu *vcpu, const struct hv_vcpu_start *st)
{
	struct kvm_regs regs = {
	    .rip = st->rip, .rsp = st->rsp, .rdi = st->arg, .rflags = X86_RFLAGS_RESERVED};
	struct kvm_mp_state mp = {.mp_state = KVM_MP_STATE_RUNNABLE};
	int r;

	if ((r = set_sregs(vcpu, st->cr3)))
		return r;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_MP_STATE, &mp) < 0) {
		hv_err("starting vCPU %u: %s", vcpu->id, strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	return 0;
}

uint64_t hv_x86_tsc_khz(const struct hv_vcpu *vcpu)
{
	int khz = ioctl(vcpu->fd, KVM_GET_TSC_KHZ, 0);

	return khz > 0 ? (uint64_t)khz : 0;
}
