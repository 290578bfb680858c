#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/jitter: the selfish-detour loop (jitter.c) on CORES cores at once, as
# an Eremit guest under eremit --cpus CORES --pin=0-(CORES-1) and as the same C
# program on Linux under likwid-pin -c 0-(CORES-1) (thread i on host CPU i,
# like vCPU i), in alternating rounds so that both meet the same host noise.
# Prints the medians over the rounds side by side with ratios, per core and for
# all cores, with the timer interrupts each core took; writes the detour
# histograms of all rounds as CSV (a column per core) and, with gnuplot, a PNG.
#
#   bench/jitter/run.sh [SECONDS] [THRESHOLD_NS] [CORES] [ROUNDS]
#   (defaults: 10 s per run, 1000 ns, every host CPU, 3 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
secs=${1:-10} thr=${2:-1000} rounds=${4:-3}
bench_number SECONDS "$secs"
bench_number THRESHOLD_NS "$thr"
bench_number ROUNDS "$rounds"
bench_cpus "${3:-}"
bench_init jitter
outdir=$build/bench/jitter
cd "$outdir"
rm -f eremit.txt linux.txt eremit.*.csv linux.*.csv

# The guest writes its histogram as a host file in the working directory.
for r in $(seq "$rounds"); do
	"$eremit" --cpus "$ncpu" --pin="$cpus" "$image" "$secs" "$thr" "eremit.$r.csv" "$ncpu" \
		>>eremit.txt
	likwid-pin -q -c "$cpus" "$linux" "$secs" "$thr" "linux.$r.csv" "$ncpu" >>linux.txt
done
for i in $(seq 0 $((ncpu - 1))); do
	awk -v k="cpu.$i" -v i="$i" '$1 == k && $2 != i {
		print "run.sh: Linux thread " i " ran on CPU " $2 " (likwid-pin?)" > "/dev/stderr" }' linux.txt
done
# The rounds' histograms summed bucket by bucket under the header.
for side in eremit linux; do
	{
		head -n1 "$side.1.csv"
		awk -F, 'FNR > 1 { for (c = 2; c <= NF; c++) sum[$1, c] += $c; cols[$1] = NF }
			END { for (b in cols) { line = b
				for (c = 2; c <= cols[b]; c++) line = line "," sum[b, c]
				print line } }' "$side".*.csv | sort -t, -k1,1n
	} >"$side.csv"
done

echo "bench/jitter: selfish detour on $ncpu cores at once for $secs s, detour = a gap over" \
	"$thr ns, host CPUs $cpus, medians of $rounds alternating rounds"
echo "timer_irqs: Eremit counts its vector 0xf0, Linux the CPU's LOC line in /proc/interrupts"
printf '%-28s %12s %12s %10s\n' "" "eremit" "Linux" "ratio"
for c in all $(seq 0 $((ncpu - 1))); do
	[ "$c" = all ] && echo "all cores (max, or mean per core):" || echo "core $c:"
	for k in loop_ns detours_per_s max_detour_us noise_pct timer_irqs; do
		bench_row "  $k" "$(bench_median "$k.$c" eremit.txt)" "$(bench_median "$k.$c" linux.txt)"
	done
done
worst() { awk -v k="max_detour_us.all" '$1 == k && $2 > m {m = $2} END {print m}' "$1"; }
bench_row "longest of all rounds (us)" "$(worst eremit.txt)" "$(worst linux.txt)"
echo "histograms ($rounds rounds): $outdir/eremit.csv $outdir/linux.csv"
if command -v gnuplot >/dev/null; then
	gnuplot <<-PLOT
		set terminal png size 900,500
		set output "$outdir/jitter.png"
		set datafile separator ","
		set logscale xy
		set xlabel "detour length (ns, log2 buckets)"
		set ylabel "detours in $rounds x $secs s"
		set title "Selfish detour on host CPUs $cpus: Eremit vs Linux"
		set style data linespoints
		plot for [c=2:$((ncpu + 1))] "eremit.csv" using 1:c skip 1 lc 1 pt c \
			title sprintf("Eremit core %d", c - 2), \
		     for [c=2:$((ncpu + 1))] "linux.csv" using 1:c skip 1 lc 2 pt c + 4 \
			title sprintf("Linux core %d", c - 2)
	PLOT
	echo "chart: $outdir/jitter.png"
else
	echo "(no gnuplot: no PNG; scripts/setup.sh installs gnuplot-nox)"
fi
