/* SPDX-License-Identifier: MIT */
/* The kernel command line for QEMU's -append; portable. */
#include <stdio.h>
#include <string.h>

#include "qemu.h"

struct out {
	char *buf;
	size_t size, len;
};

static void putc_out(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_word(struct out *o, const char *w)
{
	if (!*w) {
		putc_out(o, '"');
		putc_out(o, '"');
		return;
	}
	for (; *w; w++) {
		if (*w == ' ' || *w == '\\' || *w == '"')
			putc_out(o, '\\');
		putc_out(o, *w);
	}
}

size_t hv_qemu_cmdline(char *buf, size_t size, bool verbose, uint64_t tsc_khz, const char *image,
		       int argc, char *const *argv, char *const *env)
{
	struct out o = {buf, size, 0};

	if (verbose) {
		put_word(&o, "eremit.verbose=1");
		putc_out(&o, ' ');
	}
	if (tsc_khz) {
		char opt[48];
		snprintf(opt, sizeof(opt), "eremit.tsc_khz=%llu", (unsigned long long)tsc_khz);
		put_word(&o, opt);
		putc_out(&o, ' ');
	}
	for (char *const *e = env; e && *e; e++) {
		put_word(&o, "eremit.env=");
		put_word(&o, *e);
		putc_out(&o, ' ');
	}
	put_word(&o, "--");
	putc_out(&o, ' ');
	put_word(&o, image);
	for (int i = 0; i < argc; i++) {
		putc_out(&o, ' ');
		put_word(&o, argv[i]);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return o.len;
}
