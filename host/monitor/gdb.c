/* SPDX-License-Identifier: MIT */
/* The gdb stub: stops, resumes, breakpoints and gdb's packets (see gdb.h for the design). */
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

/* One vCPU is one gdb thread; the array grows with SMP. */
#define GDB_MAX_THREADS 1

enum stop_kind {
	STOP_KVM,   /* the vCPU's own registers: before the first instruction, ctrl-C, KVM step */
	STOP_GUEST, /* the kernel reported an exception: registers in its frame */
};

struct gdb_thread {
	struct hv_vcpu *vcpu;
	enum stop_kind kind;
	struct eremit_debug_frame *frame; /* STOP_GUEST: in guest memory */
	struct gdb_regs r;
};

struct gdb_bp {
	uint64_t addr; /* as gdb gave it */
	gpa_t gpa;     /* where the int3 is */
	uint8_t saved; /* the byte it replaced */
	bool used;
};

/* What gdb asked for when it let the VM go. */
enum action { ACT_RESUME, ACT_STEP, ACT_DETACH, ACT_KILL };

struct hv_gdb {
	struct hv_vm *vm;
	struct gdb_conn conn;
	unsigned nthreads;
	struct gdb_thread thread[GDB_MAX_THREADS];
	unsigned cur;	  /* the thread g, p and m refer to (Hg) */
	unsigned stopped; /* the thread whose stop was reported */
	int signal;	  /* of the last stop, GDB_SIG* */
	bool swbreak;	  /* the last stop was one of our breakpoints */
	bool stepping;	  /* resumed with a single step, by TF */
	bool kvm_step;	  /* ... by KVM_GUESTDBG_SINGLESTEP */
	struct gdb_bp bp[GDB_MAX_BREAKPOINTS];
	char pkt[GDB_PACKET_MAX];
	char reply[2 * GDB_PACKET_MAX + 16];
};

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
	    (t->kind == STOP_KVM && ioctl(t->vcpu->fd, KVM_GET_REGS, &t->r.regs) < 0)) {
		hv_err("gdb: cannot read the registers of vCPU %u: %s", t->vcpu->id,
		       strerror(errno));
		return -1;
	}
	if (ioctl(t->vcpu->fd, KVM_GET_FPU, &t->r.fpu) < 0)
		memset(&t->r.fpu, 0, sizeof(t->r.fpu));
	if (t->kind == STOP_GUEST) {
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
	if (t->kind == STOP_GUEST) {
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

/* Copies len bytes of guest-virtual memory at va (as thread t's page tables map it). */
static size_t mem_access(struct hv_gdb *g, struct gdb_thread *t, uint64_t va, uint8_t *buf,
			 size_t len, bool write)
{
	size_t done = 0;

	while (done < len) {
		gpa_t pa;
		uint64_t avail;
		uint8_t *p;
		size_t n;

		if (gdb_x86_translate(&g->vm->mem, &t->r.sregs, va + done, &pa, &avail))
			break;
		n = len - done < avail ? len - done : (size_t)avail;
		if (!(p = hv_gpa_ptr(&g->vm->mem, pa, n)))
			break;
		for (size_t i = 0; i < n; i++) {
			struct gdb_bp *bp = 0;
			for (unsigned b = 0; b < GDB_MAX_BREAKPOINTS; b++)
				if (g->bp[b].used && g->bp[b].gpa == pa + i)
					bp = &g->bp[b];
			/* gdb sees and changes the bytes under our int3s, never the int3s. */
			if (write && bp)
				bp->saved = buf[done + i];
			else if (write)
				p[i] = buf[done + i];
			else
				buf[done + i] = bp ? bp->saved : p[i];
		}
		done += n;
	}
	return done;
}

static struct gdb_bp *bp_find(struct hv_gdb *g, uint64_t addr)
{
	for (unsigned b = 0; b < GDB_MAX_BREAKPOINTS; b++)
		if (g->bp[b].used && g->bp[b].addr == addr)
			return &g->bp[b];
	return 0;
}

static const char *bp_insert(struct hv_gdb *g, struct gdb_thread *t, uint64_t addr)
{
	struct gdb_bp *bp = bp_find(g, addr);
	uint64_t avail;
	uint8_t *p;
	gpa_t pa;

	if (bp)
		return "OK";
	for (unsigned b = 0; b < GDB_MAX_BREAKPOINTS && !bp; b++)
		if (!g->bp[b].used)
			bp = &g->bp[b];
	if (!bp || gdb_x86_translate(&g->vm->mem, &t->r.sregs, addr, &pa, &avail) ||
	    !(p = hv_gpa_ptr(&g->vm->mem, pa, 1)))
		return "E01";
	*bp = (struct gdb_bp){.addr = addr, .gpa = pa, .saved = *p, .used = true};
	*p = 0xcc; /* int3 */
	return "OK";
}

static void bp_remove(struct hv_gdb *g, struct gdb_bp *bp)
{
	uint8_t *p = hv_gpa_ptr(&g->vm->mem, bp->gpa, 1);

	if (p)
		*p = bp->saved;
	bp->used = false;
}

static void bp_remove_all(struct hv_gdb *g)
{
	for (unsigned b = 0; b < GDB_MAX_BREAKPOINTS; b++)
		if (g->bp[b].used)
			bp_remove(g, &g->bp[b]);
}

static int reply(struct hv_gdb *g, const char *s)
{
	return gdb_rsp_send(&g->conn, s);
}

static int send_stop(struct hv_gdb *g)
{
	char s[64];

	snprintf(s, sizeof(s), "T%02xthread:%x;%s", g->signal, g->stopped + 1,
		 g->swbreak ? "swbreak:;" : "");
	return reply(g, s);
}

static int cmd_read_regs(struct hv_gdb *g)
{
	struct gdb_thread *t = &g->thread[g->cur];
	size_t n = 0;
	uint8_t v[16];

	for (unsigned i = 0; i < gdb_x86_nregs(); i++) {
		unsigned size = gdb_x86_reg_get(&t->r, i, v);
		gdb_hex_encode(g->reply + n, v, size);
		n += 2 * size;
	}
	return reply(g, g->reply);
}

static int cmd_write_regs(struct hv_gdb *g, const char *hex, size_t len)
{
	struct gdb_thread *t = &g->thread[g->cur];
	size_t off = 0;
	uint8_t v[16];

	for (unsigned i = 0; i < gdb_x86_nregs() && off < len; i++) {
		unsigned size = gdb_x86_reg_size(i);
		if (off + 2 * size > len || gdb_hex_decode(v, sizeof(v), hex + off, 2 * size) < 0)
			return reply(g, "E01");
		gdb_x86_reg_set(&t->r, i, v);
		off += 2 * size;
	}
	return reply(g, "OK");
}

/* p n / P n=value */
static int cmd_reg(struct hv_gdb *g, const char *args, bool write)
{
	struct gdb_thread *t = &g->thread[g->cur];
	uint64_t n;
	uint8_t v[16];
	unsigned size;

	if (gdb_parse_hex(&args, &n) || !(size = gdb_x86_reg_size(n < 1024 ? (unsigned)n : 1024)))
		return reply(g, "E01");
	if (!write) {
		gdb_x86_reg_get(&t->r, (unsigned)n, v);
		gdb_hex_encode(g->reply, v, size);
		return reply(g, g->reply);
	}
	if (*args++ != '=' || gdb_hex_decode(v, sizeof(v), args, strlen(args)) != size)
		return reply(g, "E01");
	gdb_x86_reg_set(&t->r, (unsigned)n, v);
	return reply(g, "OK");
}

/* m addr,len / M addr,len:hex / X addr,len:binary */
static int cmd_mem(struct hv_gdb *g, char op, const char *args, size_t pktlen)
{
	struct gdb_thread *t = &g->thread[g->cur];
	static uint8_t buf[GDB_PACKET_MAX];
	const char *end = g->pkt + pktlen;
	uint64_t addr, len;
	size_t n = 0;

	if (gdb_parse_hex(&args, &addr) || *args++ != ',' || gdb_parse_hex(&args, &len))
		return reply(g, "E01");
	if (op == 'm') {
		len = len < sizeof(buf) ? len : sizeof(buf);
		len = len < (sizeof(g->reply) - 1) / 2 ? len : (sizeof(g->reply) - 1) / 2;
		n = mem_access(g, t, addr, buf, (size_t)len, false);
		if (!n && len)
			return reply(g, "E14");
		gdb_hex_encode(g->reply, buf, n);
		return reply(g, g->reply);
	}
	if (*args++ != ':' || len > sizeof(buf))
		return reply(g, "E01");
	if (op == 'M' && gdb_hex_decode(buf, sizeof(buf), args, (size_t)(end - args)) != (long)len)
		return reply(g, "E01");
	/* X: binary with }-escapes (0x7d, then the byte xor 0x20). */
	for (const char *p = args; op == 'X' && p < end && n < len; p++)
		buf[n++] = *p == '}' && p + 1 < end ? (uint8_t)(*++p ^ 0x20) : (uint8_t)*p;
	if (op == 'X' && n != len)
		return reply(g, "E01");
	return reply(g, mem_access(g, t, addr, buf, (size_t)len, true) == len ? "OK" : "E14");
}

/* Z0,addr,kind / z0,addr,kind: software breakpoints; other kinds are not supported. */
static int cmd_breakpoint(struct hv_gdb *g, bool insert, const char *args)
{
	struct gdb_bp *bp;
	uint64_t addr;

	if (args[0] != '0' || args[1] != ',')
		return reply(g, "");
	args += 2;
	if (gdb_parse_hex(&args, &addr))
		return reply(g, "E01");
	if (insert)
		return reply(g, bp_insert(g, &g->thread[g->cur], addr));
	if ((bp = bp_find(g, addr)))
		bp_remove(g, bp);
	return reply(g, "OK");
}

/* A thread id of ours: 1..N; 0 (any) and -1 (all) mean the first. */
static int parse_thread(struct hv_gdb *g, const char *s, unsigned *idx)
{
	uint64_t tid;

	if (!strcmp(s, "-1") || !strcmp(s, "0")) {
		*idx = g->stopped;
		return 0;
	}
	if (gdb_parse_hex(&s, &tid) || *s || tid < 1 || tid > g->nthreads)
		return -1;
	*idx = (unsigned)(tid - 1);
	return 0;
}

static int cmd_xfer_features(struct hv_gdb *g, const char *args)
{
	const char *xml = gdb_x86_target_xml();
	size_t total = strlen(xml);
	uint64_t off, len;

	if (strncmp(args, "target.xml:", 11))
		return reply(g, "E00");
	args += 11;
	if (gdb_parse_hex(&args, &off) || *args++ != ',' || gdb_parse_hex(&args, &len))
		return reply(g, "E01");
	if (off >= total)
		return reply(g, "l");
	len = len < total - off ? len : total - off;
	len = len < sizeof(g->reply) - 2 ? len : sizeof(g->reply) - 2;
	g->reply[0] = off + len < total ? 'm' : 'l';
	memcpy(g->reply + 1, xml + off, (size_t)len);
	return gdb_rsp_send_bin(&g->conn, g->reply, (size_t)len + 1);
}

static int cmd_query(struct hv_gdb *g, const char *q)
{
	if (!strncmp(q, "qSupported", 10))
		return reply(g, "PacketSize=4000;qXfer:features:read+;swbreak+;"
				"QStartNoAckMode+;vContSupported+");
	if (!strcmp(q, "QStartNoAckMode")) {
		int r = reply(g, "OK");
		g->conn.noack = true;
		return r;
	}
	if (!strcmp(q, "qAttached"))
		return reply(g, "1"); /* detaching on quit lets the VM run to its end */
	if (!strcmp(q, "qC")) {
		snprintf(g->reply, sizeof(g->reply), "QC%x", g->stopped + 1);
		return reply(g, g->reply);
	}
	if (!strcmp(q, "qfThreadInfo")) {
		size_t n = (size_t)snprintf(g->reply, sizeof(g->reply), "m");
		for (unsigned i = 0; i < g->nthreads; i++)
			n += (size_t)snprintf(g->reply + n, sizeof(g->reply) - n, "%s%x",
					      i ? "," : "", i + 1);
		return reply(g, g->reply);
	}
	if (!strcmp(q, "qsThreadInfo"))
		return reply(g, "l");
	if (!strncmp(q, "qThreadExtraInfo,", 17)) {
		unsigned idx;
		char text[32];
		if (parse_thread(g, q + 17, &idx))
			return reply(g, "E01");
		snprintf(text, sizeof(text), "vCPU %u", idx);
		gdb_hex_encode(g->reply, text, strlen(text));
		return reply(g, g->reply);
	}
	if (!strncmp(q, "qXfer:features:read:", 20))
		return cmd_xfer_features(g, q + 20);
	if (!strncmp(q, "qSymbol:", 8))
		return reply(g, "OK");
	return reply(g, "");
}

/* vCont;ACTION[:thread]...: the first action for the stopped thread wins. */
static int parse_vcont(struct hv_gdb *g, const char *s, enum action *act)
{
	while (*s == ';') {
		char op = *++s;
		unsigned idx = g->stopped;
		const char *colon;
		char tid[24] = "";

		if (op != 'c' && op != 's' && op != 'C' && op != 'S')
			return -1;
		s++;
		if (op == 'C' || op == 'S')
			s += 2; /* the signal to deliver: there are no signals to deliver */
		colon = *s == ':' ? s + 1 : 0;
		s += strcspn(s, ";");
		if (colon && (size_t)(s - colon) < sizeof(tid)) {
			memcpy(tid, colon, (size_t)(s - colon));
			if (parse_thread(g, tid, &idx))
				continue;
		}
		if (idx == g->stopped) {
			*act = op == 's' || op == 'S' ? ACT_STEP : ACT_RESUME;
			return 0;
		}
	}
	return -1;
}

/* c [addr], s [addr], C sig[;addr], S sig[;addr]. */
static enum action resume_cmd(struct hv_gdb *g, const char *pkt)
{
	const char *a = pkt + 1;
	uint64_t addr;

	if (pkt[0] == 'C' || pkt[0] == 'S')
		a = strchr(a, ';') ? strchr(a, ';') + 1 : a + strlen(a);
	if (*a && !gdb_parse_hex(&a, &addr)) {
		g->thread[g->stopped].r.regs.rip = addr;
		g->thread[g->stopped].r.regs_dirty = true;
	}
	return pkt[0] == 's' || pkt[0] == 'S' ? ACT_STEP : ACT_RESUME;
}

/*
 * Serves gdb while the VM is stopped; returns what gdb wants next. A
 * vanished gdb counts as a detach.
 */
static enum action session(struct hv_gdb *g)
{
	for (;;) {
		int len = gdb_rsp_recv(&g->conn, g->pkt, sizeof(g->pkt));
		const char *p = g->pkt;
		enum action act;
		unsigned idx;
		int r = 0;

		if (len < 0 && len != GDB_RSP_INTERRUPT)
			return ACT_DETACH;
		if (len == GDB_RSP_INTERRUPT)
			continue; /* already stopped */
		switch (p[0]) {
		case '?':
			r = send_stop(g);
			break;
		case 'g':
			r = cmd_read_regs(g);
			break;
		case 'G':
			r = cmd_write_regs(g, p + 1, (size_t)len - 1);
			break;
		case 'p':
		case 'P':
			r = cmd_reg(g, p + 1, p[0] == 'P');
			break;
		case 'm':
		case 'M':
		case 'X':
			r = cmd_mem(g, p[0], p + 1, (size_t)len);
			break;
		case 'Z':
		case 'z':
			r = cmd_breakpoint(g, p[0] == 'Z', p + 1);
			break;
		case 'c':
		case 's':
		case 'C':
		case 'S':
			return resume_cmd(g, p);
		case 'D':
			reply(g, "OK");
			return ACT_DETACH;
		case 'k':
			return ACT_KILL;
		case 'H':
			if ((p[1] == 'g' || p[1] == 'c') && !parse_thread(g, p + 2, &idx)) {
				if (p[1] == 'g')
					g->cur = idx;
				r = reply(g, "OK");
			} else {
				r = reply(g, "E01");
			}
			break;
		case 'T':
			r = reply(g, parse_thread(g, p + 1, &idx) ? "E01" : "OK");
			break;
		case 'q':
		case 'Q':
			r = cmd_query(g, p);
			break;
		case 'v':
			if (!strcmp(p, "vCont?")) {
				r = reply(g, "vCont;c;C;s;S");
			} else if (!strncmp(p, "vCont;", 6)) {
				if (!parse_vcont(g, p + 5, &act))
					return act;
				r = reply(g, "E01");
			} else if (!strncmp(p, "vKill", 5)) {
				reply(g, "OK");
				return ACT_KILL;
			} else {
				r = reply(g, ""); /* vMustReplyEmpty and everything else */
			}
			break;
		default:
			r = reply(g, "");
		}
		if (r < 0)
			return ACT_DETACH;
	}
}

static void detach(struct hv_gdb *g)
{
	bp_remove_all(g);
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
	enum action act;
	bool tf;

	g->stopped = g->cur = (unsigned)(t - g->thread);
	if (announce && send_stop(g) < 0)
		act = ACT_DETACH;
	else
		act = session(g);
	if (act == ACT_KILL) {
		hv_err("killed by gdb");
		gdb_rsp_close(&g->conn);
		return HV_GDB_KILLED_STATUS;
	}
	if (act == ACT_DETACH)
		detach(g);
	g->stepping = act == ACT_STEP;
	/* Ring 0 runs in PVM's emulator, which steps by KVM's flag; ring 3 runs natively: TF. */
	g->kvm_step = g->stepping && t->kind == STOP_KVM && (t->r.sregs.cs.selector & 3) == 0;
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
	g->thread[0].vcpu = &vm->vcpu;
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
	arm_sigio(g, &vm->vcpu);
	t = &g->thread[0];
	t->kind = STOP_KVM;
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
		reply(g, s);
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
		t->kind = STOP_GUEST;
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
		g->swbreak = d.vector == 3 && bp_find(g, t->r.regs.rip - 1);
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
	t->kind = STOP_KVM;
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
	t->kind = STOP_KVM;
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
