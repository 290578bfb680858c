/* SPDX-License-Identifier: MIT */
/* The KVM virtual machine: VM and vCPU state shared by the monitor's KVM files. */
#ifndef HV_HV_H
#define HV_HV_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <stdbool.h>

#include "gmem.h"
#include "stats.h"

struct hv_pin_plan;

/* The hypercall page's size (abi.h); the page is the only MMIO the monitor serves. */
#define HV_HC_PAGE_SIZE 0x1000ull

/* Where an application processor starts (EREMIT_HC_CPU_START); its thread's own copy. */
struct hv_vcpu_start {
	uint64_t rip, rsp, cr3, arg;
};

struct hv_vcpu {
	unsigned id;
	int fd;
	struct kvm_run *run; /* shared with KVM, run_size bytes */
	struct hv_vcpu_stats stats; /* written by this vCPU's thread only (stats.h) */
	pthread_t thread;	    /* the host thread running it (vcpus.c) */
	bool thread_made;	    /* thread exists: kick it to stop (joined if not vCPU 0) */
	bool start_asked;	    /* under hv_vm.lock: the guest asked to start it */
	struct hv_vcpu_start start; /* under hv_vm.lock, read by the vCPU's thread */
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
	struct hv_vcpu *vcpus;	  /* vCPU 0 boots; the others wait for CPU_START */
	unsigned nvcpus;
	pthread_mutex_t lock;	  /* guards start requests and the end of the run */
	pthread_cond_t cond;	  /* a start request, or the end */
	atomic_bool stopping;	  /* the VM is ending: every vCPU thread leaves */
	int status;		  /* under lock: the exit status of the first vCPU to end */
};

/*
 * vcpus.c: SMP. hv_vcpus_run runs vCPU 0 on the calling thread and each other
 * vCPU on a thread of its own, which waits until the guest starts that vCPU
 * with EREMIT_HC_CPU_START; it returns once every thread has ended, with the
 * status of the first vCPU that ended the VM. hv_vm_stop records a status
 * (the first one wins) and kicks every vCPU out of the guest.
 */
int hv_vcpus_run(struct hv_vm *vm, const struct hv_pin_plan *pin);
void hv_vm_stop(struct hv_vm *vm, int status);
/* The CPU_START hypercall's handler (hc.h table format). */
int hc_cpu_start(struct hv_vm *vm, void *block); /* in hypercall.c */

/*
 * kvm.c: generic KVM. Each returns 0, or an HV_STATUS_* after printing why.
 * hv_vm_create opens /dev/kvm, creates the VM and its memory of mem bytes.
 */
int hv_vm_create(struct hv_vm *vm, uint64_t mem);
int hv_vcpu_create(struct hv_vm *vm, struct hv_vcpu *vcpu, unsigned id);
/* Runs the vCPU until the guest exits; returns the monitor's exit status. */
int hv_vcpu_run(struct hv_vm *vm, struct hv_vcpu *vcpu);
/* hv_vcpu_run's result when another vCPU ended the VM (never an exit status). */
#define HV_RUN_STOPPED (-2)
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
/* An application processor: CPUID at creation; registers and RUNNABLE when started. */
int hv_x86_vcpu_init_ap(struct hv_vm *vm, struct hv_vcpu *vcpu);
int hv_x86_vcpu_start(struct hv_vcpu *vcpu, const struct hv_vcpu_start *st);
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
