#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Tiny assembly guests exercise the hypercalls and the ways a guest can die;
# the monitor must answer bad pointers with -EFAULT and never crash.
#   hypercalls.sh EREMIT FIXTURES_DIR       (exit 77: no usable /dev/kvm)
set -u
eremit=$1 fixtures=$2
. "$(dirname "$0")/lib.sh"
kvm_usable || { echo "skipped: no usable /dev/kvm"; exit 77; }

expect 7 '' "$eremit" "$fixtures/hello"
expect_stdout "hi"
expect 7 '' "$eremit" "$fixtures/hello" "two words"
expect_stdout "two words"
expect 7 '' "$eremit" --mem 33M -- "$fixtures/hello" --not-an-option
expect_stdout "--not-an-option"

# Bad addresses, lengths, descriptors and blocks: 42 means every answer was right.
expect 42 '' "$eremit" "$fixtures/hostile"
expect_stdout ""
expect 42 'ignored write hypercall with a bad argument block 0xfffffff8' \
	env HERMIT_VERBOSE=1 "$eremit" "$fixtures/hostile"

# Deaths: each with its status and message.
expect 123 '^eremit: guest made unknown hypercall 99 \(port 0x563\) at rip 0x[0-9a-f]+$' \
	"$eremit" "$fixtures/hostile" 2
expect 122 '^eremit: guest halted without exiting \(hlt at rip 0x[0-9a-f]+\)$' \
	"$eremit" "$fixtures/hostile" 2 3
expect 122 '^eremit: guest triple fault \(rip 0x[0-9a-f]+\)$' "$eremit" "$fixtures/hostile" 2 3 4
expect 123 '^eremit: guest exit hypercall with a bad argument block' \
	"$eremit" "$fixtures/hostile" 2 3 4 5
expect 123 '^eremit: guest accessed unbacked I/O port 0x60 \(in, 1 bytes\)' \
	"$eremit" "$fixtures/hostile" 2 3 4 5 6

# A closed stdout is the guest's problem (-EPIPE), not a SIGPIPE for the monitor.
rc=0
timeout 10 "$eremit" "$fixtures/hello" 2>"$out/stderr" | true
rc=${PIPESTATUS[0]}
if [ "$rc" != 7 ]; then
	echo "FAIL: with a closed stdout: status $rc (want 7)" >&2
	failures=$((failures + 1))
fi

# An environment too big for the space below the image goes above it (the
# larger stack limit raises the kernel's limit on exec arguments).
chunk=$(head -c 100000 /dev/zero | tr '\0' x)
big=()
for i in $(seq 25); do big+=("BIG$i=$chunk"); done
ulimit -s 65536 2>/dev/null || true
expect 7 'args and [0-9]+ variables at 0x201000 ' env HERMIT_VERBOSE=1 "${big[@]}" "$eremit" --mem 32M "$fixtures/hello"
expect_stdout "hi"

finish
