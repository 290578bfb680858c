/* SPDX-License-Identifier: MIT */
/* Messages of the monitor: every line starts with "eremit: " and goes to stderr. */
#ifndef HV_LOG_H
#define HV_LOG_H

#include <stdbool.h>
#include <stddef.h>

extern bool hv_verbose;

/* Prints "eremit: " fmt "\n" to stderr. */
void hv_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like hv_err, only when verbose. */
void hv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * For functions that report a reason to their caller instead of printing it:
 * formats into err (errlen bytes) and returns -1.
 */
int hv_reason(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* HV_LOG_H */
