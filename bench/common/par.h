// SPDX-License-Identifier: MIT
/*
 * bench/common/par.h: one function run on several cores at once, the same way
 * on Eremit and on Linux, so that a benchmark is one C source for both.
 *  - Eremit: core 0 (the caller, main) and cores 1..n-1 through
 *    eremit_cpu_run/eremit_cpu_wait. `eremit --pin=LIST` puts vCPU i on the
 *    i-th host CPU of LIST.
 *  - Linux: the main thread and n-1 pthreads, created once, in order, and kept
 *    for later runs. The run scripts start the program under `likwid-pin -c
 *    LIST`, which pins the main thread to the first CPU of LIST and the k-th
 *    created thread to the (k+1)-th: the same host CPUs as the Eremit vCPUs.
 * Waking a core (about 30-40 us under PVM) or a thread stays out of every timed
 * region: the participants meet at a spinning start line before the function
 * runs, and par_sync() lets them meet again inside it.
 * Include this header first: it asks glibc for sched_getcpu().
 */
#ifndef BENCH_PAR_H
#define BENCH_PAR_H

#ifndef __eremit__
#define _GNU_SOURCE
#endif
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef __eremit__
#include <eremit/cpu.h>
#else
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#endif

/* Most cores a run may use (Eremit's limit). */
#define PAR_MAX 256

/* Per-core data is aligned to this, two cache lines: the adjacent-line prefetcher pairs them. */
#define PAR_LINE 128

typedef void par_fn(unsigned index, void *arg);

/* A spinning barrier; count and gen live on their own lines, away from the callers' data. */
struct par_barrier {
	_Alignas(PAR_LINE) atomic_uint count;
	atomic_uint gen;
	char pad[PAR_LINE - 2 * sizeof(atomic_uint)];
};

static struct par_barrier par_line;
static unsigned par_n; /* participants of the current run; written before they start */

static inline void par_relax(void)
{
	__builtin_ia32_pause();
}

/* Waits until n callers have arrived; the last one releases the others. */
static inline void par_barrier_wait(struct par_barrier *b, unsigned n)
{
	/* acquire: the generation must be read before this caller is counted. */
	unsigned gen = atomic_load_explicit(&b->gen, memory_order_acquire);

	/* acq_rel: the last arrival sees all earlier arrivals' writes, and publishes them below. */
	if (atomic_fetch_add_explicit(&b->count, 1, memory_order_acq_rel) == n - 1) {
		/* relaxed: nobody reads count before the release store of gen below. */
		atomic_store_explicit(&b->count, 0, memory_order_relaxed);
		/* release: the waiters see every write made before anyone arrived. */
		atomic_store_explicit(&b->gen, gen + 1, memory_order_release);
		return;
	}
	while (atomic_load_explicit(&b->gen, memory_order_acquire) == gen)
		par_relax();
}

/* All participants of the current par_run meet here (call it from inside fn). */
static inline void par_sync(void)
{
	par_barrier_wait(&par_line, par_n);
}

struct par_job {
	par_fn *fn;
	void *arg;
	unsigned index;
};

/* What every participant runs: the start line, then the function. */
static void par_enter(struct par_job *j)
{
	par_sync();
	j->fn(j->index, j->arg);
}

#ifdef __eremit__

/* Cores this program may use. */
static inline unsigned par_cores(void)
{
	return eremit_cpu_count();
}

/* The core the caller runs on (on Linux: the host CPU). */
static inline int par_cpu(void)
{
	return (int)eremit_cpu_id();
}

/* Timer interrupts the caller's core has taken so far, -1 if unknown. */
static inline long long par_timer_irqs(void)
{
	return (long long)eremit_irq_count(eremit_cpu_id(), EREMIT_VEC_TIMER);
}

static void par_enter_void(void *j)
{
	par_enter(j);
}

