// SPDX-License-Identifier: MIT
/* Under QEMU: start an application processor with INIT-SIPI-SIPI through the low trampoline. */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include "arch/x86_64/ap_trampoline.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/x86.h"
#include "kernel/boot.h"
#include "kernel/clock.h"

#define PT_ENTRIES 512
#define LARGE_PAGE 0x200000ull
/*
 * A second SIPI if the first got no answer within AP_SIPI_RETRY_US (the
 * SDM's sequence; a CPU already running ignores it); then give up after
 * AP_START_TIMEOUT_MS. There is no 10 ms wait after INIT: like Linux on a
 * hypervisor, QEMU needs none. Under TCG on a loaded host an AP can take
 * long to run its first instructions.
 */
#define AP_SIPI_RETRY_US    1000
#define AP_START_TIMEOUT_MS 5000

static void *ap_page(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

/* Copies the trampoline and builds its identity map of the first GiB; once. */
static void ap_trampoline_install(void)
{
	uint64_t *pml4 = ap_page(AP_TRAMPOLINE_PML4), *pdpt = ap_page(AP_TRAMPOLINE_PDPT);
	uint64_t *pd = ap_page(AP_TRAMPOLINE_PD);
	memcpy(ap_page(AP_TRAMPOLINE_PA), ap_trampoline_start,
	       (size_t)(ap_trampoline_end - ap_trampoline_start));
	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	pml4[0] = AP_TRAMPOLINE_PDPT | X86_PTE_P | X86_PTE_W;
	pdpt[0] = AP_TRAMPOLINE_PD | X86_PTE_P | X86_PTE_W;
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		pd[i] = i * LARGE_PAGE | X86_PTE_P | X86_PTE_W | X86_PTE_PS;
}

/* Waits until the AP took its parameters or the TSC passes deadline: 1 if it did. */
static int ap_wait_started(_Atomic uint32_t *started, uint64_t deadline)
{
	while (!atomic_load_explicit(started, memory_order_acquire))
		if (rdtsc() > deadline)
			return 0;
		else
			cpu_relax();
	return 1;
}

/*
 * Ring 3, on one CPU at a time (smp_init starts the APs in turn): the
 * trampoline page is shared, so this returns only once the AP has read its
 * parameters, or has failed to.
 */
int arch_cpu_start_qemu(uint32_t apic_id, uint64_t rip, uint64_t rsp, uint64_t cr3, uint64_t arg)
{
	static int installed;
	char *tp = ap_page(AP_TRAMPOLINE_PA);
	_Atomic uint32_t *started = (_Atomic uint32_t *)(tp + AP_TP_STARTED);

	/*
	 * The AP runs on the trampoline's map until ap_trampoline_finish (in
	 * kernel text) has loaded the kernel's cr3: that code must be on it.
	 * The entry, the stack and the data may lie anywhere, large data
	 * included.
	 */
	if ((uintptr_t)ap_trampoline_finish >= AP_TRAMPOLINE_MAPS)
		return -EFAULT;
	if (!installed) {
		ap_trampoline_install();
		installed = 1;
	}
	*(uint64_t *)(tp + AP_TP_EFER) = X86_EFER_LME | (arch_features.nx ? X86_EFER_NXE : 0);
	*(uint64_t *)(tp + AP_TP_KERNEL_CR3) = cr3;
	*(uint64_t *)(tp + AP_TP_RIP) = rip;
	*(uint64_t *)(tp + AP_TP_RSP) = rsp;
	*(uint64_t *)(tp + AP_TP_ARG) = arg;
	*(uint64_t *)(tp + AP_TP_FINISH) = (uintptr_t)ap_trampoline_finish;
	/* Release: the parameters are in place before the AP can see the SIPI. */
	atomic_store_explicit(started, 0, memory_order_release);

	uint64_t t0 = rdtsc();
	apic_send(apic_id, APIC_ICR_INIT | APIC_ICR_ASSERT);
	apic_send(apic_id, APIC_ICR_STARTUP | (AP_TRAMPOLINE_PA >> 12));
	if (ap_wait_started(started, t0 + clock_ns_to_tsc(AP_SIPI_RETRY_US * 1000ull)))
		return 0;
	apic_send(apic_id, APIC_ICR_STARTUP | (AP_TRAMPOLINE_PA >> 12));
	return ap_wait_started(started, t0 + clock_ns_to_tsc(AP_START_TIMEOUT_MS * 1000000ull))
		   ? 0
		   : -ETIMEDOUT;
}
