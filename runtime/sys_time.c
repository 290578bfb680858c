// SPDX-License-Identifier: MIT
/* newlib's time calls, on the TSC clock. */
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
