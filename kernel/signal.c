// SPDX-License-Identifier: MIT
/* Signal names (newlib's numbering, which is Linux's for these). */
#include <signal.h>
#include "kernel/signal.h"

const char *signal_name(int sig)
{
	switch (sig) {
	case SIGABRT:
		return "SIGABRT";
	case SIGSEGV:
		return "SIGSEGV";
	case SIGFPE:
		return "SIGFPE";
	case SIGILL:
		return "SIGILL";
	case SIGBUS:
		return "SIGBUS";
	case SIGTRAP:
		return "SIGTRAP";
	case SIGTERM:
		return "SIGTERM";
	case SIGKILL:
		return "SIGKILL";
	default:
		return "signal";
	}
}
