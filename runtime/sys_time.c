// SPDX-License-Identifier: MIT
/* newlib's time calls, on the TSC clock. */
#define _GNU_SOURCE /* CLOCK_MONOTONIC_RAW, _COARSE, CLOCK_BOOTTIME */
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include "kernel/clock.h"

int gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz; /* obsolete; always UTC here */
	if (tv) {
		uint64_t ns = clock_realtime_ns();
		tv->tv_sec = (time_t)(ns / 1000000000);
		tv->tv_usec = (suseconds_t)(ns % 1000000000 / 1000);
	}
	return 0;
}

/*
 * All time since boot counts as user time of the one process: a unikernel
 * has no separate system time. Units are CLOCKS_PER_SEC, which clock() uses.
 */
clock_t times(struct tms *t)
{
	clock_t ticks = (clock_t)(clock_monotonic_ns() / (1000000000 / CLOCKS_PER_SEC));
	if (t)
		*t = (struct tms){.tms_utime = ticks};
	return ticks;
}

/*
 * Every clock reads the TSC. There is one process, and until threads exist
 * one thread, which owns the CPU the whole time: its CPU-time clocks are the
 * monotonic clock.
 */
int clock_gettime(clockid_t id, struct timespec *ts)
{
	uint64_t ns;

	switch (id) {
	case CLOCK_REALTIME:
		ns = clock_realtime_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		ns = clock_monotonic_ns();
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (!ts) {
		errno = EFAULT;
		return -1;
	}
	ts->tv_sec = (time_t)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
	return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	struct timespec now;

	if (clock_gettime(id, &now) < 0 && errno == EINVAL)
		return -1;
	if (res) {
		/* One TSC tick, rounded up to whole nanoseconds. */
		uint64_t khz = clock_tsc_khz();
		*res = (struct timespec){0, khz ? (long)((1000000 + khz - 1) / khz) : 1000};
	}
	return 0;
}

/* The guest's clocks follow the host's; they cannot be set from inside. */
int clock_settime(clockid_t id, const struct timespec *ts)
{
	(void)ts;
	if (id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	errno = EPERM;
	return -1;
}
