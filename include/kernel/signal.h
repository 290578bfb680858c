/* SPDX-License-Identifier: MIT */
/* Signal names, for the reports of a process the kernel ends. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

/* "SIGSEGV" and so on, or "signal" for a number without a name here. */
const char *signal_name(int sig);

#endif /* KERNEL_SIGNAL_H */
