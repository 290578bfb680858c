/* SPDX-License-Identifier: MIT */
/* The gdb stub's vCPU side: stops, resumes and registers at a stop (see gdb.h for the design). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "eremit/abi.h"

#include "gdb.h"
#include "gdb_stub.h"
#include "hv.h"
#include "log.h"
#include "status.h"

/* Written by the vCPU thread before it runs the guest; read by the SIGIO handler. */
static struct kvm_run *volatile sigio_run;

/* gdb sent something while the guest runs (ctrl-C): make KVM_RUN return EINTR. */
static void on_sigio(int sig)
{
	struct kvm_run *run = sigio_run;

	(void)sig;
	if (run)
		run->immediate_exit = 1;
}

/* Asks for SIGIO on this thread when gdb's bytes arrive. */
static void arm_sigio(struct hv_gdb *g, struct hv_vcpu *vcpu)
{
	struct sigaction sa = {.sa_handler = on_sigio};
	struct f_owner_ex owner = {.type = F_OWNER_TID, .pid = gettid()};

	sigio_run = vcpu->run;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGIO, &sa, 0);
	if (fcntl(g->conn.fd, F_SETOWN_EX, &owner) < 0 ||
	    fcntl(g->conn.fd, F_SETFL, fcntl(g->conn.fd, F_GETFL) | O_ASYNC) < 0)
		hv_err("gdb: no ctrl-C (cannot arm SIGIO: %s)", strerror(errno));
}

static struct gdb_thread *thread_of(struct hv_gdb *g, const struct hv_vcpu *vcpu)
{
	return &g->thread[vcpu->id < g->nthreads ? vcpu->id : 0];
}

/* The registers the kernel's frame and struct kvm_regs both hold. */
#define REG(n)                                                                                     \
	{                                                                                          \
		offsetof(struct eremit_debug_frame, n), offsetof(struct kvm_regs, n)               \
	}
static const struct {
	size_t frame, kvm;
} frame_regs[] = {
    REG(rax), REG(rbx), REG(rcx), REG(rdx), REG(rsi), REG(rdi), REG(rsp), REG(rbp), REG(r8),
    REG(r9),  REG(r10), REG(r11), REG(r12), REG(r13), REG(r14), REG(r15), REG(rip), REG(rflags),
};
#undef REG

/* Registers at a stop. KVM's FPU state is the guest's: the kernel's ring-0 code uses no FPU. */
static int load_regs(struct gdb_thread *t)
{
	memset(&t->r, 0, sizeof(t->r));
	if (ioctl(t->vcpu->fd, KVM_GET_SREGS, &t->r.sregs) < 0 ||
	    (t->kind == GDB_STOP_KVM && ioctl(t->vcpu->fd, KVM_GET_REGS, &t->r.regs) < 0)) {
		hv_err("gdb: cannot read the registers of vCPU %u: %s", t->vcpu->id,
		       strerror(errno));
		return -1;
	}
	if (ioctl(t->vcpu->fd, KVM_GET_FPU, &t->r.fpu) < 0)
		memset(&t->r.fpu, 0, sizeof(t->r.fpu));
	if (t->kind == GDB_STOP_GUEST) {
		for (size_t i = 0; i < sizeof(frame_regs) / sizeof(frame_regs[0]); i++)
			memcpy((uint8_t *)&t->r.regs + frame_regs[i].kvm,
			       (const uint8_t *)t->frame + frame_regs[i].frame, 8);
		t->r.sregs.cs.selector = (uint16_t)t->frame->cs;
		t->r.sregs.ss.selector = (uint16_t)t->frame->ss;
	}
	return 0;
}

/* Registers back where they came from, with TF set when stepping by trap flag. */
static int flush_regs(struct gdb_thread *t, bool tf)
{
	if (tf)
		t->r.regs.rflags |= EREMIT_DEBUG_RFLAGS_TF;
	if (t->kind == GDB_STOP_GUEST) {
		/* Guest memory: the kernel's iretq takes them from here. */
		for (size_t i = 0; i < sizeof(frame_regs) / sizeof(frame_regs[0]); i++)
			memcpy((uint8_t *)t->frame + frame_regs[i].frame,
			       (const uint8_t *)&t->r.regs + frame_regs[i].kvm, 8);
	} else if ((tf || t->r.regs_dirty) && ioctl(t->vcpu->fd, KVM_SET_REGS, &t->r.regs) < 0) {
		hv_err("gdb: KVM_SET_REGS: %s", strerror(errno));
		return -1;
	}
	if (t->r.fpu_dirty && ioctl(t->vcpu->fd, KVM_SET_FPU, &t->r.fpu) < 0)
		hv_err("gdb: KVM_SET_FPU: %s (x87/SSE changes are lost)", strerror(errno));
	t->r.regs_dirty = t->r.fpu_dirty = false;
	return 0;
}

