// SPDX-License-Identifier: MIT
/*
 * bench/sched: the costs of the scheduler and of waiting, the same C source
 * on Linux (glibc, futex system call) and on Eremit (its pthreads, its futex):
 *  - yield_same_core: one round trip through sched_yield between two threads
 *    pinned to one core (A yields, B runs and yields, A runs again);
 *  - create_join_same_core / _cross_core: pthread_create + pthread_join of a
 *    thread that returns at once, placed on main's core / the other core;
 *  - mutex_uncontended: one lock + unlock pair (timed in batches);
 *  - mutex_contended: one lock + unlock pair while a thread on another core
 *    does the same (throughput of both over rounds of batches; 2 cores);
 *  - futex_same_core / futex_cross_core: a futex ping-pong round trip between
 *    two threads on one core / on two cores (each side waits on a word until
 *    the other flips it and wakes it);
 *  - cond_wake_same_core / cond_wake_cross_core: from pthread_cond_signal to
 *    the waiter running again, one way, timed by both sides on CLOCK_MONOTONIC.
 * Each case runs SAMPLES times after a warm-up; prints "case median_ns min_ns".
 *   sched [SAMPLES] [CORES]   (defaults 20000, every core up to 2)
 * Every thread pins itself (pthread_setaffinity_np, or its creation attribute)
 * to core 0 or 1; run.sh maps those to host CPUs 0 and 1 on both sides
 * (eremit --pin=0-1; Linux under likwid-pin -c 0 for main, whose wrapper
 * takes ~40 ms per pthread_create when given two CPUs to deal out).
 */
#define _GNU_SOURCE /* cpu_set_t's macros, sched_getcpu, the affinity calls: both sides */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef __eremit__
#include "../../include/runtime/futex.h"

static void futex_wait_on(_Atomic uint32_t *w, uint32_t val)
{
	futex_wait(w, val, 0);
}

static void futex_wake_one(_Atomic uint32_t *w)
{
	futex_wake(w, 1);
}
#else
#include <linux/futex.h>
#include <sys/syscall.h>

