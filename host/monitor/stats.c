/* SPDX-License-Identifier: MIT */
/* Run statistics: counted on every exit, printed on exit with --stats. */
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "eremit/abi.h"

#include "hv.h"
#include "image.h"
#include "log.h"
#include "stats.h"

/* Set once in main() before any other thread exists. */
static uint64_t monitor_start_ns;

#define EXIT_NAME(x) [KVM_EXIT_##x] = #x
static const char *const exit_names[HV_STATS_EXITS] = {
    EXIT_NAME(UNKNOWN),
    EXIT_NAME(EXCEPTION),
    EXIT_NAME(IO),
    EXIT_NAME(HYPERCALL),
    EXIT_NAME(DEBUG),
    EXIT_NAME(HLT),
    EXIT_NAME(MMIO),
    EXIT_NAME(IRQ_WINDOW_OPEN),
    EXIT_NAME(SHUTDOWN),
    EXIT_NAME(FAIL_ENTRY),
    EXIT_NAME(INTR),
    EXIT_NAME(SET_TPR),
    EXIT_NAME(TPR_ACCESS),
    EXIT_NAME(NMI),
    EXIT_NAME(INTERNAL_ERROR),
    EXIT_NAME(SYSTEM_EVENT),
    EXIT_NAME(IOAPIC_EOI),
    EXIT_NAME(HYPERV),
    EXIT_NAME(X86_RDMSR),
    EXIT_NAME(X86_WRMSR),
    EXIT_NAME(DIRTY_RING_FULL),
    EXIT_NAME(AP_RESET_HOLD),
    EXIT_NAME(X86_BUS_LOCK),
    EXIT_NAME(XEN),
    [HV_STATS_EXITS - 1] = "other",
};

uint64_t hv_stats_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void hv_stats_monitor_start(void)
{
	monitor_start_ns = hv_stats_now();
}

void hv_stats_vcpu_enter(struct hv_vcpu_stats *s)
{
	if (!s->first_entry_ns)
		s->first_entry_ns = hv_stats_now();
}

void hv_stats_vcpu_leave(struct hv_vcpu_stats *s)
{
	s->exit_ns = hv_stats_now();
}

uint64_t hv_stats_guest_boot_ns(const struct hv_gmem *m, const void *elf, size_t len,
				uint64_t tsc_khz)
{
	uint64_t entry_gpa, main_gpa, entry_tsc, main_tsc;
	const void *e, *mn;

	/* The kernel runs identity-mapped: a symbol's address is its guest-physical one. */
	if (!tsc_khz || hv_elf_symbol(elf, len, "boot_entry_tsc", &entry_gpa) ||
	    hv_elf_symbol(elf, len, "boot_main_tsc", &main_gpa) ||
	    !(e = hv_gpa_ptr(m, entry_gpa, sizeof(entry_tsc))) ||
	    !(mn = hv_gpa_ptr(m, main_gpa, sizeof(main_tsc))))
		return 0;
	memcpy(&entry_tsc, e, sizeof(entry_tsc));
	memcpy(&main_tsc, mn, sizeof(main_tsc));
	if (!entry_tsc || main_tsc <= entry_tsc)
		return 0;
	return (uint64_t)((double)(main_tsc - entry_tsc) * 1e6 / (double)tsc_khz);
}

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static void report_exits(const struct hv_vcpu_stats *vcpus, unsigned n)
{
	uint64_t sum[HV_STATS_EXITS] = {0}, total = 0;

	for (unsigned v = 0; v < n; v++)
		for (unsigned r = 0; r < HV_STATS_EXITS; r++)
			sum[r] += vcpus[v].exits[r], total += vcpus[v].exits[r];
	hv_err("stats: VM exits: %llu", (unsigned long long)total);
	for (unsigned r = 0; r < HV_STATS_EXITS; r++)
		if (sum[r] && exit_names[r])
			hv_err("stats:   %s: %llu", exit_names[r], (unsigned long long)sum[r]);
		else if (sum[r])
			hv_err("stats:   reason %u: %llu", r, (unsigned long long)sum[r]);
}

