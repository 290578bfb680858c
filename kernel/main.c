// SPDX-License-Identifier: MIT
/* The boot story, in order. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/kcall.h"
#include "kernel/acpi.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/debug.h"
#include "kernel/klog.h"
#include "kernel/paging.h"
#include "kernel/pmem.h"
#include "kernel/timer.h"
#include "kernel/trap.h"
#include "runtime/runtime.h"
#include "smp/percpu.h"

static _Noreturn void kernel_main_user(void);

/*
 * Ring 0 does as little as it can: under a software hypervisor (PVM) every
 * instruction here is emulated, while ring 3 runs natively. See abi.h.
 */
_Noreturn void kernel_main(void)
{
	arch_cpu_init();    /* SSE, AVX, NX: compiled code may use them from here */
	gdt_init(0, 0);	    /* user segments, TSS with interrupt stacks, null FS/GS */
	percpu_init(0);	    /* this_cpu() works */
	trap_init_boot();   /* IDT with the kernel-call gate: ring 3 can ask ring 0 */
	kcall_enter_user(kernel_main_user, (uintptr_t)boot_stack_top);
}

/* The rest of the boot, in ring 3, on the boot stack. */
static _Noreturn void kernel_main_user(void)
{
	arch_cpu_init_user(); /* x87 and MXCSR defaults */
	trap_init();	      /* every IDT gate: faults are reported from here on */
	apic_trap_init();     /* x2APIC or xAPIC; the timer and IPI vectors' short stubs */
	debug_init();	      /* #BP and #DB stop in the monitor's gdb stub, if attached */
	klog("eremit: booting on %s, %lu MiB of RAM\n",
	     boot_params.runner == BOOT_RUNNER_MONITOR ? "the eremit monitor" : "QEMU",
	     (unsigned long)(boot_params.info.mem_size >> 20));
	acpi_init();	  /* under QEMU: CPUs (MADT) and NUMA nodes (SRAT) */
	percpu_setup(0);  /* the boot CPU's APIC ID and node, as the runner or ACPI says */
	pmem_init_boot(); /* a bump window above the image for the page tables */
	paging_init();	 /* W^X for the image, NX for data, stack guard */
	pmem_init();	 /* every node's free RAM into its frame allocator */
	kcall(KCALL_APIC_INIT, 0, 0, 0); /* local APIC on (an xAPIC is mapped now); interrupts on */
	clock_init();	 /* TSC frequency and wall clock */
	timer_init_cpu(); /* this CPU's timer queue; no timer interrupt until one is due */
	runtime_start(); /* heap, TLS, argv/environ, constructors, main(), exit() */
}
