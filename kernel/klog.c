// SPDX-License-Identifier: MIT
/* The kernel log, a line at a time, and formatted reports to stderr. */
#include "kernel/console.h"
#include "kernel/fmt.h"
#include "kernel/klog.h"
#include "smp/spinlock.h"

#define KLOG_LINE	 256
#define KLOG_FLUSH_TRIES 1000000

/* One line being assembled; klog_lock guards both fields. */
static struct spinlock klog_lock;
static char klog_line[KLOG_LINE];
static size_t klog_len;

static void klog_flush_locked(void)
{
	if (klog_len)
		console_write(CONSOLE_LOG, klog_line, klog_len);
	klog_len = 0;
}

/*
 * No interrupt handler logs (they only count and wake), so the lock is taken
 * with interrupts as they are: ring-3 code cannot mask them. At exit the
 * lock may belong to a CPU a panic stopped: then the partial line is lost,
 * rather than the exit.
 */
void klog_flush(void)
{
	for (unsigned tries = 0; !spin_trylock(&klog_lock); tries++)
		if (tries > KLOG_FLUSH_TRIES)
			return;
	klog_flush_locked();
	spin_unlock(&klog_lock);
}

void klog(const char *fmt, ...)
{
	char buf[KLOG_LINE];
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;

	spin_lock(&klog_lock);
	for (int i = 0; i < n; i++) {
		klog_line[klog_len++] = buf[i];
		if (buf[i] == '\n' || klog_len == KLOG_LINE)
			klog_flush_locked();
	}
	spin_unlock(&klog_lock);
}

void kerr(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(CONSOLE_STDERR, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}
