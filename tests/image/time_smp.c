// SPDX-License-Identifier: MIT
/* Time on several cores: monotonic across cores, sleeps on a second core, tickless neighbours. */
// eremit-test: cpus 2
// eremit-test: qemu-cpus 2
// eremit-test: stdout monotonic across cores
// eremit-test: stdout core 1 sleeps on its own timer
// eremit-test: stdout core 0 spinning meanwhile: 0 timer interrupts
// eremit-test: stdout-exact
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <eremit/cpu.h>

#define ROUNDS 20000
#define SLEEPS 50

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/*
 * Cores 0 and 1 pass a token back and forth; each reads the clock when it
 * holds the token. The hand-over orders the readings: a later one below
 * an earlier one means the clock went back across cores.
 */
static _Atomic int turn;
static _Atomic long long last;
static _Atomic int backwards;

static void pass_token(void *arg)
{
	int me = (int)(long)arg;
	for (int i = 0; i < ROUNDS; i++) {
		while (atomic_load_explicit(&turn, memory_order_acquire) != me)
			;
		long long t = now_ns();
		if (t < atomic_load_explicit(&last, memory_order_relaxed))
			atomic_fetch_add(&backwards, 1);
		atomic_store_explicit(&last, t, memory_order_relaxed);
		atomic_store_explicit(&turn, !me, memory_order_release);
	}
}

static long long sleep_max_late_ns;
static int sleep_early;

static void sleep_a_lot(void *arg)
{
	(void)arg;
	for (int i = 0; i < SLEEPS; i++) {
		long long t0 = now_ns();
		usleep(2000);
		long long late = now_ns() - t0 - 2000000;
		sleep_early |= late < 0;
		sleep_max_late_ns = late > sleep_max_late_ns ? late : sleep_max_late_ns;
	}
}

int main(void)
{
	if (eremit_cpu_count() < 2)
		return printf("needs 2 cores, has %u\n", eremit_cpu_count()), 1;

	if (eremit_cpu_run(1, pass_token, (void *)1L))
		return 2;
	pass_token(0);
	if (eremit_cpu_wait(1))
		return 3;
	if (backwards)
		return printf("the clock went back %d times across cores\n", backwards), 1;
	printf("monotonic across cores\n");

	unsigned long long t1 = eremit_irq_count(1, EREMIT_VEC_TIMER);
	unsigned long long t0 = eremit_irq_count(0, EREMIT_VEC_TIMER);
	if (eremit_cpu_run(1, sleep_a_lot, 0))
		return 4;
	/* Core 0 spins for longer than core 1 sleeps, then waits for it. */
	for (long long end = now_ns() + SLEEPS * 2000000LL + 50000000LL; now_ns() < end;)
		;
	unsigned long long spun = eremit_irq_count(0, EREMIT_VEC_TIMER) - t0;
	if (eremit_cpu_wait(1))
		return 5;
	t1 = eremit_irq_count(1, EREMIT_VEC_TIMER) - t1;
	if (sleep_early)
		return printf("a sleep on core 1 returned early\n"), 1;
	if (t1 < SLEEPS)
		return printf("%d sleeps on core 1 took %llu timer interrupts\n", SLEEPS, t1), 1;
	fprintf(stderr, "core 1: %llu timer interrupts, latest sleep %lld us late\n", t1,
		sleep_max_late_ns / 1000);
	printf("core 1 sleeps on its own timer\n");
	printf("core 0 spinning meanwhile: %llu timer interrupts\n", spun);
	return spun != 0;
}
