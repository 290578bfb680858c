/* SPDX-License-Identifier: MIT */
/* A small vsnprintf for the kernel: no allocation, no floating point. */
#ifndef KERNEL_FMT_H
#define KERNEL_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Like vsnprintf for %d %i %u %x %X %o %p %s %c %%, with the flags '-', '0'
 * and '#', a width, a precision for %s, and the length modifiers hh h l ll z t j.
 * Returns the length the full output would have; writes at most size bytes
 * including the terminating NUL (none when size is 0).
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* KERNEL_FMT_H */
