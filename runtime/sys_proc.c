// SPDX-License-Identifier: MIT
/* newlib's process calls: one process, which ends the VM when it ends. */
#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include "eremit/abi.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/signal.h"

#define SYS_PID 1

_Noreturn void _exit(int status)
{
	klog("runtime: exit(%d)\n", status);
	console_exit(status);
}

int getpid(void)
{
	return SYS_PID;
}

/*
 * Reached for signals without a handler (newlib's raise() handles those
 * with one): the default action of every signal we can see is to end the
 * process, which here is the VM. abort() comes this way with SIGABRT.
 */
int kill(int pid, int sig)
{
	if (pid != SYS_PID && pid != 0 && pid != -1) {
		errno = ESRCH;
		return -1;
	}
	if (sig == 0)
		return 0;
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	kerr("eremit: terminated by signal %d, %s%s (exit status %d)\n", sig, signal_name(sig),
	     sig == SIGABRT ? " (aborted)" : "", 128 + sig);
	console_exit(128 + sig);
}
