#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/malloc: malloc/free throughput (malloc.c) as an Eremit guest under
# eremit --pin=CPU and on Linux (glibc) under likwid-pin -c CPU, on the same
# host CPU, three alternating runs each, medians side by side with ratios.
# One thread for now: the threads work adds N threads at once.
#
#   bench/malloc/run.sh [MILLION_OPS]      (default 10; BENCH_CPU=1)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/build}
mops=${1:-10}
case $mops in '' | *[!0-9]*) echo "run.sh: MILLION_OPS must be a whole number, not '$mops'" >&2; exit 2 ;; esac
eremit=$build/bin/eremit image=$build/bench/malloc/malloc linux=$build/bench/malloc/malloc-linux
for f in "$eremit" "$image" "$linux"; do
	[ -x "$f" ] || { echo "run.sh: $f is missing: build first (scripts/setup.sh)" >&2; exit 1; }
done
[ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo "run.sh: needs a usable /dev/kvm" >&2; exit 1; }
command -v likwid-pin >/dev/null || { echo "run.sh: likwid-pin not found (Debian package likwid)" >&2; exit 1; }
cpu=${BENCH_CPU:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for round in 1 2 3; do
	"$eremit" --pin="$cpu" "$image" "$mops" >>"$tmp/eremit"
	likwid-pin -q -c "$cpu" "$linux" "$mops" >>"$tmp/linux"
done
val() { awk -v k="$1" '$1 == k {print $2}' "$2" | sort -g | sed -n 2p; }
echo "bench/malloc: $mops M operations per pattern (large: 1/100 of that), host CPU $cpu, medians of 3"
printf '%-28s %12s %12s %10s\n' "Mops/s" "eremit" "Linux" "ratio"
for k in same_64B mixed_16B_4KiB large_64KiB_1MiB; do
	e=$(val $k "$tmp/eremit") l=$(val $k "$tmp/linux")
	awk -v n="$k" -v e="$e" -v l="$l" 'BEGIN { printf "%-28s %12.3f %12.3f %10.2f\n", n, e, l, e / l }'
done
