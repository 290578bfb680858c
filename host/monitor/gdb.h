/* SPDX-License-Identifier: MIT */
/* The gdb stub (eremit --gdb PORT): gdb's remote serial protocol on 127.0.0.1:PORT. */
#ifndef HV_GDB_H
#define HV_GDB_H

#include "gmem.h"

struct hv_vm;
struct hv_vcpu;

/*
 * Under PVM, KVM's own guest debugging (KVM_SET_GUEST_DEBUG) sees neither
 * int3 nor single steps in guest ring 3, where Eremit runs. So the guest
 * helps: its #BP and #DB handlers report each stop with EREMIT_HC_DEBUG and
 * the interrupted registers (abi.h), and the stub single-steps by setting TF
 * in them. KVM's single step is used only where it works, for ring-0 code
 * (the first instructions of the boot). vCPU i is gdb's thread i + 1.
 */

/*
 * Listens on 127.0.0.1:port, waits for gdb and serves it until it resumes
 * the VM, which has not run an instruction yet. Returns 0 to run the VM, or
 * an exit status (HV_STATUS_USAGE when the port cannot be used, after a
 * message; the kill status when gdb killed the VM).
 */
int hv_gdb_start(struct hv_vm *vm, unsigned port);

/*
 * For --qemu, whose gdbstub listens itself: checks that 127.0.0.1:port can
 * be listened on and says gdb is awaited there. 0, or -1 after a message.
 */
int hv_gdb_port_check(unsigned port);

/* The guest ended with status: gdb learns the exit code. Returns status. */
int hv_gdb_finish(struct hv_vm *vm, int status);

/* EREMIT_HC_DEBUG from vcpu with the block at arg: HV_RUN_CONTINUE or a status. */
int hv_gdb_hypercall(struct hv_vm *vm, struct hv_vcpu *vcpu, gpa_t arg);

/* KVM_EXIT_DEBUG: KVM's single step of ring-0 code finished. */
int hv_gdb_kvm_debug(struct hv_vm *vm, struct hv_vcpu *vcpu);

/* KVM_RUN returned EINTR: stops the VM if gdb sent an interrupt (ctrl-C). */
int hv_gdb_interrupted(struct hv_vm *vm, struct hv_vcpu *vcpu);

/* The exit status when gdb kills the VM: 128 + SIGKILL, as a shell shows it. */
#define HV_GDB_KILLED_STATUS 137

#endif /* HV_GDB_H */
