#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/sleep: what nanosleep of 50 us, 1 ms and 200 ms takes (min, median,
# max, in us), in an Eremit guest under eremit and in the same C program on
# Linux, run in one go on the same host CPU (eremit --pin=CPU; Linux under
# likwid-pin -c CPU).
#
#   bench/sleep/run.sh [SCALE]   (default 1: 200, 100 and 5 sleeps per round; BUILD_DIR=build)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
scale=${1:-1}
bench_number SCALE "$scale"
bench_init sleep
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for round in 1 2 3; do
	"$eremit" --pin="$cpu" "$image" "$scale" >>"$tmp/eremit.txt"
	likwid-pin -q -c "$cpu" "$linux" "$scale" >>"$tmp/linux.txt"
done

echo "bench/sleep: nanosleep, actual duration in us, host CPU $cpu; medians of 3 alternating runs"
printf '%-28s %12s %12s %10s\n' "" "eremit" "Linux" "ratio"
for d in 50us 1ms 200ms; do
	for s in min median max; do
		bench_row "$d $s" "$(bench_median "${d}_$s" "$tmp/eremit.txt")" \
			"$(bench_median "${d}_$s" "$tmp/linux.txt")"
	done
done