static void report_hypercalls(const struct hv_vcpu_stats *vcpus, unsigned n)
{
	uint64_t sum[HV_STATS_HYPERCALLS] = {0}, total = 0;

	for (unsigned v = 0; v < n; v++)
		for (unsigned h = 0; h < HV_STATS_HYPERCALLS; h++)
			sum[h] += vcpus[v].hypercalls[h], total += vcpus[v].hypercalls[h];
	hv_err("stats: hypercalls: %llu", (unsigned long long)total);
	for (unsigned h = 0; h < HV_STATS_HYPERCALLS; h++) {
		const char *name = hv_hypercall_name(h);
		if (sum[h])
			hv_err("stats:   %s (%u): %llu", name ? name : "unknown", h,
			       (unsigned long long)sum[h]);
	}
}

void hv_stats_report(const struct hv_vcpu_stats *vcpus, unsigned n, uint64_t guest_boot_ns)
{
	uint64_t first = 0, last = 0;

	for (unsigned v = 0; v < n; v++) {
		if (vcpus[v].first_entry_ns && (!first || vcpus[v].first_entry_ns < first))
			first = vcpus[v].first_entry_ns;
		if (vcpus[v].exit_ns > last)
			last = vcpus[v].exit_ns;
	}
	if (!first) {
		hv_err("stats: no vCPU ran");
		return;
	}
	hv_err("stats: monitor start to first vCPU entry: %.3f ms", ms(first - monitor_start_ns));
	if (guest_boot_ns)
		hv_err("stats: guest kernel entry to main(): %.3f ms", ms(guest_boot_ns));
	hv_err("stats: first vCPU entry to exit: %.3f ms", ms(last > first ? last - first : 0));
	report_exits(vcpus, n);
	report_hypercalls(vcpus, n);
}

/* Names of the vectors the kernel uses (include/arch/x86_64/apic.h); others by number. */
static const char *vector_name(unsigned v)
{
	switch (v) {
	case 2:
		return "NMI";
	case 0xf0:
		return "timer";
	case 0xf1:
		return "IPI";
	case 0xff:
		return "spurious";
	default:
		return v < 32 ? "exception" : "interrupt";
	}
}

void hv_stats_report_irqs(const struct hv_gmem *m, unsigned ncpus)
{
	const struct eremit_boot_info *bi = hv_gpa_ptr(m, EREMIT_BOOT_INFO_GPA, sizeof(*bi));
	const uint64_t *c[EREMIT_MAX_CPUS];
	uint64_t stride = bi ? bi->irq_counts_stride : 0;

	if (!bi || !bi->irq_counts_gpa || stride < EREMIT_IRQ_VECTORS * sizeof(uint64_t) ||
	    ncpus > EREMIT_MAX_CPUS) {
		hv_err("stats: interrupts: the guest published no counts");
		return;
	}
	for (unsigned i = 0; i < ncpus; i++) {
		c[i] = hv_gpa_ptr(m, bi->irq_counts_gpa + i * stride,
				  EREMIT_IRQ_VECTORS * sizeof(uint64_t));
		if (!c[i]) {
			hv_err("stats: interrupts: counts outside guest memory");
			return;
		}
	}
	hv_err("stats: interrupts by vector (total, then per vCPU):");
	for (unsigned v = 0; v < EREMIT_IRQ_VECTORS; v++) {
		char line[4096];
		size_t n = 0;
		uint64_t total = 0;

		for (unsigned i = 0; i < ncpus; i++)
			total += c[i][v];
		/* Exceptions that are kernel calls (#UD) are not interrupts: leave them out. */
		if (!total || v == 6)
			continue;
		for (unsigned i = 0; i < ncpus && n < sizeof(line) - 32; i++)
			n += (size_t)snprintf(line + n, sizeof(line) - n, " %llu",
					      (unsigned long long)c[i][v]);
		hv_err("stats:   0x%02x %s: %llu:%s", v, vector_name(v), (unsigned long long)total,
		       line);
	}
}

void hv_stats_report_qemu(void)
{
	hv_err("stats: monitor start to exit: %.3f ms (wall time)",
	       ms(hv_stats_now() - monitor_start_ns));
	hv_err("stats: VM exits and hypercalls are not counted under --qemu");
}
