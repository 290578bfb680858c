// SPDX-License-Identifier: MIT
/* Wall clock under QEMU: the CMOS real-time clock, read once at boot. */
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/clock.h"

#define RTC_SECONDS    0x00
#define RTC_MINUTES    0x02
#define RTC_HOURS      0x04
#define RTC_DAY	       0x07
#define RTC_MONTH      0x08
#define RTC_YEAR       0x09
#define RTC_STATUS_A   0x0a
#define RTC_STATUS_B   0x0b
#define RTC_CENTURY    0x32
#define RTC_A_UPDATING 0x80
#define RTC_B_BINARY   0x04
#define RTC_B_24H      0x02
#define RTC_HOUR_PM    0x80

static uint8_t rtc_reg(uint8_t r)
{
	outb(X86_CMOS_INDEX, r);
	return inb(X86_CMOS_DATA);
}

static unsigned rtc_bin(uint8_t v, int binary)
{
	return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

struct rtc_time {
	uint8_t sec, min, hour, day, mon, year, century;
};

static void rtc_snapshot(struct rtc_time *t)
{
	for (int i = 0; i < 1000000 && (rtc_reg(RTC_STATUS_A) & RTC_A_UPDATING); i++)
		cpu_relax();
	t->sec = rtc_reg(RTC_SECONDS);
	t->min = rtc_reg(RTC_MINUTES);
	t->hour = rtc_reg(RTC_HOURS);
	t->day = rtc_reg(RTC_DAY);
	t->mon = rtc_reg(RTC_MONTH);
	t->year = rtc_reg(RTC_YEAR);
	t->century = rtc_reg(RTC_CENTURY);
}

/* Ring 0: the CMOS registers are ports. */
uint64_t arch_rtc_read_ns_ring0(void)
{
	struct rtc_time a, b;
	/* Read until two snapshots agree, so no update tore the values. */
	rtc_snapshot(&b);
	for (int i = 0; i < 10; i++) {
		a = b;
		rtc_snapshot(&b);
		if (__builtin_memcmp(&a, &b, sizeof(a)) == 0)
			break;
	}
	uint8_t status = rtc_reg(RTC_STATUS_B);
	int bin = status & RTC_B_BINARY;
	unsigned hour = rtc_bin(b.hour & ~RTC_HOUR_PM, bin);
	if (!(status & RTC_B_24H) && (b.hour & RTC_HOUR_PM))
		hour = (hour % 12) + 12;
	else if (!(status & RTC_B_24H) && hour == 12)
		hour = 0;
	unsigned century = b.century ? rtc_bin(b.century, bin) : 20;
	int64_t year = century * 100 + rtc_bin(b.year, bin);
	int64_t days = clock_days_from_civil(year, rtc_bin(b.mon, bin), rtc_bin(b.day, bin));
	int64_t secs = days * 86400 + hour * 3600 + rtc_bin(b.min, bin) * 60 + rtc_bin(b.sec, bin);
	return secs > 0 ? (uint64_t)secs * 1000000000ull : 0;
}

uint64_t arch_rtc_read_ns(void)
{
	return kcall(KCALL_RTC_READ, 0, 0, 0);
}
