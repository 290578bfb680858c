// SPDX-License-Identifier: MIT
/* Starting an application processor: a hypercall under the monitor, INIT-SIPI-SIPI under QEMU. */
#include <errno.h>
#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/smp.h"
#include "kernel/boot.h"
#include "smp/percpu.h"

int arch_cpu_start(unsigned cpu, uint64_t rip, uint64_t rsp, uint64_t cr3, uint64_t arg)
{
	if (boot_params.runner == BOOT_RUNNER_QEMU)
		return arch_cpu_start_qemu(cpus[cpu].apic_id, rip, rsp, cr3, arg);
	struct eremit_hc_cpu_start a = {
	    .cpu = cpu, .rip = rip, .rsp = rsp, .cr3 = cr3, .arg = arg, .ret = -EIO};
	hypercall(EREMIT_HC_CPU_START, &a);
	return (int)a.ret;
}
