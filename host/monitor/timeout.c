/* SPDX-License-Identifier: MIT */
/* --timeout: one timer thread; vCPUs are kicked out of KVM_RUN, QEMU is killed. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "status.h"
#include "timeout.h"

struct watched_vcpu {
	pthread_t thread;
	struct kvm_run *run;
};

/* lock guards everything below it; the timer thread waits on cond. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond;
static bool armed, stopped;
static struct timespec deadline; /* CLOCK_MONOTONIC */
static struct watched_vcpu *vcpus;
static unsigned nvcpus;
static pid_t pids[4];
static unsigned npids;
static const struct hv_config *config;

/* Read by vCPU threads without the lock; seq_cst orders it before the kicks. */
static atomic_bool expired;
static atomic_bool reported;

/* Under lock: makes the vCPU's next or current KVM_RUN return EINTR. */
static void kick_vcpu(const struct watched_vcpu *v)
{
	hv_kick(v->thread, v->run);
}

static void add_ns(struct timespec *t, uint64_t ns)
{
	ns += (uint64_t)t->tv_nsec;
	t->tv_sec += (time_t)(ns / 1000000000u);
	t->tv_nsec = (long)(ns % 1000000000u);
}

/* Under lock: waits until stopped or the deadline; true when stopped. */
static bool wait_until_deadline(void)
{
	while (!stopped)
		if (pthread_cond_timedwait(&cond, &lock, &deadline) == ETIMEDOUT)
			break;
	return stopped;
}

static void *timer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	if (wait_until_deadline()) {
		pthread_mutex_unlock(&lock);
		return 0;
	}
	atomic_store(&expired, true);
	for (unsigned i = 0; i < nvcpus; i++)
		kick_vcpu(&vcpus[i]);
	for (unsigned i = 0; i < npids; i++)
		kill(pids[i], SIGKILL);
	add_ns(&deadline, HV_TIMEOUT_GRACE_MS * 1000000ull);
	if (wait_until_deadline()) {
		pthread_mutex_unlock(&lock);
		return 0;
	}
	/* A vCPU is stuck in a host call: end the monitor from here, with the same status. */
	_exit(hv_timeout_status());
}

int hv_timeout_start(const struct hv_config *cfg)
{
	pthread_condattr_t attr;
	pthread_t t;
	int e;

	if (!cfg->timeout_ns)
		return 0;
	config = cfg;
	hv_kick_init();
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&cond, &attr);
	pthread_condattr_destroy(&attr);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	add_ns(&deadline, cfg->timeout_ns);
	armed = true;
	e = pthread_create(&t, 0, timer_main, 0);
	if (e) {
		hv_err("cannot start the --timeout thread: %s", strerror(e));
		return HV_STATUS_INTERNAL;
	}
	pthread_detach(t);
	return 0;
}

void hv_timeout_watch_vcpu(struct kvm_run *run)
{
	struct watched_vcpu *v;

	pthread_mutex_lock(&lock);
	if (armed && (v = realloc(vcpus, (nvcpus + 1) * sizeof(*vcpus)))) {
		vcpus = v;
		vcpus[nvcpus] = (struct watched_vcpu){pthread_self(), run};
		if (atomic_load(&expired))
			kick_vcpu(&vcpus[nvcpus]);
		nvcpus++;
	}
	pthread_mutex_unlock(&lock);
}

void hv_timeout_watch_pid(pid_t pid)
{
	pthread_mutex_lock(&lock);
	if (armed && npids < sizeof(pids) / sizeof(pids[0])) {
		pids[npids++] = pid;
		if (atomic_load(&expired))
			kill(pid, SIGKILL);
	}
	pthread_mutex_unlock(&lock);
}

bool hv_timeout_expired(void)
{
	return atomic_load(&expired);
}

int hv_timeout_status(void)
{
	if (!atomic_exchange(&reported, true))
		hv_err("guest did not exit within %s s (%s)", config->timeout_text,
		       config->timeout_what);
	return HV_STATUS_TIMEOUT;
}

void hv_timeout_stop(void)
{
	pthread_mutex_lock(&lock);
	stopped = true;
	if (armed)
		pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}
