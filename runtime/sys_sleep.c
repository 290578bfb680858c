// SPDX-License-Identifier: MIT
/* Sleeping: nanosleep, clock_nanosleep, usleep and sleep on the CPU's tickless timer. */
#define _GNU_SOURCE /* CLOCK_MONOTONIC_RAW, _COARSE, CLOCK_BOOTTIME */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "kernel/clock.h"
#include "kernel/timer.h"

#define NS_PER_SEC 1000000000ull

/* ts in nanoseconds, saturated; false when it is not a valid timespec. */
static bool ts_to_ns(const struct timespec *ts, uint64_t *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || (uint64_t)ts->tv_nsec >= NS_PER_SEC)
		return false;
	uint64_t s = (uint64_t)ts->tv_sec, frac = (uint64_t)ts->tv_nsec;
	*ns = s > (UINT64_MAX - frac) / NS_PER_SEC ? UINT64_MAX : s * NS_PER_SEC + frac;
	return true;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/*
 * Every clock here ticks with the TSC, so a relative sleep is the same
 * interval on each: it ends when CLOCK_MONOTONIC has advanced by it. An
 * absolute REALTIME sleep becomes a monotonic one through the fixed offset
 * between the two (the realtime clock cannot be set). The process's CPU
 * time is the time since boot (sys_time.c), so it too is monotonic.
 *
 * rem is written only when a signal interrupts a sleep (EINTR), and no
 * asynchronous signal exists in Eremit: it is left alone, as Linux does
 * after a complete sleep.
 */
int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem)
{
	uint64_t ns, until;
	(void)rem;

	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
		break;
	case CLOCK_THREAD_CPUTIME_ID: /* POSIX: the caller's own CPU clock is EINVAL */
		return EINVAL;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE: /* readable, but Linux does not sleep on them either */
		return ENOTSUP;
	default:
		return EINVAL;
	}
	if (!req)
		return EFAULT;
	if (!ts_to_ns(req, &ns))
		return EINVAL;
	if (!(flags & TIMER_ABSTIME)) {
		until = add_sat(clock_monotonic_ns(), ns);
	} else if (id == CLOCK_REALTIME) {
		uint64_t boot = clock_realtime_at_boot_ns();
		until = ns > boot ? ns - boot : 0;
	} else {
		until = ns;
	}
	timer_sleep_until(clock_monotonic_to_tsc(until));
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int err = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

/* Any count is accepted, as glibc does, not only those below a second. */
int usleep(useconds_t us)
{
	struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000};
	return nanosleep(&ts, NULL);
}

/* Nothing interrupts a sleep: no second is ever left over. */
unsigned sleep(unsigned seconds)
{
	struct timespec ts = {.tv_sec = seconds};
	nanosleep(&ts, NULL);
	return 0;
}
