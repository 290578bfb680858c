/* SPDX-License-Identifier: MIT */
/* The real-mode trampoline through which QEMU's application processors reach 64-bit mode. */
#ifndef ARCH_X86_64_AP_TRAMPOLINE_H
#define ARCH_X86_64_AP_TRAMPOLINE_H

/*
 * Four pages of low memory under QEMU: the trampoline (its page number is
 * the SIPI vector), then a PML4, a PDPT and a PD that identity-map the first
 * GiB with 2 MiB pages (32-bit code can only load a CR3 below 4 GiB, and the
 * kernel's own tables map the trampoline no-execute). QEMU's PVH loader and
 * qboot keep their data at 0xc0000 and above; the frame allocator hands out
 * nothing below the image under QEMU (pmem_walk_ram), so these stay ours.
 */
#define AP_TRAMPOLINE_PA   0x8000
#define AP_TRAMPOLINE_PML4 0x9000
#define AP_TRAMPOLINE_PDPT 0xa000
#define AP_TRAMPOLINE_PD   0xb000
#define AP_TRAMPOLINE_MAPS 0x40000000 /* the tables map [0, 1 GiB): ap_trampoline_finish must lie there */

/* The trampoline's GDT: the PVH entry's (X86_SEL_CODE64, X86_SEL_DATA), plus 32-bit code. */
#define AP_SEL_CODE32 0x18

/*
 * The parameter block inside the trampoline page, filled by the starting
 * CPU before INIT-SIPI-SIPI; the AP reads it and then sets STARTED.
 */
#define AP_TP_PARAMS	 0xf00
#define AP_TP_EFER	 (AP_TP_PARAMS + 0x00) /* EFER bits to set: LME, and NXE if in use */
#define AP_TP_KERNEL_CR3 (AP_TP_PARAMS + 0x08) /* loaded once in 64-bit mode */
#define AP_TP_RIP	 (AP_TP_PARAMS + 0x10)
#define AP_TP_RSP	 (AP_TP_PARAMS + 0x18)
#define AP_TP_ARG	 (AP_TP_PARAMS + 0x20) /* into %rdi */
#define AP_TP_FINISH	 (AP_TP_PARAMS + 0x28) /* ap_trampoline_finish, in kernel text */
#define AP_TP_STARTED	 (AP_TP_PARAMS + 0x30) /* 32 bits: 1 once the AP has its parameters */

#ifndef __ASSEMBLER__
/* The trampoline's bytes (ap_trampoline.S), copied to AP_TRAMPOLINE_PA. */
extern const char ap_trampoline_start[], ap_trampoline_end[];
/* In kernel text: loads %rax into CR3, jumps to %rsi (the trampoline's last step). */
void ap_trampoline_finish(void);
#endif

#endif /* ARCH_X86_64_AP_TRAMPOLINE_H */
