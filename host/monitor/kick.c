/* SPDX-License-Identifier: MIT */
/* Kicking a vCPU thread out of KVM_RUN: immediate_exit, then a signal. */
#include "kick.h"

static void kick_handler(int sig)
{
	(void)sig; /* only interrupts KVM_RUN or a blocking host call with EINTR */
}

void hv_kick_init(void)
{
	struct sigaction sa = {.sa_handler = kick_handler}; /* no SA_RESTART: EINTR */

	sigemptyset(&sa.sa_mask);
	sigaction(HV_KICK_SIGNAL, &sa, 0);
}

void hv_kick(pthread_t thread, struct kvm_run *run)
{
	__atomic_store_n(&run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	pthread_kill(thread, HV_KICK_SIGNAL);
}
