// SPDX-License-Identifier: MIT
/* Fatal exceptions: a readable report on stderr, then the VM ends. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "eremit/abi.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/debug.h"
#include "kernel/klog.h"
#include "kernel/ksyms.h"
#include "kernel/signal.h"
#include "kernel/trap.h"
#include "smp/percpu.h"
#include "smp/smp.h"

struct fault_kind {
	const char *mnemonic;
	const char *name;
	int status; /* 128 + the signal Linux would send */
};

static const struct fault_kind fault_kinds[32] = {
    [0] = {"#DE", "divide error", EREMIT_STATUS_SIGFPE},
    [1] = {"#DB", "debug exception", EREMIT_STATUS_SIGTRAP},
    [2] = {"NMI", "non-maskable interrupt", EREMIT_STATUS_SIGBUS},
    [3] = {"#BP", "breakpoint", EREMIT_STATUS_SIGTRAP},
    [4] = {"#OF", "overflow", EREMIT_STATUS_SIGSEGV},
    [5] = {"#BR", "bound range exceeded", EREMIT_STATUS_SIGSEGV},
    [6] = {"#UD", "invalid opcode", EREMIT_STATUS_SIGILL},
    [7] = {"#NM", "device not available", EREMIT_STATUS_SIGFPE},
    [8] = {"#DF", "double fault", EREMIT_STATUS_SIGSEGV},
    [10] = {"#TS", "invalid TSS", EREMIT_STATUS_SIGSEGV},
    [11] = {"#NP", "segment not present", EREMIT_STATUS_SIGSEGV},
    [12] = {"#SS", "stack-segment fault", EREMIT_STATUS_SIGSEGV},
    [13] = {"#GP", "general protection fault", EREMIT_STATUS_SIGSEGV},
    [14] = {"#PF", "page fault", EREMIT_STATUS_SIGSEGV},
    [16] = {"#MF", "x87 floating-point exception", EREMIT_STATUS_SIGFPE},
    [17] = {"#AC", "alignment check", EREMIT_STATUS_SIGBUS},
    [18] = {"#MC", "machine check", EREMIT_STATUS_SIGBUS},
    [19] = {"#XM", "SIMD floating-point exception", EREMIT_STATUS_SIGFPE},
    [20] = {"#VE", "virtualization exception", EREMIT_STATUS_SIGSEGV},
    [21] = {"#CP", "control protection exception", EREMIT_STATUS_SIGSEGV},
};

static void fault_print_addr(const char *label, uint64_t a)
{
	struct ksyms_table t = ksyms_image();
	uint64_t off;
	const char *sym = ksyms_lookup(&t, a, &off);
	if (sym)
		kerr("%s0x%016lx <%s+0x%lx>\n", label, (unsigned long)a, sym, (unsigned long)off);
	else
		kerr("%s0x%016lx\n", label, (unsigned long)a);
}

/* What a page-fault address and error code most likely mean. */
static void fault_explain_pf(uint64_t cr2, uint64_t err)
{
	uint64_t guard = (uintptr_t)boot_stack_guard;
	const char *why = "";
	if (cr2 >= guard && cr2 < guard + 4096)
		why = " (stack overflow: the guard page below the stack was hit)";
	else if (cr2 < 4096)
		why = " (null pointer dereference)";
	else if (err & X86_PF_I)
		why = " (instruction fetch from a non-executable page)";
	else if ((err & X86_PF_P) && (err & X86_PF_W))
		why = " (write to a read-only page)";
	kerr("  CR2 0x%016lx%s\n", (unsigned long)cr2, why);
	kerr("  error 0x%lx: %s, %s, %s%s\n", (unsigned long)err,
	     err & X86_PF_P ? "protection violation" : "page not present",
	     err & X86_PF_W ? "write" : "read", err & X86_PF_U ? "user mode" : "kernel mode",
	     err & X86_PF_I ? ", instruction fetch" : "");
}

static void fault_print_regs(const struct trap_frame *f)
{
	kerr("  RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kerr("  RSI %016lx RDI %016lx RBP %016lx RSP %016lx\n", f->rsi, f->rdi, f->rbp, f->rsp);
	kerr("  R8  %016lx R9  %016lx R10 %016lx R11 %016lx\n", f->r8, f->r9, f->r10, f->r11);
	kerr("  R12 %016lx R13 %016lx R14 %016lx R15 %016lx\n", f->r12, f->r13, f->r14, f->r15);
	kerr("  RIP %016lx RFLAGS %016lx CS %04lx SS %04lx CR3 %016lx\n", f->rip, f->rflags, f->cs,
	     f->ss, (unsigned long)read_cr3());
}

_Noreturn void trap_fatal(struct trap_frame *f)
{
	struct cpu *c = this_cpu();
	unsigned v = f->vector & 0xff;
	int status = v < 32 && fault_kinds[v].name ? fault_kinds[v].status : EREMIT_STATUS_SIGSEGV;

	/*
	 * A fault while reporting a fault: say so once and get out. Should even
	 * leaving fail, halt with interrupts off: the monitor reports a stuck guest.
	 */
	if (c->fault_depth++ > 0) {
		if (c->fault_depth == 2) {
			kerr("eremit: vector %u at RIP 0x%lx while reporting a fault\n", v,
			     (unsigned long)f->rip);
			console_exit(status);
		}
		cpu_halt_forever();
	}
	smp_stop_others();     /* the other CPUs stop: one report */
	debug_report_fatal(f); /* an attached debugger sees the fault before the report */
	kerr("\neremit: fatal exception on CPU %u: ", c->id);
	if (v < 32 && fault_kinds[v].name)
		kerr("%s (%s, vector %u)\n", fault_kinds[v].name, fault_kinds[v].mnemonic, v);
	else
		kerr("unexpected interrupt (vector %u)\n", v);
	fault_print_addr("  at RIP ", f->rip);
	if (v == 14)
		fault_explain_pf(read_cr2(), f->error);
	else if (f->error)
		kerr("  error code 0x%lx\n", (unsigned long)f->error);
	fault_print_regs(f);
	trap_backtrace(f->rip, f->rbp, f->rsp);
	kerr("eremit: terminated by %s (exit status %d)\n", signal_name(status - 128), status);
	console_exit(status);
}
