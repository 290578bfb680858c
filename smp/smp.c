// SPDX-License-Identifier: MIT
/* Bringing every CPU online, and what one CPU asks of another: work, pings. */
#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/apic.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/smp.h"
#include "eremit/cpu.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/klog.h"
#include "kernel/paging.h"
#include "kernel/pmem.h"
#include "kernel/timer.h"
#include "kernel/trap.h"
#include "runtime/runtime.h"
#include "runtime/thread.h"
#include "smp/percpu.h"
#include "smp/smp.h"

/*
 * What other CPUs write to a CPU. One cache line, apart from struct cpu,
 * which only its owner writes. Every field is atomic: a writer on one CPU,
 * a reader on another.
 */
enum smp_work_state {
	SMP_WORK_IDLE,	  /* nothing to do, nobody waiting */
	SMP_WORK_CLAIMED, /* a CPU is filling in fn and arg */
	SMP_WORK_QUEUED,  /* fn and arg are there: run them */
	SMP_WORK_RUNNING,
	SMP_WORK_DONE, /* until the waiter takes note (back to IDLE) */
};

struct smp_mailbox {
	_Atomic int work;	  /* enum smp_work_state */
	void (*_Atomic fn)(void *);
	void *_Atomic arg;
	_Atomic uint32_t waiter;    /* CPU id + 1 waiting for SMP_WORK_DONE, or 0 */
	_Atomic uint32_t ping_from; /* CPU id + 1 that pinged us, or 0 */
	_Atomic uint32_t ping_ack;  /* set by a CPU we pinged when it answers */
} __attribute__((aligned(CPU_CACHE_LINE)));

static struct smp_mailbox smp_mailboxes[CPU_MAX];

/* CPU id of the CPU reporting a panic or fatal fault, -1 while there is none. */
static _Atomic int smp_reporter = -1;

#define SMP_STACK_SIZE	     (2 * 1024 * 1024) /* an AP's ring-3 stack, like a thread's */
#define SMP_START_TIMEOUT_MS 10000	       /* 16 CPUs under TCG on 2 host cores */
#define SMP_SPIN_NS	     100000 /* spin this long before halting: halting and being woken cost about as much */

void smp_ap_main(unsigned cpu);
static _Noreturn void smp_ap_user(void);

static struct smp_mailbox *smp_box(unsigned cpu)
{
	return &smp_mailboxes[cpu];
}

static void smp_kick(unsigned cpu)
{
	apic_send(cpus[cpu].apic_id, APIC_ICR_FIXED | APIC_VEC_WAKE);
}

/* A ping to this CPU: answer it (any CPU that waits answers, so no pair deadlocks). */
static void smp_answer_ping(struct smp_mailbox *b)
{
	uint32_t from = atomic_exchange(&b->ping_from, 0);
	if (from) {
		atomic_store(&smp_box(from - 1)->ping_ack, 1);
		smp_kick(from - 1);
	}
}

void smp_wait(bool (*done)(const void *), const void *arg)
{
	struct cpu *c = this_cpu();
	struct smp_mailbox *me = smp_box(c->id);
	uint64_t spin_end = rdtsc() + clock_ns_to_tsc(SMP_SPIN_NS);
	while (!done(arg)) {
		if (atomic_load_explicit(&me->ping_from, memory_order_relaxed))
			smp_answer_ping(me);
		if (rdtsc() < spin_end) {
			cpu_relax();
			continue;
		}
		/* Read the sequence before the last look: a wake-up after it is never lost. */
		uint64_t seen = atomic_load(&c->wake_seq);
		if (done(arg) || atomic_load(&me->ping_from))
			continue;
		apic_idle(&c->wake_seq, seen);
	}
}

/* Ring 0, on the new CPU, on the stack its starter gave it. */
void smp_ap_main(unsigned cpu)
{
	struct cpu *c = &cpus[cpu];
	arch_cpu_init();
	gdt_init(cpu, (void *)(c->stack_top - SMP_STACK_SIZE - GDT_IST_BYTES));
	percpu_init(cpu);
	trap_init_cpu();
	atomic_store(&c->state, CPU_BOOTING);
	kcall_enter_user(smp_ap_user, c->stack_top);
}

bool smp_work_pending(void)
{
	struct smp_mailbox *b = smp_box(this_cpu()->id);
	return atomic_load_explicit(&b->work, memory_order_relaxed) == SMP_WORK_QUEUED ||
	       atomic_load_explicit(&b->ping_from, memory_order_relaxed);
}

