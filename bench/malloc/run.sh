#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/malloc: malloc/free throughput (malloc.c) as an Eremit guest under
# eremit --pin=CPU and on Linux (glibc) under likwid-pin -c CPU, on the same
# host CPU, three alternating runs each, medians side by side with ratios.
# One thread for now: the threads work adds N threads at once.
#
#   bench/malloc/run.sh [MILLION_OPS]      (default 10; BENCH_CPU=1)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
mops=${1:-10}
bench_number MILLION_OPS "$mops"
bench_init malloc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for round in 1 2 3; do
	"$eremit" --pin="$cpu" "$image" "$mops" >>"$tmp/eremit"
	likwid-pin -q -c "$cpu" "$linux" "$mops" >>"$tmp/linux"
done
echo "bench/malloc: $mops M operations per pattern (large: 1/100 of that), host CPU $cpu, medians of 3"
printf '%-28s %12s %12s %10s\n' "Mops/s" "eremit" "Linux" "ratio"
for k in same_64B mixed_16B_4KiB large_64KiB_1MiB; do
	bench_row "$k" "$(bench_median $k "$tmp/eremit")" "$(bench_median $k "$tmp/linux")"
done
