/* SPDX-License-Identifier: MIT */
/* The --qemu runner: the same image under qemu-system-x86_64, with the same I/O and statuses. */
#ifndef HV_QEMU_H
#define HV_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "pin.h"

/* Runs cfg->image under QEMU; returns the exit status to report. */
int hv_qemu_run(const struct hv_config *cfg, char *const *env, const struct hv_pin_plan *pin);

/*
 * Builds the kernel command line: the kernel options ("eremit.verbose=1"
 * when verbose, "eremit.tsc_khz=N" when tsc_khz is not 0, which spares the
 * kernel calibrating the TSC), "eremit.env=NAME=VALUE" for each string of
 * env (may be NULL), "--", then argv[0] = image and the arguments, separated by
 * single spaces, with a backslash before every space and backslash inside a
 * word. Returns the length, or (as snprintf) the length needed when it did
 * not fit in size bytes.
 */
size_t hv_qemu_cmdline(char *buf, size_t size, bool verbose, uint64_t tsc_khz, const char *image,
		       int argc, char *const *argv, char *const *env);

#endif /* HV_QEMU_H */