bool smp_serve(void)
{
	struct smp_mailbox *b = smp_box(this_cpu()->id);
	bool served = false;
	if (atomic_load_explicit(&b->ping_from, memory_order_relaxed)) {
		smp_answer_ping(b);
		served = true;
	}
	if (atomic_load(&b->work) == SMP_WORK_QUEUED) {
		atomic_store(&b->work, SMP_WORK_RUNNING);
		atomic_load(&b->fn)(atomic_load(&b->arg));
		malloc_cpu_idle(); /* cached free memory back before the waiter goes on */
		/* seq_cst pairs with the waiter's: it registered, or it sees DONE. */
		atomic_store(&b->work, SMP_WORK_DONE);
		uint32_t w = atomic_exchange(&b->waiter, 0);
		if (w)
			smp_kick(w - 1);
		served = true;
	}
	return served;
}

/* An AP's life in ring 3: online, then its scheduler's idle loop (threads, work, pings, sleep). */
static _Noreturn void smp_ap_user(void)
{
	struct cpu *c = this_cpu();
	arch_cpu_init_user();
	kcall(KCALL_APIC_INIT, 0, 0, 0);
	timer_init_cpu(); /* its own timer queue: time slices, timeouts, sleeps */
	arch_set_tls_base(tls_setup(c->tls_block));
	atomic_store(&c->state, CPU_SYNCING);
	tsc_sync_ap(); /* the boot CPU compares our TSC with its own */
	sched_ap_start(); /* this flow becomes the CPU's idle thread */
	atomic_store(&c->state, CPU_ONLINE);
	sched_idle_loop();
}

/* Memory for CPU cpu: ring-3 stack with a guard page, interrupt stacks, TLS, newlib state. */
static void smp_prepare(unsigned cpu)
{
	struct cpu *c = &cpus[cpu];
	size_t size = PAGE_SIZE + GDT_IST_BYTES + SMP_STACK_SIZE;
	/*
	 * Frames on the CPU's own node (another one when it is full), never
	 * freed: the guard page stays unmapped for good.
	 */
	char *mem = (char *)(uintptr_t)pmem_alloc(size, PAGE_SIZE, boot_params.cpu_node[cpu], 0);
	if (!mem)
		panic("no memory for the stacks of CPU %u: no NUMA node has %lu KiB free in one "
		      "piece (give the VM more memory or fewer nodes)",
		      cpu, (unsigned long)(size >> 10));
	c->tls_block = memalign(64, tls_block_size());
	c->reent = malloc(sizeof(struct _reent));
	if (!c->tls_block || !c->reent)
		panic("no memory for the TLS and newlib state of CPU %u", cpu);
	_REENT_INIT_PTR(c->reent);
	/* Guard, then the interrupt stacks, then the stack growing down towards them. */
	paging_guard_page((uintptr_t)mem);
	c->stack_top = (uintptr_t)(mem + size);
	percpu_setup(cpu);
}

void smp_init(void)
{
	unsigned n = boot_params.ncpus;
	struct eremit_boot_info *shared = (void *)(uintptr_t)EREMIT_BOOT_INFO_GPA;
	atomic_store(&cpus[0].state, CPU_ONLINE);
	/* The monitor's --stats reads every CPU's interrupt counts from here at the end. */
	if (boot_params.runner == BOOT_RUNNER_MONITOR) {
		shared->irq_counts_stride = sizeof(struct cpu);
		shared->irq_counts_gpa = (uintptr_t)cpus[0].irq_count;
	}
	trap_register(2, smp_nmi);
	for (unsigned i = 1; i < n; i++) {
		smp_prepare(i);
		atomic_store(&cpus[i].state, CPU_STARTING);
		/* The stack top is 16-aligned: the entry's call leaves it as the ABI wants. */
		int r = arch_cpu_start(i, (uintptr_t)smp_ap_entry, cpus[i].stack_top,
				       paging_root_phys(), i);
		if (r)
			panic("cannot start CPU %u (APIC ID %u): error %d", i, cpus[i].apic_id, -r);
	}
	uint64_t deadline = rdtsc() + clock_ns_to_tsc(SMP_START_TIMEOUT_MS * 1000000ull);
	for (unsigned i = 1; i < n; i++) {
		bool synced = false;
		while (atomic_load(&cpus[i].state) != CPU_ONLINE) {
			if (!synced && atomic_load(&cpus[i].state) == CPU_SYNCING) {
				tsc_sync_bsp(i);
				synced = true;
				/* The measurement's time is not the CPU's: give it its own. */
				deadline = rdtsc() + clock_ns_to_tsc(SMP_START_TIMEOUT_MS * 1000000ull);
			}
			if (rdtsc() > deadline) {
				int was = atomic_exchange(&cpus[i].state, CPU_FAILED);
				panic("CPU %u (APIC ID %u) did not come online within %u ms (state %d)",
				      i, cpus[i].apic_id, SMP_START_TIMEOUT_MS, was);
			}
			cpu_relax();
		}
	}
	cpu_count = n;
	if (n > 1)
		clock_set_shared(); /* the TSCs of different CPUs cannot be trusted to agree */
	klog("smp: %u CPU%s online, %u NUMA node%s\n", n, n == 1 ? "" : "s", boot_params.nnodes,
	     boot_params.nnodes == 1 ? "" : "s");
}

