// SPDX-License-Identifier: MIT
/* clock_gettime and clock_getres on every clock: monotonic, agreeing, nanosecond-fine. */
// eremit-test: stdout monotonic never goes back
// eremit-test: stdout realtime agrees with gettimeofday
// eremit-test: stdout resolution 1 ns
// eremit-test: stdout errors ok
// eremit-test: stdout-exact
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec a, b, r;
	struct timeval tv;
	long long prev = 0, distinct = 0;

	for (int i = 0; i < 1000000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &a))
			return 1;
		if (ns(a) < prev)
			return printf("went back: %lld then %lld\n", prev, ns(a)), 1;
		distinct += ns(a) != prev;
		prev = ns(a);
	}
	if (distinct < 1000)
		return printf("only %lld distinct readings\n", distinct), 1;
	printf("monotonic never goes back\n");

	clock_gettime(CLOCK_REALTIME, &a);
	gettimeofday(&tv, 0);
	clock_gettime(CLOCK_REALTIME, &b);
	if (tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL < ns(a) - 1000 ||
	    tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL > ns(b) || a.tv_sec < 1704067200)
		return printf("realtime %lld, gettimeofday %lld.%06ld\n", ns(a),
			      (long long)tv.tv_sec, (long)tv.tv_usec),
		       1;
	printf("realtime agrees with gettimeofday\n");

	clockid_t ids[] = {CLOCK_REALTIME,	    CLOCK_MONOTONIC,	 CLOCK_PROCESS_CPUTIME_ID,
			   CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME};
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		if (clock_getres(ids[i], &r) || r.tv_sec != 0 || r.tv_nsec != 1)
			return printf("clock %d: resolution %ld ns\n", (int)ids[i], r.tv_nsec), 1;
		if (clock_gettime(ids[i], &a) || a.tv_sec < 0)
			return printf("clock %d unreadable\n", (int)ids[i]), 1;
	}
	printf("resolution 1 ns\n");

	errno = 0;
	if (clock_gettime((clockid_t)99, &a) != -1 || errno != EINVAL)
		return printf("bad clock id accepted\n"), 1;
	errno = 0;
	if (clock_getres((clockid_t)-5, &r) != -1 || errno != EINVAL)
		return printf("bad clock id accepted by getres\n"), 1;
	errno = 0;
	if (clock_settime(CLOCK_REALTIME, &a) != -1 || errno != EPERM)
		return printf("settime did not fail with EPERM\n"), 1;
	printf("errors ok\n");
	return 0;
}
