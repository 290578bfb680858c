// SPDX-License-Identifier: MIT
/* Sleeps and cross-core pings arm timers, send IPIs and idle without the common trap path. */
// eremit-test: runner eremit
// eremit-test: cpus 1 2
// eremit-test: stdout sleeps: 0 kernel calls through the trap path
// eremit-test: stdout pings: 0 kernel calls through the trap path
// eremit-test: stdout-exact
#include <eremit/cpu.h>
#include <stdio.h>
#include <unistd.h>

/*
 * Kernel calls raise #UD (vector 6). Under the eremit monitor (x2APIC and a
 * TSC-deadline timer) kcall_fast.S serves arming the timer, IPIs and idling
 * itself; every other #UD goes through trap_dispatch, which counts it like
 * any vector. So the count must not move while we sleep and ping.
 */
#define VEC_UD 6

static unsigned long long ud_count(void)
{
	unsigned long long n = 0;
	for (unsigned c = 0; c < eremit_cpu_count(); c++)
		n += eremit_irq_count(c, VEC_UD);
	return n;
}

int main(void)
{
	unsigned long long before = ud_count();
	unsigned long long timer = eremit_irq_count(0, EREMIT_VEC_TIMER);
	for (int i = 0; i < 20; i++)
		usleep(2000); /* arms the deadline timer and idles until it fires */
	unsigned long long n = ud_count() - before;
	if (eremit_irq_count(0, EREMIT_VEC_TIMER) - timer < 20)
		return printf("20 sleeps took fewer than 20 timer interrupts\n"), 1;
	printf("sleeps: %llu kernel calls through the trap path\n", n);
	if (n)
		return 1;

	before = ud_count();
	for (unsigned c = 1; c < eremit_cpu_count(); c++)
		for (int i = 0; i < 20; i++)
			if (eremit_cpu_ping(c) <= 0)
				return printf("ping %u failed\n", c), 1;
	n = ud_count() - before;
	printf("pings: %llu kernel calls through the trap path\n", n);
	return n != 0;
}
