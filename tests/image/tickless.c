// SPDX-License-Identifier: MIT
/* Tickless: a core spinning for a second takes no timer interrupt; a sleep takes some. */
// eremit-test: stdout spinning 1 s: 0 timer interrupts
// eremit-test: stdout sleeping: timer interrupts counted
// eremit-test: stdout idle again: 0 timer interrupts
// eremit-test: stdout-exact
#include <eremit/cpu.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Timer interrupts the boot core takes while it spins for ns. */
static unsigned long long spin(long long ns)
{
	unsigned long long before = eremit_irq_count(0, EREMIT_VEC_TIMER);
	for (long long end = now_ns() + ns; now_ns() < end;)
		;
	return eremit_irq_count(0, EREMIT_VEC_TIMER) - before;
}

int main(void)
{
	unsigned long long n = spin(1000000000LL);
	printf("spinning 1 s: %llu timer interrupts\n", n);
	if (n)
		return 1;

	/* Each 2 ms sleep halts until its one deadline: about one interrupt each. */
	unsigned long long before = eremit_irq_count(0, EREMIT_VEC_TIMER);
	for (int i = 0; i < 20; i++)
		usleep(2000);
	n = eremit_irq_count(0, EREMIT_VEC_TIMER) - before;
	if (n < 20 || n > 40)
		return printf("20 sleeps took %llu timer interrupts, want 20..40\n", n), 1;
	printf("sleeping: timer interrupts counted\n");

	/*
	 * The last sleep's timer is gone: nothing is armed any more. (If the host
	 * stalled us right at its deadline, its interrupt may still be on the
	 * way when the sleep returns: it gets a millisecond to arrive.)
	 */
	spin(1000000LL);
	n = spin(200000000LL);
	printf("idle again: %llu timer interrupts\n", n);
	return n != 0;
}
