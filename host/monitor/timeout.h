/* SPDX-License-Identifier: MIT */
/* --timeout: a timer thread that stops a guest which has not exited in time. */
#ifndef HV_TIMEOUT_H
#define HV_TIMEOUT_H

#include <linux/kvm.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "kick.h"
/* How long the monitor may take to stop after the timeout before it is ended. */
#define HV_TIMEOUT_GRACE_MS 300

/*
 * Starts the timer thread when cfg->timeout_ns is not 0; call once, early in
 * main(). When the time is up, hv_timeout_expired() turns true, every watched
 * vCPU is kicked out of KVM_RUN (kvm_run->immediate_exit, then
 * HV_KICK_SIGNAL) and every watched process is killed; whoever notices
 * returns hv_timeout_status(). Should the monitor still be running
 * HV_TIMEOUT_GRACE_MS later without having called hv_timeout_stop() (a vCPU
 * blocked in a host call that restarts after a signal, such as a read of
 * stdin), the timer thread prints the message and ends the process with
 * HV_STATUS_TIMEOUT itself. Returns 0, or an HV_STATUS_* after printing why.
 */
int hv_timeout_start(const struct hv_config *cfg);

/* Called on a vCPU's own thread before its first KVM_RUN. */
void hv_timeout_watch_vcpu(struct kvm_run *run);
/* A process (QEMU) to SIGKILL when the time is up. */
void hv_timeout_watch_pid(pid_t pid);

/* True once the time is up; safe from any thread. */
bool hv_timeout_expired(void);
/* Prints "guest did not exit within N s (--timeout)" once; returns HV_STATUS_TIMEOUT. */
int hv_timeout_status(void);
/* The run is over: the timer thread stops and will neither kick nor end anything. */
void hv_timeout_stop(void);

#endif /* HV_TIMEOUT_H */
