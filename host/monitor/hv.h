/* SPDX-License-Identifier: MIT */
/* The KVM virtual machine: VM and vCPU state shared by the monitor's KVM files. */
#ifndef HV_HV_H
#define HV_HV_H

#include <linux/kvm.h>
#include <stdint.h>

#include "gmem.h"
#include "stats.h"

/* The hypercall page's size (abi.h); the page is the only MMIO the monitor serves. */
#define HV_HC_PAGE_SIZE 0x1000ull

struct hv_vcpu {
	unsigned id;
	int fd;
	struct kvm_run *run; /* shared with KVM, run_size bytes */
	struct hv_vcpu_stats stats; /* written by this vCPU's thread only (stats.h) */
};

struct hv_vm {
	int kvm_fd; /* /dev/kvm */
	int vm_fd;
	int run_size;		  /* KVM_GET_VCPU_MMAP_SIZE */
	struct hv_gmem mem;	  /* one memory slot [0, mem.size) */
	gpa_t hc_gpa;		  /* the hypercall page, no slot behind it (boot.h) */
	struct kvm_cpuid2 *cpuid; /* what every vCPU is given */
	uint64_t wallclock_ns;	  /* CLOCK_REALTIME at VM creation */
	struct hv_fs *fs;	  /* host files the guest may reach (hostfs.h) */
	struct hv_gdb *gdb;	  /* the gdb stub with --gdb, else NULL (gdb.h) */
	struct hv_vcpu vcpu;	  /* the boot vCPU; SMP turns this into an array */
};

/*
 * kvm.c: generic KVM. Each returns 0, or an HV_STATUS_* after printing why.
 * hv_vm_create opens /dev/kvm, creates the VM and its memory of mem bytes.
 */
int hv_vm_create(struct hv_vm *vm, uint64_t mem);
int hv_vcpu_create(struct hv_vm *vm, struct hv_vcpu *vcpu, unsigned id);
/* Runs the vCPU until the guest exits; returns the monitor's exit status. */
int hv_vcpu_run(struct hv_vm *vm, struct hv_vcpu *vcpu);
/* The guest RIP, for reports (0 if it cannot be read). */
uint64_t hv_vcpu_rip(const struct hv_vcpu *vcpu);

/*
 * kvm_x86.c: the x86 part. hv_x86_vm_init reads the CPUID KVM supports (and
 * will create the in-kernel LAPIC when SMP needs it); hv_x86_vcpu_init starts
 * a vCPU in long mode at entry with %rdi = boot_info.
 */
int hv_x86_vm_init(struct hv_vm *vm);
int hv_x86_has_gbpages(const struct hv_vm *vm);
int hv_x86_vcpu_init(struct hv_vm *vm, struct hv_vcpu *vcpu, uint64_t entry, uint64_t boot_info);
/* The guest TSC frequency in kHz, 0 when KVM does not know it. */
uint64_t hv_x86_tsc_khz(const struct hv_vcpu *vcpu);

/*
 * hypercall.c: handles an 8-byte store of arg (the argument block's GPA) at
 * hc_gpa + EREMIT_HC_STRIDE * nr; HV_RUN_CONTINUE or a status.
 */
int hv_hypercall(struct hv_vm *vm, struct hv_vcpu *vcpu, uint64_t nr, gpa_t arg);
/* The name of hypercall nr ("write"), or NULL for a number that has none. */
const char *hv_hypercall_name(uint64_t nr);

/*
 * hypercall.c: what an MMIO exit (run->mmio) is, for a VM whose hypercall
 * page is at hc_gpa. Pure, so that it can be tested without KVM.
 */
enum hv_mmio_kind {
	HV_MMIO_HYPERCALL, /* an 8-byte store at hc_gpa + EREMIT_HC_STRIDE * *nr of *arg */
	HV_MMIO_BAD_HC,	   /* any other access to the hypercall page */
	HV_MMIO_OUTSIDE,   /* an address outside guest RAM and the page */
};
enum hv_mmio_kind hv_mmio_decode(gpa_t hc_gpa, const struct kvm_run *run, uint64_t *nr,
				 gpa_t *arg);

#endif /* HV_HV_H */