static void futex_wait_on(_Atomic uint32_t *w, uint32_t val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake_one(_Atomic uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
#endif

#define BATCH 1000 /* lock/unlock pairs per timed batch */

static long samples;
static long long *sample; /* ns, one per sample */

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what, int e)
{
	fprintf(stderr, "sched: %s: %s\n", what, strerror(e));
	exit(1);
}

static void pin(int cpu)
{
	cpu_set_t set;
	int e;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if ((e = pthread_setaffinity_np(pthread_self(), sizeof set, &set)))
		die("pthread_setaffinity_np", e);
	if (sched_getcpu() != cpu) {
		fprintf(stderr, "sched: pinned to CPU %d, running on %d\n", cpu, sched_getcpu());
		exit(1);
	}
}

static pthread_t start(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int e = pthread_create(&t, NULL, fn, arg);

	if (e)
		die("pthread_create", e);
	return t;
}

static void join(pthread_t t)
{
	int e = pthread_join(t, NULL);

	if (e)
		die("pthread_join", e);
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Prints the median and minimum of the first n samples, divided by div. */
static void report(const char *name, long n, double div)
{
	qsort(sample, (size_t)n, sizeof *sample, cmp);
	printf("%s %.1f %.1f\n", name, sample[n / 2] / div, sample[0] / div);
	fflush(stdout);
}

/* Two threads on cores a and b run fn(0) and fn(1); both meet before timing. */
struct pair {
	int cpu[2];
	void (*fn)(int side);
	atomic_int ready;
};
static struct pair pair;

static void *pair_side(void *arg)
{
	int side = (int)(uintptr_t)arg;

	pin(pair.cpu[side]);
	atomic_fetch_add(&pair.ready, 1);
	while (atomic_load(&pair.ready) < 2)
		sched_yield();
	pair.fn(side);
	return NULL;
}

static void run_pair(int a, int b, void (*fn)(int side))
{
	pair = (struct pair){{a, b}, fn, 0};
	pthread_t t0 = start(pair_side, (void *)0), t1 = start(pair_side, (void *)1);
	join(t0);
	join(t1);
}

/* yield: side 0 times each of its yields; side 1 yields as often. */
static atomic_int yield_done;

static void yield_side(int side)
{
	if (side == 1) {
		while (!atomic_load_explicit(&yield_done, memory_order_relaxed))
			sched_yield();
		return;
	}
	for (long i = -samples / 10; i < samples; i++) {
		long long t0 = now_ns();
		sched_yield();
		if (i >= 0)
			sample[i] = now_ns() - t0;
	}
	atomic_store(&yield_done, 1);
}

static void *nothing(void *arg)
{
	return arg;
}

/* The new thread is placed on `cpu` by its attribute (Linux would inherit main's CPU). */
static void create_join(long n, int cpu)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int e;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if ((e = pthread_attr_init(&attr)) ||
	    (e = pthread_attr_setaffinity_np(&attr, sizeof set, &set)))
		die("pthread_attr_setaffinity_np", e);
	for (long i = -n / 10; i < n; i++) {
		pthread_t t;
		long long t0 = now_ns();
		if ((e = pthread_create(&t, &attr, nothing, NULL)))
			die("pthread_create", e);
		join(t);
		if (i >= 0)
			sample[i] = now_ns() - t0;
	}
	pthread_attr_destroy(&attr);
}

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

static void lock_batches(long batches, long long *out)
{
	for (long b = -batches / 10; b < batches; b++) {
		long long t0 = now_ns();
		for (int i = 0; i < BATCH; i++) {
			pthread_mutex_lock(&mutex);
			counter++;
			pthread_mutex_unlock(&mutex);
		}
		if (b >= 0)
			out[b] = now_ns() - t0;
	}
}

/*
 * Contended: in each round both threads leave a spinning start line together
 * and do BATCH lock/unlock pairs each; the round lasts from the first start
 * to the last end, and counts 2 * BATCH pairs (throughput, however unfair).
 */
static atomic_int line_count, line_gen;
static long long round_t0[2], round_t1[2];

static void start_line(void)
{
	int gen = atomic_load_explicit(&line_gen, memory_order_acquire);

	if (atomic_fetch_add_explicit(&line_count, 1, memory_order_acq_rel) == 1) {
		atomic_store_explicit(&line_count, 0, memory_order_relaxed);
		atomic_store_explicit(&line_gen, gen + 1, memory_order_release);
		return;
	}
	while (atomic_load_explicit(&line_gen, memory_order_acquire) == gen)
		;
}

static void contended_side(int side)
{
	long rounds = samples / BATCH;

	for (long r = -rounds / 10; r < rounds; r++) {
		start_line();
		round_t0[side] = now_ns();
		for (int i = 0; i < BATCH; i++) {
			pthread_mutex_lock(&mutex);
			counter++;
			pthread_mutex_unlock(&mutex);
		}
		round_t1[side] = now_ns();
		start_line();
		if (!side && r >= 0) {
			long long t0 = round_t0[0] < round_t0[1] ? round_t0[0] : round_t0[1];
			long long t1 = round_t1[0] > round_t1[1] ? round_t1[0] : round_t1[1];
			sample[r] = t1 - t0;
		}
	}
}

/* Futex ping-pong: the word says whose turn it is. Side 0 times round trips. */
static _Atomic uint32_t turn;

static void wait_turn(uint32_t mine)
{
	uint32_t v;

	/* acquire: what the other side wrote before passing the turn is visible. */
	while ((v = atomic_load_explicit(&turn, memory_order_acquire)) != mine)
		futex_wait_on(&turn, v);
}

static void pass_turn(uint32_t to)
{
	/* release: pairs with wait_turn's acquire. */
	atomic_store_explicit(&turn, to, memory_order_release);
	futex_wake_one(&turn);
}

static void futex_side(int side)
{
	for (long i = -samples / 10; i < samples; i++) {
		if (side) {
			wait_turn(1);
			pass_turn(0);
			continue;
		}
		long long t0 = now_ns();
		pass_turn(1);
		wait_turn(0);
		if (i >= 0)
			sample[i] = now_ns() - t0;
	}
}

/*
 * Condition variable: each side waits for its turn, then stamps the time and
 * signals the other, which on waking stores its latency; both sides sample.
 * The signaller holds the mutex until it waits itself, so every turn is a
 * real wake-up of a blocked waiter, and the latency includes the mutex.
 */
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int cond_turn;
static long long cond_stamp;
static long long *cond_lat[2];

static void cond_side(int side)
{
	pthread_mutex_lock(&mutex);
	for (long i = -samples / 10; i < samples; i++) {
		while (cond_turn != side)
			pthread_cond_wait(&cond, &mutex);
		/* From the warm-up on, each turn came by a wake-up from the other side. */
		long long woke = now_ns();
		if (i >= 0)
			cond_lat[side][i] = woke - cond_stamp;
		cond_turn = 1 - side;
		cond_stamp = now_ns();
		pthread_cond_signal(&cond);
	}
	pthread_mutex_unlock(&mutex);
}

static void cond_case(const char *name, int a, int b)
{
	cond_turn = 0;
	cond_lat[0] = sample;
	cond_lat[1] = sample + samples;
	run_pair(a, b, cond_side);
	report(name, 2 * samples, 1);
}

int main(int argc, char **argv)
{
	long cores_online = sysconf(_SC_NPROCESSORS_ONLN);
	long cores;

	samples = argc > 1 ? atol(argv[1]) : 20000;
	cores = argc > 2 ? atol(argv[2]) : (cores_online < 2 ? cores_online : 2);
	if (samples < BATCH * 10 || cores < 1 || cores > 2 || cores > cores_online) {
		fprintf(stderr, "usage: %s [SAMPLES (>= %d)] [CORES (1..%ld, at most 2)]\n",
			argv[0], BATCH * 10, cores_online < 2 ? cores_online : 2);
		return 2;
	}
	sample = malloc((size_t)samples * 2 * sizeof *sample);
	if (!sample)
		die("malloc", ENOMEM);
	printf("cores %ld\n", cores);

	run_pair(0, 0, yield_side);
	report("yield_same_core", samples, 1);

	pin(0);
	create_join(samples / 10, 0);
	report("create_join_same_core", samples / 10, 1);
	lock_batches(samples / BATCH, sample);
	report("mutex_uncontended", samples / BATCH, BATCH);

	turn = 0;
	run_pair(0, 0, futex_side);
	report("futex_same_core", samples, 1);
	cond_case("cond_wake_same_core", 0, 0);
	if (cores > 1) {
		turn = 0;
		run_pair(0, 1, futex_side);
		report("futex_cross_core", samples, 1);
		cond_case("cond_wake_cross_core", 0, 1);
		run_pair(0, 1, contended_side);
		report("mutex_contended", samples / BATCH, 2 * BATCH);
		create_join(samples / 10, 1);
		report("create_join_cross_core", samples / 10, 1);
	}
	return 0;
}
