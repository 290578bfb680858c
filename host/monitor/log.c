/* SPDX-License-Identifier: MIT */
/* The monitor's own messages. */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

bool hv_verbose;

static void vmsg(const char *fmt, va_list ap)
{
	char line[1024];

	/* One write per line, so messages do not interleave with guest output. */
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "eremit: %s\n", line);
}

void hv_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void hv_log(const char *fmt, ...)
{
	va_list ap;

	if (!hv_verbose)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

int hv_reason(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
