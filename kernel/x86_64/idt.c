// SPDX-License-Identifier: MIT
/* The IDT: every vector enters through isr.S on an interrupt stack. */
#include <stdint.h>
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/kcall.h"
#include "arch/x86_64/x86.h"
#include "kernel/trap.h"
#include "smp/percpu.h"

#define IDT_STUB_SIZE		16
#define IDT_GATE_INTERRUPT	0x8e /* present, DPL 0, 64-bit interrupt gate */
#define IDT_GATE_INTERRUPT_USER 0xee /* the same, and ring 3 may `int` it */

/* x86 exception vectors with a meaning of their own. */
#define X86_VEC_NMI	       2
#define X86_VEC_BREAKPOINT     3
#define X86_VEC_OVERFLOW       4
#define X86_VEC_INVALID_OPCODE 6
#define X86_VEC_DOUBLE_FAULT   8
#define X86_VEC_MACHINE_CHECK  18

struct __attribute__((packed)) idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};

extern char isr_stubs[], kcall_fast_entry[];
static struct idt_gate idt[TRAP_VECTORS];
/* Written at boot before interrupts are possible; read by trap_dispatch. */
static trap_handler_t trap_handlers[TRAP_VECTORS];

/*
 * Every vector uses an interrupt stack: code runs in ring 0 with the red
 * zone (libgomp, newlib and libgcc are built with it), and an interrupt on
 * the current stack would overwrite the 128 bytes below %rsp.
 */
static uint8_t idt_ist_for(unsigned v)
{
	if (v == X86_VEC_DOUBLE_FAULT)
		return X86_IST_DOUBLE_FAULT;
	if (v == X86_VEC_NMI || v == X86_VEC_MACHINE_CHECK)
		return X86_IST_NMI;
	/*
	 * Interrupts get a stack apart from exceptions: a CPU idles inside a
	 * kernel call (the #UD handler, on the exception stack) and is woken
	 * there by one.
	 */
	return v < 32 ? X86_IST_EXCEPTION : X86_IST_IRQ;
}

static void idt_set_entry(unsigned v, uint64_t a, unsigned ist)
{
	idt[v] = (struct idt_gate){
	    .offset_lo = a & 0xffff,
	    .selector = X86_SEL_CODE64,
	    .ist = (uint8_t)ist,
	    /* int3 and into from ring 3 must reach their handlers, not #GP. */
	    .type = v == X86_VEC_BREAKPOINT || v == X86_VEC_OVERFLOW ? IDT_GATE_INTERRUPT_USER
								     : IDT_GATE_INTERRUPT,
	    .offset_mid = (a >> 16) & 0xffff,
	    .offset_hi = a >> 32,
	};
}

/*
 * Kernel calls enter through kcall_fast.S, which serves the hot ones itself
 * and passes the others on to vector 6's stub here.
 */
static void idt_set_gate(unsigned v)
{
	uint64_t entry = (uintptr_t)isr_stubs + (uint64_t)v * IDT_STUB_SIZE;
	if (v == X86_VEC_INVALID_OPCODE)
		entry = (uintptr_t)kcall_fast_entry;
	idt_set_entry(v, entry, idt_ist_for(v));
}

void trap_set_entry(unsigned vector, void (*entry)(void))
{
	if (vector < TRAP_VECTORS)
		idt_set_entry(vector, (uintptr_t)entry, idt_ist_for(vector));
}

/*
 * Ring 0: loads the table with only the gate that kernel calls need. Filling
 * 256 gates here would be thousands of instructions, each emulated under a
 * software hypervisor; ring 3 writes the rest natively (the table is memory).
 */
void trap_init_boot(void)
{
	trap_handlers[X86_VEC_INVALID_OPCODE] = kcall_trap;
	idt_set_gate(X86_VEC_INVALID_OPCODE);
	trap_init_cpu();
}

void trap_init_cpu(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} desc = {sizeof(idt) - 1, (uintptr_t)idt};
	__asm__ volatile("lidt %0" ::"m"(desc));
}

void trap_init(void)
{
	for (unsigned v = 0; v < TRAP_VECTORS; v++)
		idt_set_gate(v);
}

void trap_register(unsigned vector, trap_handler_t handler)
{
	if (vector < TRAP_VECTORS)
		trap_handlers[vector] = handler;
}

void trap_dispatch(struct trap_frame *f)
{
	this_cpu()->irq_count[f->vector & 0xff]++;
	trap_handler_t h = trap_handlers[f->vector & 0xff];
	if (!h)
		trap_fatal(f);
	h(f);
}
