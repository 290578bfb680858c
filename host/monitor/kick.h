/* SPDX-License-Identifier: MIT */
/* Kicking a vCPU thread out of KVM_RUN, for --timeout and for the end of an SMP run. */
#ifndef HV_KICK_H
#define HV_KICK_H

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>

/* Sent to a vCPU thread to kick it out of KVM_RUN; its handler does nothing. */
#define HV_KICK_SIGNAL SIGUSR1

/* Installs the (empty, non-restarting) handler of HV_KICK_SIGNAL; idempotent. */
void hv_kick_init(void);

/*
 * Makes the next or current KVM_RUN of the vCPU whose kvm_run is run, on
 * thread, return EINTR: KVM checks immediate_exit on entry, and the signal
 * covers a vCPU already inside (or halted in the in-kernel LAPIC).
 */
void hv_kick(pthread_t thread, struct kvm_run *run);

#endif /* HV_KICK_H */
