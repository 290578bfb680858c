/* SPDX-License-Identifier: MIT */
/* Unit tests of calendar date to days since the epoch, against timegm(). */
#define _DEFAULT_SOURCE /* timegm */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "kernel/clock.h"
#include "unit_check.h"

static int days_ok(int64_t y, unsigned m, unsigned d, int64_t want)
{
	int64_t got = clock_days_from_civil(y, m, d);

	if (got == want)
		return 1;
	fprintf(stderr, "  %lld-%02u-%02u: got %lld, want %lld\n", (long long)y, m, d,
		(long long)got, (long long)want);
	return 0;
}

#define DAYS(y, m, d, want) CHECK(days_ok(y, m, d, want))

static void test_known_dates(void)
{
	DAYS(1970, 1, 1, 0);
	DAYS(1970, 1, 2, 1);
	DAYS(1969, 12, 31, -1);
	DAYS(1971, 1, 1, 365);
	DAYS(1972, 3, 1, 790); /* after the first leap day since the epoch */
	DAYS(2000, 1, 1, 10957);
	DAYS(2000, 2, 29, 11016); /* divisible by 400: a leap year */
	DAYS(2000, 3, 1, 11017);
	DAYS(2024, 2, 28, 19781);
	DAYS(2024, 2, 29, 19782);
	DAYS(2024, 3, 1, 19783);
	DAYS(2023, 3, 1, 19417); /* 2023 has no Feb 29: Feb 28 is the day before */
	DAYS(2023, 2, 28, 19416);
	DAYS(1900, 2, 28, -25509);
	DAYS(1900, 3, 1, -25508); /* divisible by 100 only: no leap day */
	DAYS(1900, 1, 1, -25567);
	DAYS(2026, 11, 24, 20781);
	DAYS(2038, 1, 19, 24855); /* 2^31 seconds */
	DAYS(2100, 3, 1, 47541);
	DAYS(2100, 2, 28, 47540);
	DAYS(1600, 1, 1, -135140);
	DAYS(0, 3, 1, -719468); /* the start of era 0 */
	DAYS(-1, 12, 31, -719529);
	DAYS(-4800, 3, 1, -2472632);
	DAYS(9999, 12, 31, 2932896);
}

/* Every day from 1900-01-01 to 2100-12-31 against the host's timegm(). */
static void test_every_day(void)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t prev = clock_days_from_civil(1899, 12, 31);
	int bad = 0;

	for (int64_t y = 1900; y <= 2100; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (unsigned m = 1; m <= 12; m++) {
			unsigned n = mdays[m - 1] + (m == 2 && leap);
			for (unsigned d = 1; d <= n; d++) {
				struct tm tm = {.tm_year = (int)(y - 1900),
						.tm_mon = (int)m - 1,
						.tm_mday = (int)d,
						.tm_hour = 12};
				time_t t = timegm(&tm);
				int64_t want = ((int64_t)t - 12 * 3600) / 86400;
				int64_t got = clock_days_from_civil(y, m, d);
				if ((got != want || got != prev + 1) && bad++ < 10)
					fprintf(stderr, "  %lld-%02u-%02u: got %lld, timegm %lld\n",
						(long long)y, m, d, (long long)got,
						(long long)want);
				prev = got;
			}
		}
	}
	CHECK(bad == 0);
	CHECK(prev == 47846); /* 2100-12-31 */
}

int main(void)
{
	test_known_dates();
	test_every_day();
	TEST_DONE();
}
