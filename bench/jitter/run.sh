#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/jitter: the selfish-detour loop (jitter.c) as an Eremit guest under
# eremit --pin=CPU and as the same C program on Linux under likwid-pin -c
# CPU, one after the other on the same host CPU. Prints both side by side with
# ratios, writes the detour histograms as CSV and, with gnuplot, a PNG.
# One core for now: SMP runs the loop on every core.
#
#   bench/jitter/run.sh [SECONDS] [THRESHOLD_NS]   (default 10 s, 1000 ns; BENCH_CPU=1)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
secs=${1:-10} thr=${2:-1000}
bench_number SECONDS "$secs"
bench_number THRESHOLD_NS "$thr"
bench_init jitter
outdir=$build/bench/jitter
cd "$outdir"

# The guest writes its histogram as a host file in the working directory.
"$eremit" --pin="$cpu" "$image" "$secs" "$thr" eremit.csv >eremit.txt
likwid-pin -q -c "$cpu" "$linux" "$secs" "$thr" linux.csv >linux.txt

echo "bench/jitter: selfish detour, $secs s, detour = a gap over $thr ns, host CPU $cpu"
printf '%-28s %12s %12s %10s\n' "" "eremit" "Linux" "ratio"
for k in loop_ns detours_per_s max_detour_us noise_pct; do
	bench_row "$k" "$(bench_median $k eremit.txt)" "$(bench_median $k linux.txt)"
done
echo "histograms: $outdir/eremit.csv $outdir/linux.csv"
if command -v gnuplot >/dev/null; then
	gnuplot <<-PLOT
		set terminal png size 900,500
		set output "$outdir/jitter.png"
		set datafile separator ","
		set logscale xy
		set xlabel "detour length (ns, log2 buckets)"
		set ylabel "detours in $secs s"
		set title "Selfish detour on host CPU $cpu: Eremit vs Linux"
		set style data linespoints
		plot "eremit.csv" using 1:2 skip 1 title "Eremit", "linux.csv" using 1:2 skip 1 title "Linux"
	PLOT
	echo "chart: $outdir/jitter.png"
else
	echo "(no gnuplot: no PNG; scripts/setup.sh installs gnuplot-nox)"
fi
