/* SPDX-License-Identifier: MIT */
/* gdb's remote serial protocol on a TCP socket: packets, checksums, acks and ctrl-C. */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_stub.h"

static const char hexdigits[] = "0123456789abcdef";

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

void gdb_hex_encode(char *out, const void *in, size_t len)
{
	const uint8_t *p = in;

	for (size_t i = 0; i < len; i++) {
		*out++ = hexdigits[p[i] >> 4];
		*out++ = hexdigits[p[i] & 15];
	}
	*out = 0;
}

long gdb_hex_decode(void *out, size_t max, const char *in, size_t len)
{
	uint8_t *p = out;

	if (len % 2 || len / 2 > max)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		p[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(len / 2);
}

int gdb_parse_hex(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;

	if (hexval(*p) < 0)
		return -1;
	for (; hexval(*p) >= 0; p++) {
		if (v >> 60)
			return -1;
		v = v << 4 | (uint64_t)hexval(*p);
	}
	*s = p;
	*out = v;
	return 0;
}

int gdb_rsp_listen(struct gdb_conn *c, unsigned port, char *err, size_t errlen)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1;

	c->fd = -1;
	c->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->listen_fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* A port just freed by an earlier run is fine; one in use is not (no SO_REUSEPORT). */
	setsockopt(c->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(c->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(c->listen_fd, 1) < 0) {
		snprintf(err, errlen, "cannot listen on 127.0.0.1:%u: %s", port, strerror(errno));
		close(c->listen_fd);
		c->listen_fd = -1;
		return -1;
	}
	return 0;
}

int gdb_rsp_accept(struct gdb_conn *c)
{
	int one = 1;

	do
		c->fd = accept4(c->listen_fd, 0, 0, SOCK_CLOEXEC);
	while (c->fd < 0 && errno == EINTR);
	if (c->fd < 0)
		return -1;
	/* Packets are small and strictly request/reply: do not let Nagle hold them. */
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	close(c->listen_fd);
	c->listen_fd = -1;
	c->in_len = c->in_pos = 0;
	c->noack = false;
	return 0;
}

void gdb_rsp_close(struct gdb_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->listen_fd >= 0)
		close(c->listen_fd);
	c->fd = c->listen_fd = -1;
}

/* The next byte from gdb, or -1 when the connection is gone. */
static int getbyte(struct gdb_conn *c)
{
	if (c->fd < 0)
		return -1;
	if (c->in_pos == c->in_len) {
		ssize_t n;
		do
			n = recv(c->fd, c->in, sizeof(c->in), 0);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		c->in_len = (size_t)n;
		c->in_pos = 0;
	}
	return (uint8_t)c->in[c->in_pos++];
}

static int send_all(struct gdb_conn *c, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int gdb_rsp_recv(struct gdb_conn *c, char *buf, size_t size)
{
	for (;;) {
		int ch = getbyte(c), sum = 0, want;
		size_t len = 0;

		if (ch < 0)
			return -1;
		if (ch == 0x03)
			return GDB_RSP_INTERRUPT;
		if (ch != '$')
			continue; /* acks, and noise between packets */
		while ((ch = getbyte(c)) >= 0 && ch != '#') {
			sum += ch;
			if (len + 1 < size)
				buf[len++] = (char)ch;
		}
		if (ch < 0)
			return -1;
		want = hexval(getbyte(c)) << 4;
		want |= hexval(getbyte(c));
		buf[len] = 0;
		if (c->noack)
			return (int)len;
		if ((sum & 0xff) == want && len + 1 < size) {
			if (send_all(c, "+", 1))
				return -1;
			return (int)len;
		}
		if (send_all(c, "-", 1))
			return -1;
	}
}

int gdb_rsp_send_bin(struct gdb_conn *c, const char *payload, size_t len)
{
	static char pkt[2 * GDB_PACKET_MAX + 8];
	size_t n = 0;
	unsigned sum = 0;

	if (c->fd < 0)
		return -1;
	pkt[n++] = '$';
	for (size_t i = 0; i < len && n < sizeof(pkt) - 8; i++) {
		char ch = payload[i];
		if (ch == '$' || ch == '#' || ch == '}' || ch == '*') {
			pkt[n++] = '}';
			sum += '}';
			ch ^= 0x20;
		}
		pkt[n++] = ch;
		sum += (uint8_t)ch;
	}
	pkt[n++] = '#';
	pkt[n++] = hexdigits[(sum >> 4) & 15];
	pkt[n++] = hexdigits[sum & 15];
	for (;;) {
		int ch;
		if (send_all(c, pkt, n))
			return -1;
		if (c->noack)
			return 0;
		while ((ch = getbyte(c)) >= 0 && ch != '+' && ch != '-')
			;
		if (ch < 0)
			return -1;
		if (ch == '+')
			return 0;
	}
}

int gdb_rsp_send(struct gdb_conn *c, const char *payload)
{
	return gdb_rsp_send_bin(c, payload, strlen(payload));
}

bool gdb_rsp_poll_interrupt(struct gdb_conn *c, bool *gone)
{
	bool irq = false;

	*gone = false;
	if (c->fd < 0)
		return false;
	for (;;) {
		char b[64];
		ssize_t n = recv(c->fd, b, sizeof(b), MSG_DONTWAIT);
		if (n == 0) {
			*gone = true;
			return irq;
		}
		if (n < 0)
			return irq; /* EAGAIN: nothing more (other errors show on the next read) */
		if (memchr(b, 0x03, (size_t)n))
			irq = true;
	}
}
