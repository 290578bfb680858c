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
	/* "" alone, unescaped, is the empty word (a quote in a word is escaped). */
	if (p[0] == '"' && p[1] == '"' && (p[2] == ' ' || !p[2])) {
		if (cap)
			out[0] = '\0';
		it->p = p + 2;
		return 0;
	}
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

/*
 * Copies the value of kernel option `name` (the text after "name=" in a word
 * before "--") into val. False when absent or when either would not fit.
 */
static bool cmdline_option(const char *cmdline, const char *name, char *val, size_t cap)
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
		if (n >= (long)sizeof(w) || strncmp(w, name, len) != 0 || w[len] != '=')
			continue;
		if ((size_t)n - len - 1 >= cap)
			return false;
		strcpy(val, w + len + 1);
		return true;
	}
	return false;
}

bool cmdline_flag(const char *cmdline, const char *name)
{
	char v[2];
	return cmdline_option(cmdline, name, v, sizeof(v)) && strcmp(v, "1") == 0;
}

bool cmdline_u64(const char *cmdline, const char *name, uint64_t *value)
{
	char v[21]; /* UINT64_MAX has 20 digits */
	if (!cmdline_option(cmdline, name, v, sizeof(v)) || !v[0])
		return false;
	uint64_t x = 0;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || x > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*value = x;
	return true;
}
