// SPDX-License-Identifier: MIT
/* CPU affinity: a pinned thread stays put under load, a running thread moves, bad sets fail. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout query: main may run on every CPU, sched_getcpu is one of them
// eremit-test: stdout pinned: on each CPU, stayed through yields, sleeps and work under load
// eremit-test: stdout self: sched_setaffinity moves the caller before it returns
// eremit-test: stdout moved: a spinning thread follows pthread_setaffinity_np to each CPU
// eremit-test: stdout invalid: EINVAL for an empty set and for CPUs not online, affinity kept
// eremit-test: stdout PASS pthread_affinity
#include "pthread_test.h"

#define MAXCPU	256
#define YIELDS	2000
#define SLEEPS	20
#define MOVE_NS 5000000000LL /* a move must be seen within this (the host may stall us) */

static int cpu[MAXCPU];
static unsigned ncpu;
static atomic_int stop;

static void *load(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		pt_work(20000);
		sched_yield();
	}
	return NULL;
}

static void query(void)
{
	cpu_set_t set;

	ncpu = pt_allowed(cpu, MAXCPU);
	if (ncpu > pt_cpus())
		pt_fail("affinity holds %u CPUs, %u online", ncpu, pt_cpus());
	PT_CHECK(pthread_getaffinity_np(pthread_self(), sizeof set, &set));
	if (sched_getaffinity(0, sizeof set, &set))
		pt_fail("sched_getaffinity: %s", strerror(errno));
	if ((unsigned)CPU_COUNT(&set) != ncpu)
		pt_fail("sched_getaffinity: %d CPUs, pthread_getaffinity_np %u", CPU_COUNT(&set),
			ncpu);
	int c = sched_getcpu();
	if (c < 0 || !CPU_ISSET(c, &set))
		pt_fail("sched_getcpu() = %d, not in the affinity", c);
	printf("# %u CPUs\n", ncpu);
	printf("query: main may run on every CPU, sched_getcpu is one of them\n");
}

static void *pinned(void *arg)
{
	int c = (int)(intptr_t)arg, on;
	cpu_set_t set;

	pt_pin_self(c);
	PT_CHECK(pthread_getaffinity_np(pthread_self(), sizeof set, &set));
	if (CPU_COUNT(&set) != 1 || !CPU_ISSET(c, &set))
		pt_fail("pinned to CPU %d, pthread_getaffinity_np says otherwise", c);
	for (int i = 0; i < YIELDS + SLEEPS; i++) {
		if ((on = sched_getcpu()) != c)
			pt_fail("pinned to CPU %d, found on CPU %d after %d yields or sleeps", c,
				on, i);
		if (i % 100 == 0)
			pt_work(50000);
		if (i < YIELDS)
			sched_yield();
		else
			pt_sleep_ns(100000);
	}
	return NULL;
}

static void pin(void)
{
	pthread_t l[MAXCPU + 1], t;

	atomic_store(&stop, 0);
	for (unsigned i = 0; i <= ncpu; i++)
		PT_CHECK(pthread_create(&l[i], NULL, load, NULL));
	for (unsigned i = 0; i < ncpu; i++) {
		PT_CHECK(pthread_create(&t, NULL, pinned, (void *)(intptr_t)cpu[i]));
		PT_CHECK(pthread_join(t, NULL));
	}
	atomic_store(&stop, 1);
	for (unsigned i = 0; i <= ncpu; i++)
		PT_CHECK(pthread_join(l[i], NULL));
	printf("pinned: on each CPU, stayed through yields, sleeps and work under load\n");
}

static void self_move(void)
{
	cpu_set_t set;

	for (unsigned k = 0; k < 2 * ncpu; k++) {
		int c = cpu[(k * 7 + 1) % ncpu], on;
		CPU_ZERO(&set);
		CPU_SET(c, &set);
		if (sched_setaffinity(0, sizeof set, &set))
			pt_fail("sched_setaffinity: %s", strerror(errno));
		if ((on = sched_getcpu()) != c)
			pt_fail("sched_setaffinity to CPU %d returned on CPU %d", c, on);
	}
	CPU_ZERO(&set);
	for (unsigned i = 0; i < ncpu; i++)
		CPU_SET(cpu[i], &set);
	if (sched_setaffinity(0, sizeof set, &set))
		pt_fail("sched_setaffinity: %s", strerror(errno));
	printf("self: sched_setaffinity moves the caller before it returns\n");
}

static atomic_int now_on = -1;

/* Spins without yielding or blocking: it moves only by being moved. */
static void *spinner(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		atomic_store_explicit(&now_on, sched_getcpu(), memory_order_relaxed);
		pt_work(1000);
	}
	return NULL;
}

static void move(void)
{
	pthread_t t;
	cpu_set_t set;

	atomic_store(&stop, 0);
	PT_CHECK(pthread_create(&t, NULL, spinner, NULL));
	for (unsigned k = 0; k < 2 * ncpu; k++) {
		int c = cpu[(k + 1) % ncpu];
		CPU_ZERO(&set);
		CPU_SET(c, &set);
		PT_CHECK(pthread_setaffinity_np(t, sizeof set, &set));
		long long t0 = pt_mono();
		while (atomic_load(&now_on) != c) {
			if (pt_mono() - t0 > MOVE_NS)
				pt_fail(
				    "a spinning thread pinned to CPU %d still on CPU %d after 5 s",
				    c, atomic_load(&now_on));
			sched_yield();
		}
		/* Stays there: sampled over 2 ms. */
		for (long long t1 = pt_mono(); pt_mono() - t1 < 2000000;) {
			int on = atomic_load(&now_on);
			if (on != c)
				pt_fail("a thread moved to CPU %d was seen on CPU %d later", c, on);
			sched_yield();
		}
	}
	atomic_store(&stop, 1);
	PT_CHECK(pthread_join(t, NULL));
	printf("moved: a spinning thread follows pthread_setaffinity_np to each CPU\n");
}

static void invalid(void)
{
	cpu_set_t set, now;

	CPU_ZERO(&set);
	PT_EXPECT(pthread_setaffinity_np(pthread_self(), sizeof set, &set), EINVAL);
	errno = 0;
	if (sched_setaffinity(0, sizeof set, &set) != -1 || errno != EINVAL)
		pt_fail("sched_setaffinity with an empty set: errno %d, expected EINVAL", errno);
	/* The highest CPU a cpu_set_t can name: no machine here has it. */
	CPU_SET(CPU_SETSIZE - 1, &set);
	PT_EXPECT(pthread_setaffinity_np(pthread_self(), sizeof set, &set), EINVAL);
	/* One past the online CPUs (Eremit numbers them 0..n-1). */
	CPU_ZERO(&set);
	CPU_SET((int)pt_cpus(), &set);
	PT_EXPECT(pthread_setaffinity_np(pthread_self(), sizeof set, &set), EINVAL);
	PT_CHECK(pthread_getaffinity_np(pthread_self(), sizeof now, &now));
	if ((unsigned)CPU_COUNT(&now) != ncpu)
		pt_fail("a refused set changed the affinity: %d CPUs, had %u", CPU_COUNT(&now),
			ncpu);
	printf("invalid: EINVAL for an empty set and for CPUs not online, affinity kept\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	query();
	pin();
	self_move();
	move();
	invalid();
	printf("PASS pthread_affinity\n");
	return 0;
}
