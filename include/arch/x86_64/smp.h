/* SPDX-License-Identifier: MIT */
/* The x86_64 side of bringing up application processors. */
#ifndef ARCH_X86_64_SMP_H
#define ARCH_X86_64_SMP_H

#include <stdint.h>

/* The APs' first instruction (smp_entry.S): 64-bit, ring 0, %rdi = CPU index. */
void smp_ap_entry(void);

/*
 * Starts CPU cpu at rip in 64-bit mode, ring 0, with rsp, cr3 and %rdi = arg:
 * 0 or -errno. Under the monitor a hypercall, under QEMU INIT-SIPI-SIPI
 * through a real-mode trampoline (arch_cpu_start_qemu, by APIC ID).
 */
int arch_cpu_start(unsigned cpu, uint64_t rip, uint64_t rsp, uint64_t cr3, uint64_t arg);
int arch_cpu_start_qemu(uint32_t apic_id, uint64_t rip, uint64_t rsp, uint64_t cr3, uint64_t arg);

#endif /* ARCH_X86_64_SMP_H */
