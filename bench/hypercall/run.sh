#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/hypercall: a host round trip and writing a large host file, from an
# Eremit guest under eremit and from the same C program on Linux, run in one
# go on the same host CPU (eremit --pin=CPU; Linux under likwid-pin -c CPU).
# Files go to a temporary directory on the same file system as the build.
#
#   bench/hypercall/run.sh [MIB] [CALLS]   (default 1024 MiB, 20000 calls; BUILD_DIR=build)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/build}
mib=${1:-1024} calls=${2:-20000}
for v in "$mib" "$calls"; do
	case $v in '' | *[!0-9]*) echo "run.sh: MIB and CALLS must be numbers, not '$v'" >&2; exit 2 ;; esac
done
eremit=$build/bin/eremit image=$build/bench/hypercall/hypercall
linux=$build/bench/hypercall/hypercall-linux
for f in "$eremit" "$image" "$linux"; do
	[ -x "$f" ] || { echo "run.sh: $f is missing: build first (scripts/setup.sh)" >&2; exit 1; }
done
[ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo "run.sh: needs a usable /dev/kvm" >&2; exit 1; }
command -v likwid-pin >/dev/null || { echo "run.sh: likwid-pin not found (Debian package likwid)" >&2; exit 1; }
cpu=${BENCH_CPU:-1}
tmp=$(mktemp -d "$build/bench-hypercall.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# A warm-up run first: this host's own memory is backed lazily by the
# hypervisor below it, and whoever first fills the page cache with fresh pages
# pays several times the copy cost (measured: 0.4 against 2.5 GiB/s). Even
# so, page-cache writes here vary from 1 to 4 GiB/s from run to run on either
# side: hence sync before each run, five alternating rounds, and medians.
"$linux" "$mib" 1 >/dev/null
for round in 1 2 3 4 5; do
	sync
	"$eremit" --pin="$cpu" "$image" "$mib" "$calls" >>eremit.txt
	sync
	likwid-pin -q -c "$cpu" "$linux" "$mib" "$calls" >>linux.txt
done

val() { awk -v k="$1" '$1 == k {print $2}' "$2" | sort -g | sed -n 3p; }
echo "bench/hypercall: $calls round trips x 7 rounds, $mib MiB in 1 MiB writes, host CPU $cpu;"
echo "medians of 5 alternating runs"
printf '%-34s %12s %12s %10s\n' "" "eremit" "Linux" "ratio"
for k in roundtrip_min:us roundtrip_median:us write_s:s write_rate:GiB/s; do
	name=${k%%:*} unit=${k#*:}
	e=$(val "$name" eremit.txt) l=$(val "$name" linux.txt)
	awk -v n="$name ($unit)" -v e="$e" -v l="$l" 'BEGIN { printf "%-34s %12.3f %12.3f %10.2f\n", n, e, l, e / l }'
done
