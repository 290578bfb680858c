#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --pin, --pin=LIST and HERMIT_PIN: while a guest blocks reading stdin, its
# vCPU thread's Cpus_allowed_list must be the planned host CPU.
#   pin.sh EREMIT FIXTURES_DIR       (exit 77: no usable /dev/kvm)
set -u
eremit=$1 fixtures=$2
. "$(dirname "$0")/lib.sh"
kvm_usable || { echo "skipped: no usable /dev/kvm"; exit 77; }

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# The CPUs this shell may use, expanded ("0-2,5" -> "0 1 2 5").
allowed_list=$(awk '/^Cpus_allowed_list/ {print $2}' /proc/self/status)
allowed=()
IFS=, read -ra parts <<<"$allowed_list"
for p in "${parts[@]}"; do
	if [[ $p == *-* ]]; then
		allowed+=($(seq "${p%-*}" "${p#*-}"))
	else
		allowed+=("$p")
	fi
done
first=${allowed[0]} last=${allowed[-1]}

# pinned WANT CMD...: runs CMD (a monitor whose guest blocks reading stdin)
# and checks that the vCPU thread (the monitor's main thread) runs on WANT
# only, then lets the guest read end-of-file and exit 0. WANT "" means: the
# thread keeps the CPUs this shell has.
pinned() {
	local want=$1 got="" pid rc=0
	shift
	[ -n "$want" ] || want=$allowed_list
	rm -f "$out/fifo"
	mkfifo "$out/fifo"
	"$@" <"$out/fifo" >"$out/stdout" 2>"$out/stderr" &
	pid=$!
	exec 3>"$out/fifo"
	# The guest's read blocks the monitor; the pin happens before the guest runs.
	for _ in $(seq 100); do
		got=$(awk '/^Cpus_allowed_list/ {print $2}' "/proc/$pid/status" 2>/dev/null)
		[ "$got" = "$want" ] && break
		sleep 0.05
	done
	exec 3>&-
	wait "$pid" || rc=$?
	if [ "$got" != "$want" ] || [ "$rc" != 0 ]; then
		fail "$*: Cpus_allowed_list '$got' (want '$want'), status $rc; stderr:"
		sed 's/^/  | /' "$out/stderr" >&2
	else
		echo "ok: $* -> CPU $got"
	fi
}

block=$fixtures/pin_block
# Automatic: the first CPU of the plan, which --verbose names.
pinned "$first" taskset -c "$first" "$eremit" --pin "$block"
pinned "$last" taskset -c "$last" "$eremit" --pin --verbose "$block"
grep -Eq "^eremit: vCPU 0 -> host CPU $last \(core [0-9]+, NUMA node [0-9]+\)$" "$out/stderr" ||
	fail "no mapping line for CPU $last in: $(cat "$out/stderr")"
"$eremit" --pin --verbose "$block" </dev/null 2>"$out/stderr" >/dev/null
planned=$(sed -nE 's/^eremit: vCPU 0 -> host CPU ([0-9]+) .*/\1/p' "$out/stderr")
[ -n "$planned" ] || fail "--pin --verbose printed no mapping"
pinned "$planned" "$eremit" --pin "$block"
pinned "$planned" env HERMIT_PIN=1 "$eremit" "$block"
# Explicit lists: vCPU 0 gets the first CPU listed.
pinned "$last" "$eremit" --pin="$last" "$block"
pinned "$last" "$eremit" --pin="$last,$first" "$block"
pinned "$last" env HERMIT_PIN="$last-$last" "$eremit" "$block"
pinned "$last" env HERMIT_PIN=0 "$eremit" --pin="$last" "$block" # the option wins
pinned "" env HERMIT_PIN=0 "$eremit" "$block"
pinned "" "$eremit" "$block"
[ "${#allowed[@]}" -gt 1 ] || echo "note: one allowed CPU, pinning cannot be told from none"

# Errors: malformed lists, CPUs this process may not use.
expect 125 '^eremit: --pin=1-: malformed CPU range at "1-"' "$eremit" --pin=1- "$block"
expect 125 '^eremit: --pin=x: malformed CPU list at "x"' "$eremit" --pin=x "$block"
expect 125 '^eremit: --pin=0,: malformed CPU list: it ends with a comma' "$eremit" --pin=0, "$block"
expect 125 '^eremit: --pin=0,0: host CPU 0 is listed twice' "$eremit" --pin=0,0 "$block"
expect 125 '^eremit: --pin=: expected a list of host CPUs' "$eremit" --pin= "$block"
expect 125 '^eremit: HERMIT_PIN=2-1: malformed CPU range' env HERMIT_PIN=2-1 "$eremit" "$block"
expect 125 "^eremit: --pin=65535: host CPU 65535 is not one this process may use \(CPUs $allowed_list\)$" \
	"$eremit" --pin=65535 "$block"
if [ "${#allowed[@]}" -gt 1 ]; then
	expect 125 "^eremit: --pin=$last: host CPU $last is not one this process may use \(CPUs $first\)$" \
		taskset -c "$first" "$eremit" --pin="$last" "$block"
fi

# QEMU: its vCPU thread "CPU 0/KVM" (or /TCG) is pinned once it appears.
if command -v "${EREMIT_QEMU:-qemu-system-x86_64}" >/dev/null; then
	"$eremit" --qemu --pin="$last" --timeout 5 "$fixtures/timeout_spin" 2>"$out/stderr" &
	pid=$! qpid="" got=""
	for _ in $(seq 100); do
		[ -n "$qpid" ] || qpid=$(pgrep -P "$pid" | head -1)
		for t in /proc/${qpid:-none}/task/*; do
			case $(cat "$t/comm" 2>/dev/null) in
			"CPU 0/"*) got=$(awk '/^Cpus_allowed_list/ {print $2}' "$t/status") ;;
			esac
		done
		[ "$got" = "$last" ] && break
		sleep 0.05
	done
	# QEMU killed: the monitor reports the crash and ends.
	[ -n "$qpid" ] && kill "$qpid"
	wait "$pid"
	if [ "$got" = "$last" ]; then
		echo "ok: --qemu --pin=$last: QEMU's CPU 0 thread on CPU $got"
	else
		fail "--qemu --pin=$last: QEMU's CPU 0 thread on '$got'"
	fi
fi

finish
