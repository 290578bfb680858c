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
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/build}
secs=${1:-10} thr=${2:-1000}
for v in "$secs" "$thr"; do
	case $v in '' | *[!0-9]*) echo "run.sh: SECONDS and THRESHOLD_NS must be whole numbers, not '$v'" >&2; exit 2 ;; esac
done
eremit=$build/bin/eremit image=$build/bench/jitter/jitter linux=$build/bench/jitter/jitter-linux
for f in "$eremit" "$image" "$linux"; do
	[ -x "$f" ] || { echo "run.sh: $f is missing: build first (scripts/setup.sh)" >&2; exit 1; }
done
[ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo "run.sh: needs a usable /dev/kvm" >&2; exit 1; }
command -v likwid-pin >/dev/null || { echo "run.sh: likwid-pin not found (Debian package likwid)" >&2; exit 1; }
cpu=${BENCH_CPU:-1}
outdir=$build/bench/jitter
cd "$outdir"

# The guest writes its histogram as a host file in the working directory.
"$eremit" --pin="$cpu" "$image" "$secs" "$thr" eremit.csv >eremit.txt
likwid-pin -q -c "$cpu" "$linux" "$secs" "$thr" linux.csv >linux.txt

val() { awk -v k="$1" '$1 == k {print $2}' "$2"; }
echo "bench/jitter: selfish detour, $secs s, detour = a gap over $thr ns, host CPU $cpu"
printf '%-22s %14s %14s %10s\n' "" "eremit" "Linux" "ratio"
for k in loop_ns detours_per_s max_detour_us noise_pct; do
	e=$(val $k eremit.txt) l=$(val $k linux.txt)
	awk -v n="$k" -v e="$e" -v l="$l" 'BEGIN {
		r = "-"
		if (l > 0) r = sprintf("%.2f", e / l)
		printf "%-22s %14.3f %14.3f %10s\n", n, e, l, r }'
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
