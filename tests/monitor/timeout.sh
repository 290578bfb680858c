#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --timeout and HERMIT_TIMEOUT: a guest spinning in its own code, or blocked
# in a hypercall (a read of stdin), is stopped with status 124, under the
# monitor and under QEMU; a guest that exits in time keeps its status.
#   timeout.sh EREMIT FIXTURES_DIR      (exit 77: neither KVM nor QEMU)
set -u
eremit=$1 fixtures=$2
. "$(dirname "$0")/lib.sh"
have_qemu() { command -v "${EREMIT_QEMU:-qemu-system-x86_64}" >/dev/null; }
kvm_usable || have_qemu || { echo "skipped: neither /dev/kvm nor QEMU"; exit 77; }

spin=$fixtures/timeout_spin
msg() { echo "^eremit: guest did not exit within $1 s \\($2\\)\$"; }

# Bad values are usage errors, whatever the runner.
expect 125 '^eremit: --timeout 0: must not be zero' "$eremit" --timeout 0 "$spin"
expect 125 '^eremit: --timeout -1: not a number of seconds' "$eremit" --timeout=-1 "$spin"
expect 125 '^eremit: --timeout 1s: not a number of seconds' "$eremit" --timeout 1s "$spin"
expect 125 '^eremit: --timeout 1\.: not a number of seconds' "$eremit" --timeout 1. "$spin"
expect 125 '^eremit: --timeout 0\.0000000001: more than 9 decimals' "$eremit" --timeout 0.0000000001 "$spin"
expect 125 '^eremit: --timeout 1000000001: too large' "$eremit" --timeout 1000000001 "$spin"
expect 125 '^eremit: HERMIT_TIMEOUT=x: not a number of seconds' env HERMIT_TIMEOUT=x "$eremit" "$spin"
expect 125 '^eremit: --timeout needs a value' "$eremit" --timeout

if kvm_usable; then
	# Spinning in guest code: KVM_RUN is kicked out.
	expect 124 "$(msg 1 --timeout)" "$eremit" --timeout 1 "$spin"
	expect 124 "$(msg 0.5 HERMIT_TIMEOUT)" env HERMIT_TIMEOUT=0.5 "$eremit" "$spin"
	expect 124 "$(msg 0.25 --timeout)" env HERMIT_TIMEOUT=x "$eremit" --timeout=0.25 "$spin"
	# With --stats the report follows, exits included.
	expect 124 '^eremit: stats: VM exits: [0-9]+$' "$eremit" --stats --timeout 0.2 "$spin"
	# Exiting in time: the guest's own status, no message.
	expect 7 '' "$eremit" --timeout 10 "$fixtures/hello"
	expect_stdout "hi"
	# Blocked in the monitor's read() of stdin (a FIFO nobody writes to).
	mkfifo "$out/fifo"
	exec 3<>"$out/fifo"
	rc=0
	timeout 10 "$eremit" --timeout 0.5 "$fixtures/pin_block" <"$out/fifo" 2>"$out/stderr" || rc=$?
	exec 3>&-
	if [ "$rc" = 124 ] && grep -Eq "$(msg 0.5 --timeout)" "$out/stderr"; then
		echo "ok: --timeout 0.5 with the guest blocked reading stdin -> 124"
	else
		echo "FAIL: --timeout 0.5 blocked reading stdin: status $rc, stderr: $(cat "$out/stderr")" >&2
		failures=$((failures + 1))
	fi
fi

if have_qemu; then
	expect 124 "$(msg 1 --timeout)" "$eremit" --qemu --timeout 1 "$spin"
	expect 124 "$(msg 1 --timeout)" env EREMIT_NO_KVM=1 "$eremit" --qemu --timeout 1 "$spin"
	expect 7 '^err$' "$eremit" --qemu --timeout 10 "$fixtures/qemu_hello"
	expect_stdout "hi"
fi

finish
