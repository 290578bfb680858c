/* SPDX-License-Identifier: MIT */
/* Parsing QEMU's -append line: kernel options, "--", then argv words. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Words are separated by spaces; a backslash makes the next character part
 * of the word; the word "" (unescaped) is the empty word. When a word is exactly "--", the words before it are kernel
 * options ("eremit.verbose=1") and those after it argv; without one, every
 * word is argv.
 */
struct cmdline_iter {
	const char *p;
};

/*
 * Copies the next word, unescaped and NUL-terminated, into out (cap bytes
 * including the NUL) and returns its full length, or -1 at the end. A word
 * longer than cap - 1 is truncated in out but fully consumed.
 */
long cmdline_next(struct cmdline_iter *it, char *out, size_t cap);

/* An iterator positioned at the first argv word. */
struct cmdline_iter cmdline_argv(const char *cmdline);

/* Whether kernel option `name` (e.g. "eremit.verbose", at most 125
 * characters) is given as name=1 before "--". */
bool cmdline_flag(const char *cmdline, const char *name);

/* Kernel option `name` as a decimal number (name=N before "--"): false when
 * absent, empty, not a number, or above UINT64_MAX. */
bool cmdline_u64(const char *cmdline, const char *name, uint64_t *value);

#endif /* KERNEL_CMDLINE_H */
