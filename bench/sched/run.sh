#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/sched: scheduler and wait costs (sched.c) — sched_yield round trip,
# thread create+join, mutexes, futex ping-pong and condition-variable wake-ups
# on one core and across two — as an Eremit guest under eremit --cpus 2
# --pin=0-1 (vCPU i on host CPU i) and as the same C program on Linux, whose
# threads pin themselves to CPUs 0 and 1 (main under likwid-pin -c 0).
# Alternating rounds; per case the median of the rounds' medians and the
# smallest minimum, side by side with the ratio Eremit/Linux (below 1: Eremit
# is faster).
#
#   bench/sched/run.sh [SAMPLES] [ROUNDS]   (defaults 20000 samples per case, 3 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
samples=${1:-20000} rounds=${2:-3}
bench_number SAMPLES "$samples"
bench_number ROUNDS "$rounds"
bench_cpus "$(($(nproc) < 2 ? 1 : 2))"
bench_init sched
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# likwid-pin pins main to CPU 0 only: handed a list of two CPUs, its
# pthread_create wrapper costs ~40 ms per thread on this host, and every
# thread sets its own affinity anyway (sched.c).
for r in $(seq "$rounds"); do
	"$eremit" --cpus "$ncpu" --pin="$cpus" "$image" "$samples" "$ncpu" >>"$tmp/eremit"
	likwid-pin -q -c 0 "$linux" "$samples" "$ncpu" >>"$tmp/linux"
done

# smallest KEY FILE: the smallest third column of "KEY median min" lines.
smallest() { awk -v k="$1" '$1 == k && (m == "" || $3 < m) {m = $3} END {print m}' "$2"; }

echo "bench/sched: $samples samples per case (create+join: 1/10), host CPUs $cpus," \
	"$rounds alternating rounds"
printf '%-28s %12s %12s %10s\n' "ns" "eremit" "Linux" "ratio"
for k in yield_same_core futex_same_core cond_wake_same_core create_join_same_core \
	mutex_uncontended futex_cross_core cond_wake_cross_core create_join_cross_core \
	mutex_contended; do
	grep -q "^$k " "$tmp/eremit" || continue
	echo "$k:"
	bench_row "  median" "$(bench_median "$k" "$tmp/eremit")" "$(bench_median "$k" "$tmp/linux")"
	bench_row "  min" "$(smallest "$k" "$tmp/eremit")" "$(smallest "$k" "$tmp/linux")"
done