/* NMI: another CPU is reporting a panic; stop here, interrupts off, for good. */
void smp_nmi(struct trap_frame *f)
{
	if (atomic_load(&smp_reporter) < 0)
		trap_fatal(f); /* an NMI nobody sent: report it */
	atomic_store(&this_cpu()->state, CPU_STOPPED);
	cpu_halt_forever();
}

bool smp_stop_others(void)
{
	int me = (int)this_cpu()->id, none = -1;
	if (!atomic_compare_exchange_strong(&smp_reporter, &none, me)) {
		if (none == me)
			return true; /* a fault while reporting: carry on reporting */
		/* Another CPU reports; its NMI may be on its way. Stop quietly. */
		atomic_store(&this_cpu()->state, CPU_STOPPED);
		kcall(KCALL_STOP, 0, 0, 0);
	}
	if (cpu_count < 2)
		return true;
	apic_send(0, APIC_ICR_NMI | APIC_ICR_OTHERS);
	/* Wait (briefly: a wedged CPU must not keep the report back) until they stopped. */
	uint64_t deadline = rdtsc() + clock_ns_to_tsc(100 * 1000000ull);
	for (unsigned i = 0; i < cpu_count; i++)
		while ((int)i != me && atomic_load(&cpus[i].state) == CPU_ONLINE &&
		       rdtsc() <= deadline)
			cpu_relax();
	return true;
}

/* The application's side: include/eremit/cpu.h. */

unsigned eremit_cpu_count(void)
{
	return cpu_count;
}

unsigned eremit_cpu_id(void)
{
	return this_cpu()->id;
}

int eremit_cpu_node(unsigned cpu)
{
	return cpu < cpu_count ? (int)cpus[cpu].node : -1;
}

static int smp_check_target(unsigned cpu)
{
	if (cpu >= cpu_count || cpu == this_cpu()->id)
		return -EINVAL;
	return 0;
}

int eremit_cpu_run(unsigned cpu, void (*fn)(void *), void *arg)
{
	int r = smp_check_target(cpu);
	if (r || !fn)
		return r ? r : -EINVAL;
	struct smp_mailbox *b = smp_box(cpu);
	int w = atomic_load(&b->work);
	/* Only one CPU hands work to a given CPU at a time: a second one gets EBUSY. */
	if ((w != SMP_WORK_IDLE && w != SMP_WORK_DONE) ||
	    !atomic_compare_exchange_strong(&b->work, &w, SMP_WORK_CLAIMED))
		return -EBUSY;
	atomic_store(&b->fn, fn);
	atomic_store(&b->arg, arg);
	atomic_store(&b->work, SMP_WORK_QUEUED); /* release: fn and arg are visible first */
	smp_kick(cpu);
	return 0;
}

static bool smp_work_done(const void *arg)
{
	const struct smp_mailbox *b = arg;
	int w = atomic_load(&b->work);
	return w == SMP_WORK_DONE || w == SMP_WORK_IDLE;
}

int eremit_cpu_wait(unsigned cpu)
{
	int r = smp_check_target(cpu);
	if (r)
		return r;
	struct smp_mailbox *b = smp_box(cpu);
	if (!smp_work_done(b)) {
		/* seq_cst: either the worker sees us registered, or we see DONE after. */
		atomic_store(&b->waiter, this_cpu()->id + 1);
		smp_wait(smp_work_done, b);
	}
	int done = SMP_WORK_DONE;
	atomic_compare_exchange_strong(&b->work, &done, SMP_WORK_IDLE);
	return 0;
}

static bool smp_ping_answered(const void *arg)
{
	return atomic_load(&((const struct smp_mailbox *)arg)->ping_ack) != 0;
}

int64_t eremit_cpu_ping(unsigned cpu)
{
	int r = smp_check_target(cpu);
	if (r)
		return r;
	struct smp_mailbox *me = smp_box(this_cpu()->id), *b = smp_box(cpu);
	int w = atomic_load(&b->work);
	if (w != SMP_WORK_IDLE && w != SMP_WORK_DONE)
		return -EBUSY;
	uint32_t none = 0;
	atomic_store(&me->ping_ack, 0);
	uint64_t t0 = rdtsc();
	if (!atomic_compare_exchange_strong(&b->ping_from, &none, this_cpu()->id + 1))
		return -EBUSY; /* someone else's ping is pending there */
	smp_kick(cpu);
	smp_wait(smp_ping_answered, me);
	return (int64_t)clock_tsc_to_ns(rdtsc() - t0);
}
