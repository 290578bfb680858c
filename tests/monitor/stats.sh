#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --stats and HERMIT_STATS: the report on stderr at exit, with times, VM
# exits by reason and hypercalls by number (the hello fixture makes two
# write hypercalls and one exit hypercall).
#   stats.sh EREMIT FIXTURES_DIR        (exit 77: no usable /dev/kvm)
set -u
eremit=$1 fixtures=$2
. "$(dirname "$0")/lib.sh"
kvm_usable || { echo "skipped: no usable /dev/kvm"; exit 77; }

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# has REGEX...: every extended regex matches a whole line of the last stderr.
has() {
	for re in "$@"; do
		grep -Eqx -- "$re" "$out/stderr" || fail "no line /$re/ in: $(cat "$out/stderr")"
	done
}

ms='[0-9]+\.[0-9]{3} ms'
report=("eremit: stats: monitor start to first vCPU entry: $ms"
	"eremit: stats: first vCPU entry to exit: $ms"
	'eremit: stats: VM exits: 3' 'eremit: stats:   MMIO: 3'
	'eremit: stats: hypercalls: 3' 'eremit: stats:   exit \(0\): 1'
	'eremit: stats:   write \(1\): 2'
	'eremit: stats: interrupts: the guest published no counts')

expect 7 'stats' "$eremit" --stats "$fixtures/hello"
expect_stdout "hi"
has "${report[@]}"
[ "$(grep -c '^eremit: stats:' "$out/stderr")" = 8 ] || fail "not 8 report lines: $(cat "$out/stderr")"
expect 7 'stats' env HERMIT_STATS=1 "$eremit" "$fixtures/hello"
has "${report[@]}"
expect 7 '' env HERMIT_STATS=0 "$eremit" "$fixtures/hello"
expect 7 '' "$eremit" "$fixtures/hello"
expect 7 'stats' env HERMIT_STATS=0 "$eremit" --stats "$fixtures/hello"
expect 125 '^eremit: HERMIT_STATS=yes: expected 0 or 1$' env HERMIT_STATS=yes "$eremit" "$fixtures/hello"

# A guest that dies: the report still comes, with the exit that ended it.
expect 122 'triple fault' "$eremit" --stats "$fixtures/hostile" t
has 'eremit: stats:   SHUTDOWN: 1'
# 10000 hypercalls in a loop.
expect 0 'stats' "$eremit" --stats "$fixtures/hcloop"
has 'eremit: stats:   write \(1\): 10000' 'eremit: stats:   exit \(0\): 1'

# A real image: the kernel's own boot time, read from its symbols.
hello=$(dirname "$eremit")/../examples/hello
if [ -f "$hello" ]; then
	expect 0 'stats' "$eremit" --stats "$hello"
	has "eremit: stats: guest kernel entry to main\(\): $ms" \
		'eremit: stats:   write \(1\): [1-9][0-9]*' 'eremit: stats:   exit \(0\): 1'
else
	echo "note: no $hello, guest boot time not checked"
fi

# QEMU: wall time only.
if command -v "${EREMIT_QEMU:-qemu-system-x86_64}" >/dev/null; then
	expect 7 'stats' "$eremit" --qemu --stats "$fixtures/qemu_hello"
	has "eremit: stats: monitor start to exit: $ms \(wall time\)" \
		'eremit: stats: VM exits and hypercalls are not counted under --qemu'
fi

finish
