/* SPDX-License-Identifier: MIT */
/* Exit statuses of the eremit monitor itself (0..255 below 120 belong to the guest). */
#ifndef HV_STATUS_H
#define HV_STATUS_H

/*
 * 0..255 is the application's exit status. The monitor's own failures use the
 * top of the range below 128 (which the kernel keeps for signal deaths),
 * as GNU timeout and env do for theirs.
 */
enum hv_status {
	HV_STATUS_INTERNAL = 120,      /* other internal monitor error */
	HV_STATUS_VM_FAILED = 121,     /* VM entry failed / internal KVM error */
	HV_STATUS_CRASHED = 122,       /* guest ended without an exit (triple fault, hlt, QEMU) */
	HV_STATUS_BAD_HYPERCALL = 123, /* bad hypercall, any port I/O, MMIO off RAM */
	HV_STATUS_TIMEOUT = 124,       /* reserved for --timeout */
	HV_STATUS_USAGE = 125,	       /* usage or configuration error, image cannot be loaded */
};

/* Returned by exit handlers when the vCPU should run on. */
#define HV_RUN_CONTINUE (-1)

#endif /* HV_STATUS_H */
