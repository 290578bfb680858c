#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# eremit --qemu looks like the KVM mode from outside: stdout, stderr, the
# kernel log only when verbose, and the exit status from the kernel's tag.
#   qemu.sh EREMIT FIXTURES_DIR        (exit 77: no qemu-system-x86_64)
set -u
eremit=$1 fixtures=$2
. "$(dirname "$0")/lib.sh"
command -v "${EREMIT_QEMU:-qemu-system-x86_64}" >/dev/null || { echo "skipped: no QEMU"; exit 77; }

expect 7 '^err$' "$eremit" --qemu "$fixtures/qemu_hello" "an arg"
expect_stdout "hi"
if grep -q 'kernel log' "$out/stderr"; then
	echo "FAIL: kernel log shown without --verbose" >&2
	failures=$((failures + 1))
fi
expect 7 '^kernel log line$' "$eremit" --qemu --verbose "$fixtures/qemu_hello"
expect 7 'append eremit\.verbose=1 (eremit\.tsc_khz=[0-9]+ )?-- ' env HERMIT_VERBOSE=1 "$eremit" --qemu --clear-env "$fixtures/qemu_hello"
expect 122 '^eremit: QEMU exited with status 15 before the kernel reported an exit$' \
	"$eremit" --qemu "$fixtures/qemu_notag"
expect_stdout "hi"
expect 7 '^err$' env EREMIT_NO_KVM=1 "$eremit" --qemu "$fixtures/qemu_hello"
expect 7 '-accel tcg -cpu max' env EREMIT_NO_KVM=1 "$eremit" --qemu --verbose "$fixtures/qemu_hello"
expect 125 '^eremit: cannot run /nonexistent: No such file or directory' \
	env EREMIT_QEMU=/nonexistent "$eremit" --qemu "$fixtures/qemu_hello"
# QEMU's own errors pass through, and its end without a tag is a crash.
expect 122 'qemu-system-x86_64: .*(mem|size|memory)' "$eremit" --qemu --mem 400G "$fixtures/qemu_hello"

finish