/* Runs fn(i, arg) for i = 0..n-1 at once, i = 0 on the caller; 0, or -1 with a message. */
static inline int par_run(unsigned n, par_fn *fn, void *arg)
{
	static struct par_job job[PAR_MAX];

	if (n < 1 || n > eremit_cpu_count()) {
		fprintf(stderr, "par: %u cores asked, %u online\n", n, eremit_cpu_count());
		return -1;
	}
	par_n = n;
	for (unsigned i = 0; i < n; i++)
		job[i] = (struct par_job){fn, arg, i};
	for (unsigned i = 1; i < n; i++) {
		int e = eremit_cpu_run(i, par_enter_void, &job[i]);
		if (e) {
			/* The start line would wait for this core forever. */
			fprintf(stderr, "par: eremit_cpu_run(%u): error %d\n", i, e);
			exit(1);
		}
	}
	par_enter(&job[0]);
	for (unsigned i = 1; i < n; i++)
		eremit_cpu_wait(i);
	return 0;
}

#else /* Linux */

static inline unsigned par_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > PAR_MAX ? PAR_MAX : (unsigned)n;
}

static inline int par_cpu(void)
{
	return sched_getcpu();
}

/* The LOC ("Local timer interrupts") count of the caller's CPU in /proc/interrupts. */
static inline long long par_timer_irqs(void)
{
	char line[16384], name[32];
	int cpu = sched_getcpu(), column = -1, col = 0, off, used;
	long long v = -1;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	/* The header names the columns: CPU0 CPU1 ... (offline CPUs have none). */
	if (fgets(line, sizeof line, f))
		for (off = 0; sscanf(line + off, "%31s%n", name, &used) == 1; off += used, col++)
			if (!strncmp(name, "CPU", 3) && atoi(name + 3) == cpu)
				column = col;
	while (column >= 0 && fgets(line, sizeof line, f)) {
		if (sscanf(line, " %31s%n", name, &off) != 1 || strcmp(name, "LOC:"))
			continue;
		for (col = 0; sscanf(line + off, "%lld%n", &v, &used) == 1; off += used, col++)
			if (col == column)
				break;
		if (col != column)
			v = -1;
		break;
	}
	fclose(f);
	return v;
}

/* The worker threads wait for a new generation of job under this lock. */
static pthread_mutex_t par_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t par_wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t par_done = PTHREAD_COND_INITIALIZER;
static struct par_job par_jobs[PAR_MAX];
static unsigned par_threads, par_gen, par_finished;

static void *par_worker(void *p)
{
	unsigned i = (unsigned)(uintptr_t)p, seen = 0;

	for (;;) {
		pthread_mutex_lock(&par_lock);
		while (par_gen == seen)
			pthread_cond_wait(&par_wake, &par_lock);
		seen = par_gen;
		int mine = i < par_n;
		pthread_mutex_unlock(&par_lock);
		if (mine)
			par_enter(&par_jobs[i]);
		pthread_mutex_lock(&par_lock);
		if (++par_finished == par_threads)
			pthread_cond_signal(&par_done);
		pthread_mutex_unlock(&par_lock);
	}
	return 0;
}

static inline int par_run(unsigned n, par_fn *fn, void *arg)
{
	if (n < 1 || n > PAR_MAX) {
		fprintf(stderr, "par: %u threads asked, 1..%d possible\n", n, PAR_MAX);
		return -1;
	}
	/* Created in order, so that likwid-pin gives thread i the i-th CPU of its list. */
	for (; par_threads + 1 < n; par_threads++) {
		pthread_t t;
		int e = pthread_create(&t, 0, par_worker, (void *)(uintptr_t)(par_threads + 1));
		if (e) {
			fprintf(stderr, "par: pthread_create: %s\n", strerror(e));
			return -1;
		}
	}
	pthread_mutex_lock(&par_lock);
	par_n = n;
	for (unsigned i = 0; i < n; i++)
		par_jobs[i] = (struct par_job){fn, arg, i};
	par_finished = 0;
	par_gen++;
	pthread_cond_broadcast(&par_wake);
	pthread_mutex_unlock(&par_lock);
	par_enter(&par_jobs[0]);
	pthread_mutex_lock(&par_lock);
	while (par_finished != par_threads)
		pthread_cond_wait(&par_done, &par_lock);
	pthread_mutex_unlock(&par_lock);
	return 0;
}

#endif /* __eremit__ */
#endif /* BENCH_PAR_H */
