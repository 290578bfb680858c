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
expect 42 'ignored write hypercall with a bad argument block 0x20000000 ' \
	env HERMIT_VERBOSE=1 "$eremit" "$fixtures/hostile"
expect 42 'ignored write hypercall with a bad argument block 0x1ffffff8 ' \
	env HERMIT_VERBOSE=1 "$eremit" "$fixtures/hostile"
# The hypercall page right above memory that is not 2 MiB-aligned, above
# 4 GiB, and at 512 GiB (a second PML4 entry); blocks at the top of memory.
expect 42 'hypercall page at 0x2200000,' "$eremit" --verbose --mem 33M "$fixtures/hostile"
expect 42 'hypercall page at 0x140200000,' "$eremit" --verbose --mem 5121M "$fixtures/hostile"
expect 42 'hypercall page at 0x8000000000,' "$eremit" --verbose --mem 512G "$fixtures/hostile"
expect 7 '' "$eremit" --mem 6G "$fixtures/hello"
expect_stdout "hi"
# Many calls in a row (the fixture for timing the round trip).
expect 0 '' "$eremit" "$fixtures/hcloop"
expect_stdout ""

# Deaths: each with its status and message.
page='of the hypercall page \(0x20000000\) at rip 0x[0-9a-f]+: a hypercall is an 8-byte store at offset 8 \* number$'
expect 123 '^eremit: guest made unknown hypercall 32 \(offset 0x100 of the hypercall page\) at rip 0x[0-9a-f]+$' \
	"$eremit" "$fixtures/hostile" u
expect 123 "^eremit: guest wrote 4 bytes at offset 0x8 $page" "$eremit" "$fixtures/hostile" s
expect 123 "^eremit: guest read 8 bytes at offset 0x0 $page" "$eremit" "$fixtures/hostile" r
expect 123 "^eremit: guest wrote 8 bytes at offset 0x4 $page" "$eremit" "$fixtures/hostile" m
expect 123 '^eremit: guest wrote 8 bytes at 0x20001000, outside its memory, at rip 0x[0-9a-f]+$' \
	"$eremit" "$fixtures/hostile" g
expect 123 '^eremit: guest exit hypercall with a bad argument block 0x2[0-9a-f]*[4c] at rip 0x[0-9a-f]+ \(blocks are 8-byte aligned and inside guest memory\)$' \
	"$eremit" "$fixtures/hostile" a
expect 123 '^eremit: guest exit hypercall with a bad argument block 0x20000000 at rip' \
	"$eremit" "$fixtures/hostile" o
expect 123 '^eremit: guest exit hypercall with a bad argument block 0x140100000 at rip' \
	"$eremit" --mem 5121M "$fixtures/hostile" o
ports='eremit backs no ports \(hypercalls are MMIO stores to boot_info.hc_gpa since ABI version [0-9]+\)$'
expect 123 "^eremit: guest accessed I/O port 0x60 \(in, 1 bytes\) at rip 0x[0-9a-f]+: $ports" \
	"$eremit" "$fixtures/hostile" p
expect 123 "^eremit: guest accessed I/O port 0x500 \(out, 4 bytes\) at rip 0x[0-9a-f]+: $ports" \
	"$eremit" "$fixtures/hostile" q
# hlt with interrupts off sleeps in the in-kernel LAPIC for good: --timeout ends it and says why.
expect 124 '^eremit: vCPU 0 halted with interrupts off \(hlt at rip 0x[0-9a-f]+\): nothing could wake it$' \
	"$eremit" --timeout 1 "$fixtures/hostile" h
expect 122 '^eremit: guest triple fault \(rip 0x[0-9a-f]+\)$' "$eremit" "$fixtures/hostile" t
expect 100 '' "$eremit" "$fixtures/hostile" z

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
