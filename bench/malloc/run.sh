#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/malloc: malloc/free throughput (malloc.c) on 1 core and on CORES cores
# at once, as an Eremit guest under eremit --cpus CORES --pin=0-(CORES-1) and
# on Linux (glibc) under likwid-pin -c 0-(CORES-1) (thread i on host CPU i,
# like vCPU i); three alternating runs each, medians side by side with ratios.
#
#   bench/malloc/run.sh [MILLION_OPS] [CORES]   (defaults: 10, every host CPU)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
mops=${1:-10}
bench_number MILLION_OPS "$mops"
bench_cpus "${2:-}"
bench_init malloc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The large pattern keeps up to 256 MiB live per core.
mem=$((512 + 512 * ncpu))M
for round in 1 2 3; do
	"$eremit" --mem "$mem" --cpus "$ncpu" --pin="$cpus" "$image" "$mops" "$ncpu" >>"$tmp/eremit"
	likwid-pin -q -c "$cpus" "$linux" "$mops" "$ncpu" >>"$tmp/linux"
done

patterns="same_64B mixed_16B_4KiB large_64KiB_1MiB cross_core_free_64B"
echo "bench/malloc: $mops M operations per pattern and core (large: 1/100 of that)," \
	"host CPUs $cpus, medians of 3"
printf '%-28s %12s %12s %10s\n' "Mops/s" "eremit" "Linux" "ratio"
for c in $(printf '%s\n' 1 "$ncpu" | uniq); do
	echo "$c core(s) at once (sum):"
	for k in $patterns; do
		grep -q "^$k/$c " "$tmp/eremit" || continue
		bench_row "  $k" "$(bench_median "$k/$c" "$tmp/eremit")" \
			"$(bench_median "$k/$c" "$tmp/linux")"
	done
done
if [ "$ncpu" -gt 1 ]; then
	echo "speed-up of $ncpu cores over 1 (ratio of the medians):"
	for k in same_64B mixed_16B_4KiB large_64KiB_1MiB; do
		bench_row "  $k" \
			"$(awk -v a="$(bench_median "$k/$ncpu" "$tmp/eremit")" \
				-v b="$(bench_median "$k/1" "$tmp/eremit")" 'BEGIN {print a / b}')" \
			"$(awk -v a="$(bench_median "$k/$ncpu" "$tmp/linux")" \
				-v b="$(bench_median "$k/1" "$tmp/linux")" 'BEGIN {print a / b}')"
	done
fi
