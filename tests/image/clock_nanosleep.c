// SPDX-License-Identifier: MIT
/* clock_nanosleep: relative and TIMER_ABSTIME sleeps on each clock, errors, and time(). */
// eremit-test: stdout relative sleeps ok
// eremit-test: stdout absolute monotonic ok
// eremit-test: stdout absolute realtime ok
// eremit-test: stdout past deadlines return at once
// eremit-test: stdout bad arguments give EINVAL
// eremit-test: stdout time() ok
// eremit-test: stdout-exact
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <time.h>

#define MS	    1000000LL
#define SLACK_NS    (200 * MS) /* generous: the host can deschedule us; sleep_short tests precision */

static long long ns_of(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long now(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return ns_of(t);
}

static struct timespec ts_of(long long ns)
{
	return (struct timespec){ns / 1000000000LL, ns % 1000000000LL};
}

/* A sleep of req_ns (absolute when abs) on id returned 0, not before target and not far after. */
static int sleep_ok(clockid_t id, int abs, long long req_ns)
{
	long long start = now(id);
	long long target = abs ? req_ns : start + req_ns;
	struct timespec req = ts_of(req_ns), rem = {12345, 678};
	int err = clock_nanosleep(id, abs ? TIMER_ABSTIME : 0, &req, &rem);
	long long end = now(id);
	long long due = target > start ? target : start; /* a past target is due at once */
	if (err || end < target || end > due + SLACK_NS || rem.tv_sec != 12345 ||
	    rem.tv_nsec != 678) {
		printf("clock %d, %s %lld ns: returned %d after %lld ns (target %+lld ns)\n", (int)id,
		       abs ? "absolute" : "relative", req_ns, err, end - start, end - target);
		return 0;
	}
	return 1;
}

static int einval(clockid_t id, int flags, long long sec, long nsec)
{
	struct timespec req = {(time_t)sec, nsec};
	errno = 0;
	int err = clock_nanosleep(id, flags, &req, NULL);
	if (err != EINVAL || errno != 0) {
		printf("clock %d, {%lld, %ld}: returned %d, errno %d; want EINVAL and errno 0\n",
		       (int)id, sec, nsec, err, errno);
		return 0;
	}
	return 1;
}

int main(void)
{
	clockid_t sleepable[] = {CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME,
				 CLOCK_PROCESS_CPUTIME_ID};
	for (unsigned i = 0; i < sizeof(sleepable) / sizeof(sleepable[0]); i++)
		if (!sleep_ok(sleepable[i], 0, 3 * MS))
			return 1;
	printf("relative sleeps ok\n");

	for (int i = 0; i < 5; i++)
		if (!sleep_ok(CLOCK_MONOTONIC, 1, now(CLOCK_MONOTONIC) + 2 * MS + i * 137))
			return 1;
	printf("absolute monotonic ok\n");
	for (int i = 0; i < 5; i++)
		if (!sleep_ok(CLOCK_REALTIME, 1, now(CLOCK_REALTIME) + 2 * MS + i * 137))
			return 1;
	printf("absolute realtime ok\n");

	long long t0 = now(CLOCK_MONOTONIC);
	if (!sleep_ok(CLOCK_MONOTONIC, 1, 0) || !sleep_ok(CLOCK_REALTIME, 1, 1000) ||
	    !sleep_ok(CLOCK_MONOTONIC, 1, t0 - MS) || !sleep_ok(CLOCK_MONOTONIC, 0, 0))
		return 1;
	if (now(CLOCK_MONOTONIC) - t0 > SLACK_NS)
		return printf("past deadlines took %lld ns\n", now(CLOCK_MONOTONIC) - t0), 1;
	printf("past deadlines return at once\n");

	if (!einval(CLOCK_MONOTONIC, 0, 0, -1) || !einval(CLOCK_MONOTONIC, 0, 0, 1000000000) ||
	    !einval(CLOCK_REALTIME, TIMER_ABSTIME, 1, 2000000000) ||
	    !einval(CLOCK_MONOTONIC, 0, -1, 0) || !einval((clockid_t)99, 0, 0, 1000) ||
	    !einval((clockid_t)-7, 0, 0, 1000) || !einval(CLOCK_THREAD_CPUTIME_ID, 0, 0, 1000))
		return 1;
	int err = clock_nanosleep(CLOCK_MONOTONIC, 0, NULL, NULL);
	if (err != EFAULT)
		return printf("NULL request: %d, want EFAULT\n", err), 1;
	err = clock_nanosleep(CLOCK_MONOTONIC_RAW, 0, &(struct timespec){0, 1000}, NULL);
	if (err != ENOTSUP)
		return printf("CLOCK_MONOTONIC_RAW: %d, want ENOTSUP\n", err), 1;
	errno = 0;
	if (nanosleep(&(struct timespec){0, -5}, NULL) != -1 || errno != EINVAL)
		return printf("nanosleep {0, -5}: errno %d, want EINVAL\n", errno), 1;
	errno = 0;
	if (nanosleep(&(struct timespec){0, 1000000000}, NULL) != -1 || errno != EINVAL)
		return printf("nanosleep {0, 1e9}: errno %d, want EINVAL\n", errno), 1;
	errno = 0;
	if (nanosleep(NULL, NULL) != -1 || errno != EFAULT)
		return printf("nanosleep NULL: errno %d, want EFAULT\n", errno), 1;
	printf("bad arguments give EINVAL\n");

	time_t stored = 0;
	long long before = now(CLOCK_REALTIME) / 1000000000LL;
	time_t got = time(&stored);
	long long after = now(CLOCK_REALTIME) / 1000000000LL;
	if (got != stored || got < before || got > after || time(NULL) < got)
		return printf("time() %lld (stored %lld), realtime %lld..%lld\n", (long long)got,
			      (long long)stored, before, after),
		       1;
	printf("time() ok\n");
	return 0;
}
