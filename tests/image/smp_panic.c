// SPDX-License-Identifier: MIT
/* A panic on a secondary core stops every core and prints one report. */
// eremit-test: cpus 2 4
// eremit-test: qemu-cpus 4
// eremit-test: status 70
// eremit-test: stderr-once kernel panic on CPU 1: raised on purpose
// eremit-test: stderr-once ^eremit: kernel panic
#include <stdio.h>
#include <eremit/cpu.h>

/* The kernel's own panic(); not an application API, but the thing under test. */
extern void panic(const char *fmt, ...);

static void spin(void *arg)
{
	(void)arg;
	for (;;)
		__asm__ volatile("pause");
}

static void die(void *arg)
{
	(void)arg;
	panic("raised on purpose");
}

int main(void)
{
	unsigned n = eremit_cpu_count();
	if (n < 2) {
		printf("needs 2 cores, has %u\n", n);
		return 1;
	}
	/* The other cores are busy (they must be stopped by NMI), core 1 panics. */
	for (unsigned c = 2; c < n; c++)
		if (eremit_cpu_run(c, spin, 0))
			return 2;
	if (eremit_cpu_run(1, die, 0))
		return 3;
	for (;;)
		__asm__ volatile("pause");
}
