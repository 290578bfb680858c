/* SPDX-License-Identifier: MIT */
/* SMP: one host thread per vCPU; application processors wait for the guest to start them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eremit/abi.h"

#include "hv.h"
#include "kick.h"
#include "log.h"
#include "pin.h"
#include "status.h"
#include "timeout.h"

struct vcpu_thread_arg {
	struct hv_vm *vm;
	struct hv_vcpu *vcpu;
	const struct hv_pin_plan *pin;
};

/* Out of the guest, if its thread exists (immediate_exit alone stops the others). */
static void kick(struct hv_vcpu *v)
{
	if (v->thread_made)
		hv_kick(v->thread, v->run);
	else
		__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

void hv_vm_stop(struct hv_vm *vm, int status)
{
	pthread_mutex_lock(&vm->lock);
	if (!atomic_load(&vm->stopping)) {
		vm->status = status;
		atomic_store(&vm->stopping, true);
		for (unsigned i = 0; i < vm->nvcpus; i++)
			if (!pthread_equal(vm->vcpus[i].thread, pthread_self()))
				kick(&vm->vcpus[i]);
		pthread_cond_broadcast(&vm->cond);
	}
	pthread_mutex_unlock(&vm->lock);
}

/* Runs a started vCPU to its end on the calling thread; stops the VM with its status. */
static void run_vcpu(struct hv_vm *vm, struct hv_vcpu *v, const struct hv_pin_plan *pin)
{
	int r = hv_pin_vcpu_thread(pin, v->id);

	if (!r) {
		hv_timeout_watch_vcpu(v->run);
		hv_stats_vcpu_enter(&v->stats);
		r = hv_vcpu_run(vm, v);
		hv_stats_vcpu_leave(&v->stats);
	}
	if (r != HV_RUN_STOPPED)
		hv_vm_stop(vm, r);
}

/* An application processor's thread: waits for CPU_START or the end of the VM. */
static void *ap_main(void *p)
{
	struct vcpu_thread_arg *a = p;
	struct hv_vm *vm = a->vm;
	struct hv_vcpu *v = a->vcpu;
	struct hv_vcpu_start st;
	int r;

	pthread_mutex_lock(&vm->lock);
	while (!v->start_asked && !atomic_load(&vm->stopping))
		pthread_cond_wait(&vm->cond, &vm->lock);
	st = v->start;
	pthread_mutex_unlock(&vm->lock);
	if (!atomic_load(&vm->stopping)) {
		if ((r = hv_x86_vcpu_start(v, &st)))
			hv_vm_stop(vm, r);
		else
			run_vcpu(vm, v, a->pin);
	}
	free(a);
	return 0;
}

int hv_vcpus_run(struct hv_vm *vm, const struct hv_pin_plan *pin)
{
	int e;

	hv_kick_init();
	vm->vcpus[0].thread = pthread_self();
	vm->vcpus[0].thread_made = true; /* the caller's: kicked, never joined */
	for (unsigned i = 1; i < vm->nvcpus; i++) {
		struct vcpu_thread_arg *a = malloc(sizeof(*a));

		if (!a) {
			hv_err("out of memory for vCPU threads");
			hv_vm_stop(vm, HV_STATUS_INTERNAL);
			break;
		}
		*a = (struct vcpu_thread_arg){vm, &vm->vcpus[i], pin};
		e = pthread_create(&vm->vcpus[i].thread, 0, ap_main, a);
		if (e) {
			free(a);
			hv_err("cannot start the thread of vCPU %u: %s", i, strerror(e));
			hv_vm_stop(vm, HV_STATUS_INTERNAL);
			break;
		}
		vm->vcpus[i].thread_made = true;
	}
	if (!atomic_load(&vm->stopping))
		run_vcpu(vm, &vm->vcpus[0], pin);
	for (unsigned i = 1; i < vm->nvcpus; i++)
		if (vm->vcpus[i].thread_made)
			pthread_join(vm->vcpus[i].thread, 0);
	return vm->status;
}
