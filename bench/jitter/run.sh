#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/jitter: the selfish-detour loop (jitter.c) on CORES cores at once, as
# an Eremit guest under eremit --cpus CORES --pin=0-(CORES-1) and as the same C
# program on Linux under likwid-pin -c 0-(CORES-1) (thread i on host CPU i,
# like vCPU i), one after the other. Prints both side by side with ratios, per
# core and for all cores, with the timer interrupts each core took; writes the
# detour histograms as CSV (a column per core) and, with gnuplot, a PNG.
#
#   bench/jitter/run.sh [SECONDS] [THRESHOLD_NS] [CORES]
#   (defaults: 10 s, 1000 ns, every host CPU)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
secs=${1:-10} thr=${2:-1000}
bench_number SECONDS "$secs"
bench_number THRESHOLD_NS "$thr"
bench_cpus "${3:-}"
bench_init jitter
outdir=$build/bench/jitter
cd "$outdir"

# The guest writes its histogram as a host file in the working directory.
"$eremit" --cpus "$ncpu" --pin="$cpus" "$image" "$secs" "$thr" eremit.csv "$ncpu" >eremit.txt
likwid-pin -q -c "$cpus" "$linux" "$secs" "$thr" linux.csv "$ncpu" >linux.txt
for i in $(seq 0 $((ncpu - 1))); do
	on=$(bench_median "cpu.$i" linux.txt)
	[ "$on" = "$i" ] || echo "run.sh: Linux thread $i ran on CPU $on, not $i (likwid-pin?)" >&2
done

echo "bench/jitter: selfish detour on $ncpu cores at once for $secs s, detour = a gap over" \
	"$thr ns, host CPUs $cpus"
echo "timer_irqs: Eremit counts its vector 0xf0, Linux the CPU's LOC line in /proc/interrupts"
printf '%-28s %12s %12s %10s\n' "" "eremit" "Linux" "ratio"
for c in all $(seq 0 $((ncpu - 1))); do
	[ "$c" = all ] && echo "all cores (max, or mean per core):" || echo "core $c:"
	for k in loop_ns detours_per_s max_detour_us noise_pct timer_irqs; do
		bench_row "  $k" "$(bench_median "$k.$c" eremit.txt)" "$(bench_median "$k.$c" linux.txt)"
	done
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
		set title "Selfish detour on host CPUs $cpus: Eremit vs Linux"
		set style data linespoints
		plot for [c=2:$((ncpu + 1))] "eremit.csv" using 1:c skip 1 lc 1 dt c-1 \
			title sprintf("Eremit core %d", c - 2), \
		     for [c=2:$((ncpu + 1))] "linux.csv" using 1:c skip 1 lc 2 dt c-1 \
			title sprintf("Linux core %d", c - 2)
	PLOT
	echo "chart: $outdir/jitter.png"
else
	echo "(no gnuplot: no PNG; scripts/setup.sh installs gnuplot-nox)"
fi
