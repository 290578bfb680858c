/* SPDX-License-Identifier: MIT */
/*
 * The gdb stub's parts: stops and resumes (gdb.c), gdb's commands at a stop (gdb_cmd.c), the
 * packet layer (gdb_rsp.c), x86 registers and memory (gdb_x86.c).
 */
#ifndef HV_GDB_STUB_H
#define HV_GDB_STUB_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gmem.h"

struct eremit_debug_frame;
struct hv_vcpu;
struct hv_vm;

/* Our PacketSize: room for a 'G' packet of every register and large memory transfers. */
#define GDB_PACKET_MAX	    0x4000
#define GDB_MAX_BREAKPOINTS 64
/* What gdb_rsp_recv returns for a ctrl-C (0x03) between packets. */
#define GDB_RSP_INTERRUPT (-2)

/* gdb's signal numbers (gdb/signals.def), which are not the host's. */
enum gdb_signal {
	GDB_SIGINT = 2,
	GDB_SIGILL = 4,
	GDB_SIGTRAP = 5,
	GDB_SIGFPE = 8,
	GDB_SIGBUS = 10,
	GDB_SIGSEGV = 11,
};

/* The connection; owned by the vCPU thread that serves gdb. */
struct gdb_conn {
	int listen_fd, fd; /* -1 when closed */
	bool noack;	   /* QStartNoAckMode */
	size_t in_len, in_pos;
	char in[GDB_PACKET_MAX]; /* bytes received, not yet parsed */
};

/* gdb_rsp.c */
/* Binds 127.0.0.1:port; 0, or -1 with the reason in err. */
int gdb_rsp_listen(struct gdb_conn *c, unsigned port, char *err, size_t errlen);
/* Waits for gdb to connect; 0 or -1 (errno). */
int gdb_rsp_accept(struct gdb_conn *c);
/* The next packet's payload, NUL-terminated: its length, GDB_RSP_INTERRUPT, or -1 when gdb is gone.
 */
int gdb_rsp_recv(struct gdb_conn *c, char *buf, size_t size);
/* Sends payload (len bytes, escaped as needed); 0 or -1 when gdb is gone. */
int gdb_rsp_send_bin(struct gdb_conn *c, const char *payload, size_t len);
int gdb_rsp_send(struct gdb_conn *c, const char *payload);
/* True when an interrupt (0x03) is waiting; false otherwise. Sets *gone on EOF. Never blocks. */
bool gdb_rsp_poll_interrupt(struct gdb_conn *c, bool *gone);
void gdb_rsp_close(struct gdb_conn *c);

/* Hex digits to bytes and back; gdb_hex_decode returns the bytes decoded or -1. */
void gdb_hex_encode(char *out, const void *in, size_t len);
long gdb_hex_decode(void *out, size_t max, const char *in, size_t len);
/* Parses hex digits at *s up to a non-hex character; -1 when there are none. */
int gdb_parse_hex(const char **s, uint64_t *out);

/* One vCPU's registers as gdb sees them at a stop. */
struct gdb_regs {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
	bool regs_dirty, fpu_dirty;
};

/* One vCPU is one gdb thread; the array grows with SMP. */
#define GDB_MAX_THREADS 1

enum gdb_stop_kind {
	GDB_STOP_KVM,	/* the vCPU's registers: before the first instruction, ctrl-C, KVM step */
	GDB_STOP_GUEST, /* the kernel reported an exception: registers in its frame */
};

struct gdb_thread {
	struct hv_vcpu *vcpu;
	enum gdb_stop_kind kind;
	struct eremit_debug_frame *frame; /* GDB_STOP_GUEST: in guest memory */
	struct gdb_regs r;
};

struct gdb_bp {
	uint64_t addr; /* as gdb gave it */
	gpa_t gpa;     /* where the int3 is */
	uint8_t saved; /* the byte it replaced */
	bool used;
};

/* What gdb asked for when it let the VM go. */
enum gdb_action { GDB_ACT_RESUME, GDB_ACT_STEP, GDB_ACT_DETACH, GDB_ACT_KILL };

/* The stub (vm->gdb); owned, like its connection, by the vCPU thread that serves gdb. */
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

/* gdb_cmd.c: gdb's side of a stop, with g->stopped and its registers loaded. */
/* Serves gdb while the VM is stopped; returns what gdb wants next (gone: GDB_ACT_DETACH). */
enum gdb_action gdb_session(struct hv_gdb *g);
/* Reports the stop (g->signal, g->stopped, g->swbreak) to gdb; 0, or -1 when gdb is gone. */
int gdb_send_stop(struct hv_gdb *g);
/* The breakpoint gdb set at addr, or NULL. */
struct gdb_bp *gdb_bp_find(struct hv_gdb *g, uint64_t addr);
/* Puts back the bytes under every breakpoint and forgets them all. */
void gdb_bp_remove_all(struct hv_gdb *g);

/* gdb_x86.c */
/* The target description gdb asks for with qXfer:features:read:target.xml. */
const char *gdb_x86_target_xml(void);
/* The size of register n, or 0 when there is no such register. */
unsigned gdb_x86_reg_size(unsigned n);
unsigned gdb_x86_nregs(void);
/* Copies register n out of or into r (marking it dirty); its size, or 0. */
unsigned gdb_x86_reg_get(const struct gdb_regs *r, unsigned n, uint8_t *out);
unsigned gdb_x86_reg_set(struct gdb_regs *r, unsigned n, const uint8_t *in);
/*
 * Walks the page tables at sregs (identity when paging is off): the guest-physical
 * address of virtual address va, and in *avail how many bytes up to the end of its page.
 * 0, or -1 when va is not mapped.
 */
int gdb_x86_translate(const struct hv_gmem *m, const struct kvm_sregs *s, uint64_t va, gpa_t *pa,
		      uint64_t *avail);

#endif /* HV_GDB_STUB_H */
