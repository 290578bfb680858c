#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/hypercall: a host round trip and writing a large host file, from an
# Eremit guest under eremit and from the same C program on Linux, run in one
# go on the same host CPU (eremit --pin=CPU; Linux under likwid-pin -c CPU).
# Files go to a temporary directory on the same file system as the build.
#
#   bench/hypercall/run.sh [MIB] [CALLS]   (default 1024 MiB, 20000 calls; BUILD_DIR=build)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
mib=${1:-1024} calls=${2:-20000}
bench_number MIB "$mib"
bench_number CALLS "$calls"
bench_init hypercall
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

echo "bench/hypercall: $calls round trips x 7 rounds, $mib MiB in 1 MiB writes, host CPU $cpu;"
echo "medians of 5 alternating runs"
printf '%-28s %12s %12s %10s\n' "" "eremit" "Linux" "ratio"
for k in roundtrip_min:us roundtrip_median:us write_s:s write_rate:GiB/s; do
	name=${k%%:*} unit=${k#*:}
	bench_row "$name ($unit)" "$(bench_median "$name" eremit.txt)" "$(bench_median "$name" linux.txt)"
done
