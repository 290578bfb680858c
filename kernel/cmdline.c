// SPDX-License-Identifier: MIT
/* QEMU's -append line: kernel options, "--", argv words with backslash escapes. */
#include <string.h>
#include "kernel/cmdline.h"

long cmdline_next(struct cmdline_iter *it, char *out, size_t cap)
{
	const char *p = it->p;
	if (!p)
		return -1;
	while (*p == ' ')
		p++;
	if (!*p) {
		it->p = p;
		return -1;
	}
	size_t n = 0;
	while (*p && *p != ' ') {
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 < cap)
			out[n] = *p;
		n++;
		p++;
	}
	if (cap)
		out[n < cap ? n : cap - 1] = '\0';
	it->p = p;
	return (long)n;
}

/* Returns an iterator just past a "--" word, or {NULL} when there is none. */
static struct cmdline_iter cmdline_after_separator(const char *cmdline)
{
	struct cmdline_iter it = {cmdline};
	char w[3];
	long n;
	while ((n = cmdline_next(&it, w, sizeof(w))) >= 0) {
		if (n == 2 && strcmp(w, "--") == 0)
			return it;
	}
	return (struct cmdline_iter){NULL};
}

struct cmdline_iter cmdline_argv(const char *cmdline)
{
	struct cmdline_iter it = cmdline_after_separator(cmdline);
	return it.p ? it : (struct cmdline_iter){cmdline};
}

bool cmdline_flag(const char *cmdline, const char *name)
{
	if (!cmdline || !cmdline_after_separator(cmdline).p)
		return false; /* no "--": there are no kernel options */
	struct cmdline_iter it = {cmdline};
	char w[128];
	size_t len = strlen(name);
	long n;
	while ((n = cmdline_next(&it, w, sizeof(w))) >= 0) {
		if (n == 2 && strcmp(w, "--") == 0)
			break;
		/* n is the word's full length: a truncated copy must not match. */
		if ((size_t)n == len + 2 && n < (long)sizeof(w) && strncmp(w, name, len) == 0 &&
		    strcmp(w + len, "=1") == 0)
			return true;
	}
	return false;
}
