/* SPDX-License-Identifier: MIT */
/* Run statistics (--stats): boot and run times, VM exits by reason, hypercalls by number. */
#ifndef HV_STATS_H
#define HV_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "gmem.h"

#define HV_STATS_EXITS	    64	/* KVM_EXIT_* reasons counted apart; the last bucket: above */
#define HV_STATS_HYPERCALLS 512 /* one per 8-byte slot of the hypercall page */

/*
 * One vCPU's counters. Only that vCPU's thread writes them, with plain
 * stores: no lock, no atomics. They are read after the thread stopped running
 * the guest, so SMP sums them once every vCPU thread has been joined. The
 * alignment keeps vCPUs off each other's cache lines.
 */
struct hv_vcpu_stats {
	_Alignas(64) uint64_t first_entry_ns; /* CLOCK_MONOTONIC before the first KVM_RUN */
	uint64_t exit_ns;		      /* when the vCPU stopped running the guest */
	uint64_t exits[HV_STATS_EXITS];
	uint64_t hypercalls[HV_STATS_HYPERCALLS];
};

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t hv_stats_now(void);
/* Records the monitor's start; call first thing in main(). */
void hv_stats_monitor_start(void);

static inline void hv_stats_exit(struct hv_vcpu_stats *s, uint32_t reason)
{
	s->exits[reason < HV_STATS_EXITS ? reason : HV_STATS_EXITS - 1]++;
}

static inline void hv_stats_hypercall(struct hv_vcpu_stats *s, uint64_t nr)
{
	s->hypercalls[nr < HV_STATS_HYPERCALLS ? nr : HV_STATS_HYPERCALLS - 1]++;
}

/* On the vCPU's thread: right before its first KVM_RUN, and after its last. */
void hv_stats_vcpu_enter(struct hv_vcpu_stats *s);
void hv_stats_vcpu_leave(struct hv_vcpu_stats *s);

/*
 * The guest kernel's boot time from its first instruction to main(), in ns,
 * read from its memory after the run: the image's symbols boot_entry_tsc and
 * boot_main_tsc (the kernel's, not ABI) in the ELF file elf of len bytes.
 * 0 when unknown: no symbol table, main() not reached, or no TSC rate.
 */
uint64_t hv_stats_guest_boot_ns(const struct hv_gmem *m, const void *elf, size_t len,
				uint64_t tsc_khz);

/*
 * Prints the report on stderr for n vCPUs: monitor start to first vCPU
 * entry, guest boot (when guest_boot_ns is not 0), first entry to exit, VM
 * exits by reason and hypercalls by number, summed over the vCPUs.
 */
void hv_stats_report(const struct hv_vcpu_stats *vcpus, unsigned n, uint64_t guest_boot_ns);

/*
 * The guest's interrupts by vector, per vCPU, from the counts the kernel
 * publishes in the boot information (irq_counts_gpa); says so when it did
 * not publish any.
 */
void hv_stats_report_irqs(const struct hv_gmem *m, unsigned ncpus);

/* The report under --qemu: the wall time only. */
void hv_stats_report_qemu(void);

#endif /* HV_STATS_H */