static void detach(struct hv_gdb *g)
{
	gdb_bp_remove_all(g);
	gdb_rsp_close(&g->conn);
	sigio_run = 0;
	hv_log("gdb detached; the VM runs on");
}

/*
 * A stop of thread t: tells gdb (unless it is the first, which gdb asks for
 * with '?'), serves it, and carries out its decision. HV_RUN_CONTINUE or an
 * exit status.
 */
static int stop(struct hv_gdb *g, struct gdb_thread *t, bool announce)
{
	enum gdb_action act;
	bool tf;

	g->stopped = g->cur = (unsigned)(t - g->thread);
	if (announce && gdb_send_stop(g) < 0)
		act = GDB_ACT_DETACH;
	else
		act = gdb_session(g);
	if (act == GDB_ACT_KILL) {
		hv_err("killed by gdb");
		gdb_rsp_close(&g->conn);
		return HV_GDB_KILLED_STATUS;
	}
	if (act == GDB_ACT_DETACH)
		detach(g);
	g->stepping = act == GDB_ACT_STEP;
	/* Ring 0 runs in PVM's emulator, which steps by KVM's flag; ring 3 runs natively: TF. */
	g->kvm_step = g->stepping && t->kind == GDB_STOP_KVM && (t->r.sregs.cs.selector & 3) == 0;
	tf = g->stepping && !g->kvm_step;
	if (flush_regs(t, tf))
		return HV_STATUS_INTERNAL;
	if (g->kvm_step) {
		struct kvm_guest_debug dbg = {.control =
						  KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP};
		if (ioctl(t->vcpu->fd, KVM_SET_GUEST_DEBUG, &dbg) < 0) {
			hv_err("gdb: KVM_SET_GUEST_DEBUG: %s", strerror(errno));
			return HV_STATUS_INTERNAL;
		}
	}
	return HV_RUN_CONTINUE;
}

int hv_gdb_start(struct hv_vm *vm, unsigned port)
{
	struct hv_gdb *g = calloc(1, sizeof(*g));
	struct gdb_thread *t;
	char err[128];
	int r;

	if (!g) {
		hv_err("out of memory");
		return HV_STATUS_INTERNAL;
	}
	g->vm = vm;
	g->nthreads = 1;
	g->thread[0].vcpu = &vm->vcpus[0];
	if (gdb_rsp_listen(&g->conn, port, err, sizeof(err))) {
		hv_err("--gdb %u: %s", port, err);
		free(g);
		return HV_STATUS_USAGE;
	}
	hv_err("waiting for gdb on 127.0.0.1:%u (target remote :%u)", port, port);
	if (gdb_rsp_accept(&g->conn)) {
		hv_err("--gdb %u: accept: %s", port, strerror(errno));
		gdb_rsp_close(&g->conn);
		free(g);
		return HV_STATUS_INTERNAL;
	}
	vm->gdb = g;
	arm_sigio(g, &vm->vcpus[0]);
	t = &g->thread[0];
	t->kind = GDB_STOP_KVM;
	g->signal = GDB_SIGTRAP;
	if (load_regs(t))
		return HV_STATUS_INTERNAL;
	r = stop(g, t, false);
	return r == HV_RUN_CONTINUE ? 0 : r;
}

int hv_gdb_port_check(unsigned port)
{
	struct gdb_conn c;
	char err[128];

	if (gdb_rsp_listen(&c, port, err, sizeof(err))) {
		hv_err("--gdb %u: %s", port, err);
		return -1;
	}
	gdb_rsp_close(&c);
	hv_err("QEMU waits for gdb on 127.0.0.1:%u (target remote :%u)", port, port);
	return 0;
}

int hv_gdb_finish(struct hv_vm *vm, int status)
{
	struct hv_gdb *g = vm->gdb;
	char s[8];

	if (g && g->conn.fd >= 0) {
		snprintf(s, sizeof(s), "W%02x", status & 255);
		gdb_rsp_send(&g->conn, s);
		gdb_rsp_close(&g->conn);
	}
	return status;
}

