/* SPDX-License-Identifier: MIT */
/* The gdb stub's side of gdb's packets at a stop: registers, memory, breakpoints, queries. */
#include <stdio.h>
#include <string.h>

#include "gdb_stub.h"
#include "hv.h"

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

struct gdb_bp *gdb_bp_find(struct hv_gdb *g, uint64_t addr)
{
	for (unsigned b = 0; b < GDB_MAX_BREAKPOINTS; b++)
		if (g->bp[b].used && g->bp[b].addr == addr)
			return &g->bp[b];
	return 0;
}

static const char *bp_insert(struct hv_gdb *g, struct gdb_thread *t, uint64_t addr)
{
	struct gdb_bp *bp = gdb_bp_find(g, addr);
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

void gdb_bp_remove_all(struct hv_gdb *g)
{
	for (unsigned b = 0; b < GDB_MAX_BREAKPOINTS; b++)
		if (g->bp[b].used)
			bp_remove(g, &g->bp[b]);
}

static int reply(struct hv_gdb *g, const char *s)
{
	return gdb_rsp_send(&g->conn, s);
}

int gdb_send_stop(struct hv_gdb *g)
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
	if ((bp = gdb_bp_find(g, addr)))
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
static int parse_vcont(struct hv_gdb *g, const char *s, enum gdb_action *act)
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
			*act = op == 's' || op == 'S' ? GDB_ACT_STEP : GDB_ACT_RESUME;
			return 0;
		}
	}
	return -1;
}

/* c [addr], s [addr], C sig[;addr], S sig[;addr]. */
static enum gdb_action resume_cmd(struct hv_gdb *g, const char *pkt)
{
	const char *a = pkt + 1;
	uint64_t addr;

	if (pkt[0] == 'C' || pkt[0] == 'S')
		a = strchr(a, ';') ? strchr(a, ';') + 1 : a + strlen(a);
	if (*a && !gdb_parse_hex(&a, &addr)) {
		g->thread[g->stopped].r.regs.rip = addr;
		g->thread[g->stopped].r.regs_dirty = true;
	}
	return pkt[0] == 's' || pkt[0] == 'S' ? GDB_ACT_STEP : GDB_ACT_RESUME;
}

enum gdb_action gdb_session(struct hv_gdb *g)
{
	for (;;) {
		int len = gdb_rsp_recv(&g->conn, g->pkt, sizeof(g->pkt));
		const char *p = g->pkt;
		enum gdb_action act;
		unsigned idx;
		int r = 0;

		if (len < 0 && len != GDB_RSP_INTERRUPT)
			return GDB_ACT_DETACH;
		if (len == GDB_RSP_INTERRUPT)
			continue; /* already stopped */
		switch (p[0]) {
		case '?':
			r = gdb_send_stop(g);
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
			return GDB_ACT_DETACH;
		case 'k':
			return GDB_ACT_KILL;
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
				return GDB_ACT_KILL;
			} else {
				r = reply(g, ""); /* vMustReplyEmpty and everything else */
			}
			break;
		default:
			r = reply(g, "");
		}
		if (r < 0)
			return GDB_ACT_DETACH;
	}
}
