/* SPDX-License-Identifier: MIT */
/* Per-CPU data: one cache-line-aligned struct per core, reached through this_cpu(). */
#ifndef SMP_PERCPU_H
#define SMP_PERCPU_H

#define CPU_CACHE_LINE 64
#define CPU_MAX	       256 /* EREMIT_MAX_CPUS: x2APIC IDs 0..255 */
/* Offsets in struct cpu that the interrupt stubs (apic_isr.S) use through %gs. */
#define CPU_OFF_WAKE_SEQ  8
#define CPU_OFF_IRQ_COUNT 64
#define CPU_OFF_SCHED_ON  (64 + 8 * 256)	/* after irq_count */
#define CPU_OFF_PENDING	  (CPU_OFF_SCHED_ON + 4)

#ifndef __ASSEMBLER__
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Bring-up states of a CPU (smp/smp.c drives them; docs/smp.md draws them).
 * Only forward moves, each written once by the CPU named:
 *
 *   OFFLINE --boot CPU asks the runner to start it--> STARTING
 *   STARTING --the CPU runs its first instruction, ring 0--> BOOTING
 *   BOOTING --GDT, TSS, IDT, GS base, APIC set, now in ring 3--> SYNCING
 *   SYNCING --the boot CPU measured its TSC's offset--> ONLINE
 *   STARTING --no sign of life within SMP_START_TIMEOUT_MS--> FAILED
 *   ONLINE --NMI from a panic on another CPU--> STOPPED
 */
enum cpu_state {
	CPU_OFFLINE = 0,
	CPU_STARTING,
	CPU_BOOTING,
	CPU_SYNCING,
	CPU_ONLINE,
	CPU_FAILED,
	CPU_STOPPED,
};

struct _reent;
struct timer_queue;

/*
 * Fields are written only by the owning CPU unless marked otherwise. The
 * struct is reached through the GS base, whose first word points back to it.
 * Interrupt handlers (ring 0) touch only the fields marked "ISR".
 */
struct cpu {
	struct cpu *self; /* must stay first: this_cpu() reads %gs:0 */
	/* ISR: bumped by every wake-up interrupt (timer, IPI); idle sleeps while unchanged. */
	_Atomic uint64_t wake_seq;
	uint32_t id;	  /* index in cpus[], 0 = the boot CPU */
	uint32_t apic_id; /* x2APIC ID, for IPIs */
	uint32_t node;	  /* NUMA node */
	uint32_t fault_depth; /* nesting of fatal exceptions: stop recursing reports */
	_Atomic int state;    /* enum cpu_state; other CPUs read it */
	struct _reent *reent;	    /* newlib state of the code an AP runs before threads exist */
	uintptr_t stack_top;	    /* ring-3 stack this CPU came online on */
	struct timer_queue *timers; /* this CPU's timers (kernel/timer.c) */
	/* ISR: interrupts taken, by vector; other CPUs and the monitor read them. */
	uint64_t irq_count[256] __attribute__((aligned(CPU_CACHE_LINE)));
	/*
	 * ISR reads: non-zero once this CPU's scheduler runs; then a timer or
	 * wake-up interrupt that lands in ring 3 enters the scheduler
	 * (runtime/sched.c) on the interrupted thread's stack.
	 */
	uint32_t sched_on;
	/*
	 * ISR writes: an interrupt came while the scheduler could not look at
	 * it (in ring 0, or with preemption off); preempt_enable and the idle
	 * loop look at it then.
	 */
	uint32_t sched_pending;
	/* Fields below are not read by assembly: add new ones here. */
	void *malloc_cache; /* this CPU's allocator cache (runtime/malloc.c) */
	/* > 0: the running thread uses per-CPU data and must stay on this CPU (smp/preempt.h). */
	uint32_t preempt_off;
	void *tls_block;	     /* TLS of the code an AP runs (runtime/tls.c) */
	/* This CPU's TSC minus the boot CPU's, set once at bring-up (smp/tsc_sync.c). */
	int64_t tsc_offset;
} __attribute__((aligned(CPU_CACHE_LINE)));

_Static_assert(offsetof(struct cpu, self) == 0, "this_cpu() reads %gs:0");
_Static_assert(offsetof(struct cpu, wake_seq) == CPU_OFF_WAKE_SEQ, "apic_isr.S");
_Static_assert(offsetof(struct cpu, irq_count) == CPU_OFF_IRQ_COUNT, "apic_isr.S");
_Static_assert(offsetof(struct cpu, sched_on) == CPU_OFF_SCHED_ON, "apic_isr.S");
_Static_assert(offsetof(struct cpu, sched_pending) == CPU_OFF_PENDING, "apic_isr.S");

extern struct cpu cpus[CPU_MAX];

/* Number of CPUs the machine has (boot_params.ncpus), online or not. */
extern unsigned cpu_count;

/*
 * Fills cpus[id]'s identity from boot_params: index, APIC ID, NUMA node.
 * Any ring; for the boot CPU once ACPI has been read, for the others by the
 * boot CPU before it starts them.
 */
void percpu_setup(unsigned id);

/* Ring 0, on CPU id itself: points its GS base at cpus[id] (this_cpu() works). */
void percpu_init(unsigned id);

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__("movq %%gs:0, %0" : "=r"(c));
	return c;
}

#endif /* __ASSEMBLER__ */
#endif /* SMP_PERCPU_H */