/* gdb's signal for an exception vector, as Linux would signal the process. */
static int vector_signal(uint32_t vector)
{
	switch (vector) {
	case 1:
	case 3:
		return GDB_SIGTRAP;
	case 0:
	case 7:
	case 16:
	case 19:
		return GDB_SIGFPE;
	case 6:
		return GDB_SIGILL;
	case 17:
	case 18:
		return GDB_SIGBUS;
	default:
		return GDB_SIGSEGV;
	}
}

int hv_gdb_hypercall(struct hv_vm *vm, struct hv_vcpu *vcpu, gpa_t arg)
{
	struct hv_gdb *g = vm->gdb;
	struct eremit_hc_debug d;
	struct gdb_thread *t;
	int64_t ret = EREMIT_DEBUG_RET_NONE;
	void *block = arg % 8 ? 0 : hv_gpa_ptr(&vm->mem, arg, sizeof(d));
	int r;

	if (!block) {
		hv_err("guest debug hypercall with a bad argument block 0x%llx at rip 0x%llx",
		       (unsigned long long)arg, (unsigned long long)hv_vcpu_rip(vcpu));
		return HV_STATUS_BAD_HYPERCALL;
	}
	memcpy(&d, block, sizeof(d));
	if (g && g->conn.fd >= 0) {
		t = thread_of(g, vcpu);
		t->kind = GDB_STOP_GUEST;
		t->frame =
		    d.frame_gpa % 8 ? 0 : hv_gpa_ptr(&vm->mem, d.frame_gpa, sizeof(*t->frame));
		if (!t->frame) {
			hv_err("guest debug hypercall with a bad frame 0x%llx",
			       (unsigned long long)d.frame_gpa);
			return HV_STATUS_BAD_HYPERCALL;
		}
		if (load_regs(t))
			return HV_STATUS_INTERNAL;
		if (g->stepping) /* our TF, not the program's */
			t->r.regs.rflags &= ~EREMIT_DEBUG_RFLAGS_TF;
		g->stepping = false;
		g->signal = vector_signal(d.vector);
		/* int3 traps after itself: gdb wants the breakpoint's address. */
		g->swbreak = d.vector == 3 && gdb_bp_find(g, t->r.regs.rip - 1);
		if (g->swbreak)
			t->r.regs.rip--;
		t->r.regs_dirty = true;
		if ((r = stop(g, t, true)) != HV_RUN_CONTINUE)
			return r;
		ret = EREMIT_DEBUG_RET_RESUME;
	}
	memcpy((uint8_t *)block + offsetof(struct eremit_hc_debug, ret), &ret, sizeof(ret));
	return HV_RUN_CONTINUE;
}

int hv_gdb_kvm_debug(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	struct hv_gdb *g = vm->gdb;
	struct kvm_guest_debug off = {0};
	struct gdb_thread *t;

	if (!g || !g->kvm_step) {
		hv_err("unexpected KVM debug exit at rip 0x%llx",
		       (unsigned long long)vcpu->run->debug.arch.pc);
		return HV_STATUS_VM_FAILED;
	}
	ioctl(vcpu->fd, KVM_SET_GUEST_DEBUG, &off);
	g->kvm_step = g->stepping = false;
	if (g->conn.fd < 0)
		return HV_RUN_CONTINUE;
	t = thread_of(g, vcpu);
	t->kind = GDB_STOP_KVM;
	g->signal = GDB_SIGTRAP;
	g->swbreak = false;
	if (load_regs(t))
		return HV_STATUS_INTERNAL;
	return stop(g, t, true);
}

static int interrupted(struct hv_gdb *g, struct hv_vcpu *vcpu)
{
	struct gdb_thread *t;
	bool gone;

	vcpu->run->immediate_exit = 0;
	if (!gdb_rsp_poll_interrupt(&g->conn, &gone)) {
		if (gone)
			detach(g);
		return HV_RUN_CONTINUE;
	}
	t = thread_of(g, vcpu);
	t->kind = GDB_STOP_KVM;
	g->signal = GDB_SIGINT;
	g->swbreak = false;
	if (load_regs(t))
		return HV_STATUS_INTERNAL;
	return stop(g, t, true);
}

int hv_gdb_interrupted(struct hv_vm *vm, struct hv_vcpu *vcpu)
{
	int saved_errno = errno; /* the caller goes on to look at KVM_RUN's */
	int r = vm->gdb ? interrupted(vm->gdb, vcpu) : HV_RUN_CONTINUE;

	errno = saved_errno;
	return r;
}
