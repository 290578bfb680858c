#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/boot: time to main() inside the guest, and wall time of a whole run of
# the same tiny image under eremit and under eremit --qemu, with a Linux
# process start of the same C source for reference. Everything is pinned to
# one host CPU with taskset: likwid-pin, which the other benchmarks use, takes
# about a second to start itself here, which would swamp a process start.
#
#   bench/boot/run.sh [RUNS]        (default 30; BUILD_DIR defaults to build)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/build}
runs=${1:-30}
case $runs in '' | *[!0-9]*) echo "run.sh: RUNS must be a number, not '$runs'" >&2; exit 2 ;; esac
eremit=$build/bin/eremit image=$build/bench/boot/boot linux=$build/bench/boot/boot-linux
walltime=$build/bench/boot/walltime
for f in "$eremit" "$image" "$linux" "$walltime"; do
	[ -x "$f" ] || { echo "run.sh: $f is missing: build first (scripts/setup.sh)" >&2; exit 1; }
done
cpu=0
kvm=yes
"$top/scripts/kvm-usable.sh" || kvm=no
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# stats FILE COLUMN SCALE -> "min median" of column COLUMN divided by SCALE
stats() {
	cut -f"$2" "$1" | sed 's/^boot_to_main_us=//' | sort -g |
		awk -v s="$3" '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.3f %.3f", v[1]/s, m/s}'
}

echo "bench/boot: $runs runs each, pinned to host CPU $cpu, $(nproc) CPUs, KVM: $kvm"
if [ $kvm = yes ]; then
	taskset -c $cpu "$walltime" "$runs" -- "$eremit" "$image" >"$tmp/eremit"
fi
taskset -c $cpu "$walltime" "$runs" -- "$eremit" --qemu "$image" >"$tmp/qemu"
taskset -c $cpu "$walltime" "$runs" -- "$linux" >"$tmp/linux"

printf '%-44s %12s %12s\n' "" "min" "median"
row() { read -r mn md <<<"$(stats "$2" "$3" "$4")"; printf '%-44s %9.3f %s %9.3f %s\n' "$1" "$mn" "$5" "$md" "$5"; }
if [ $kvm = yes ]; then
	row "guest boot to main(), eremit" "$tmp/eremit" 2 1 us
fi
row "guest boot to main(), eremit --qemu" "$tmp/qemu" 2 1 us
if [ $kvm = yes ]; then
	row "wall time, eremit IMAGE" "$tmp/eremit" 1 1e6 ms
fi
row "wall time, eremit --qemu IMAGE" "$tmp/qemu" 1 1e6 ms
row "wall time, Linux process (same C source)" "$tmp/linux" 1 1e6 ms
if [ $kvm = yes ]; then
	read -r _ e <<<"$(stats "$tmp/eremit" 1 1e6)"
	read -r _ q <<<"$(stats "$tmp/qemu" 1 1e6)"
	read -r _ l <<<"$(stats "$tmp/linux" 1 1e6)"
	awk -v e="$e" -v q="$q" -v l="$l" 'BEGIN {
		printf "ratio eremit/QEMU wall (median):  %.3f  (QEMU takes %.1fx as long)\n", e/q, q/e
		printf "ratio eremit/Linux wall (median): %.2f\n", e/l }'
fi
