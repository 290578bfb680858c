/* SPDX-License-Identifier: MIT */
/* The kernel log (HERMIT_VERBOSE=1) and formatted output to the application's stderr. */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include <stdarg.h>

/*
 * Appends to the kernel log, which is buffered a line at a time and reaches
 * the host only when the run is verbose. Never allocates.
 */
void klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Formats straight to the application's stderr (fault reports). Never allocates. */
void kerr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes out a partial log line. */
void klog_flush(void);

#endif /* KERNEL_KLOG_H */
