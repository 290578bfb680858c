// SPDX-License-Identifier: MIT
/* The boot story, in order. */
#include "arch/x86_64/arch.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/klog.h"
#include "kernel/paging.h"
#include "kernel/pmem.h"
#include "kernel/trap.h"
#include "runtime/runtime.h"
#include "smp/percpu.h"

_Noreturn void kernel_main(void)
{
	arch_cpu_init();    /* SSE, AVX, NX: compiled code may use them from here */
	percpu_init_boot(); /* this_cpu() works */
	trap_init();        /* GDT, TSS, IDT: faults are reported from here on */
	klog("eremit: booting on %s, %lu MiB of RAM\n",
	     boot_params.runner == BOOT_RUNNER_MONITOR ? "the eremit monitor" : "QEMU",
	     (unsigned long)(boot_params.info.mem_size >> 20));
	pmem_init();        /* memory above the image */
	paging_init();      /* W^X for the image, NX for data, stack guard */
	clock_init();       /* TSC frequency and wall clock */
	runtime_start();    /* heap, TLS, argv/environ, constructors, main(), exit() */
}
