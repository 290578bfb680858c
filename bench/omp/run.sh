#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/omp: OpenMP overheads (omp.c, the EPCC method) and memory bandwidth
# (stream.c, STREAM's kernels) as Eremit guests under eremit --cpus CORES
# --pin=0-(CORES-1) (vCPU i on host CPU i) and as the same C programs with
# the host's libgomp under likwid-pin -c 0-(CORES-1), one after the other.
# Both sides get OMP_NUM_THREADS=CORES, OMP_PROC_BIND=close and
# OMP_PLACES=cores; other OMP_* and GOMP_* variables (OMP_WAIT_POLICY,
# GOMP_SPINCOUNT) pass from the caller to both. Prints each overhead (mean ±
# 95 % confidence interval, median, minimum; µs) and each bandwidth side by side with
# the ratio Eremit/Linux (below 1: Eremit's overhead is smaller), writes
# omp.csv and stream.csv and, with gnuplot, the chart omp.png, all in
# build/bench/omp.
#
#   bench/omp/run.sh [CORES] [TEST_MS] [OUTER] [MIB]
#   (defaults: every host CPU, 2 ms per test, 50 outer repetitions, 128 MiB per array:
#   about 30 s in all; short tests leave more samples untouched by a busy host)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
test_ms=${2:-2} outer=${3:-50} mib=${4:-128}
[ $# -le 4 ] || { echo "usage: bench/omp/run.sh [CORES] [TEST_MS] [OUTER] [MIB]" >&2; exit 2; }
bench_number TEST_MS "$test_ms"
bench_number OUTER "$outer"
bench_number MIB "$mib"
[ "$test_ms" -ge 1 ] || { echo "run.sh: TEST_MS must be at least 1" >&2; exit 2; }
[ "$outer" -ge 2 ] && [ "$outer" -le 1000 ] ||
	{ echo "run.sh: OUTER must be 2..1000, not $outer" >&2; exit 2; }
[ "$mib" -ge 1 ] && [ "$mib" -le 4096 ] || { echo "run.sh: MIB must be 1..4096, not $mib" >&2; exit 2; }
bench_cpus "${1:-}"
bench_init omp
outdir=$build/bench/omp
stream=$outdir/stream stream_linux=$outdir/stream-linux
for f in "$stream" "$stream_linux"; do
	[ -x "$f" ] || { echo "run.sh: $f is missing: build first (scripts/setup.sh)" >&2; exit 1; }
done
cd "$outdir"
rm -f eremit.omp.txt linux.omp.txt eremit.stream.txt linux.stream.txt

export OMP_NUM_THREADS=$ncpu OMP_PROC_BIND=close OMP_PLACES=cores
# The three arrays, and room for the kernel, libgomp's threads and the heap.
mem=$((3 * mib + 256))M
# side NAME CMD...: runs one program, its output to NAME.txt, and stops if it fails.
side() {
	local out=$1.txt
	shift
	"$@" >"$out" || { echo "run.sh: '$*' failed (status $?); its output: $outdir/$out" >&2; exit 1; }
}
side eremit.omp "$eremit" --cpus "$ncpu" --pin="$cpus" --timeout 600 "$image" "$test_ms" "$outer"
side linux.omp likwid-pin -q -c "$cpus" "$linux" "$test_ms" "$outer"
side eremit.stream "$eremit" --cpus "$ncpu" --pin="$cpus" --mem "$mem" --timeout 600 "$stream" "$mib"
side linux.stream likwid-pin -q -c "$cpus" "$stream_linux" "$mib"

# Thread t must run on core t (vCPU t, host CPU t) on both sides.
for s in eremit linux; do
	awk -v s="$s" '$1 == "thread" && $4 != $2 {
		print "run.sh: " s ": OpenMP thread " $2 " ran on CPU " $4 ", not " $2 > "/dev/stderr" }' \
		"$s.omp.txt"
done

constructs="PARALLEL FOR PARALLEL_FOR BARRIER SINGLE CRITICAL LOCK_UNLOCK ATOMIC REDUCTION STATIC"
for k in STATIC DYNAMIC GUIDED; do
	for c in 1 8 64; do constructs="$constructs ${k}_$c"; done
done
# One CSV line per construct: both sides' mean, CI, median and minimum, and the ratios.
{
	echo "construct,eremit_mean_us,eremit_ci95_us,eremit_median_us,eremit_min_us," \
		"linux_mean_us,linux_ci95_us,linux_median_us,linux_min_us,ratio_mean,ratio_median" |
		tr -d ' '
	for k in REF_DELAY REF_ATOMIC REF_SCHED $constructs; do
		awk -v k="$k" '
			FILENAME == ARGV[1] && $1 == k { e = $2 "," $3 "," $4 "," $5; em = $2; ed = $4 }
			FILENAME == ARGV[2] && $1 == k { l = $2 "," $3 "," $4 "," $5; lm = $2; ld = $4 }
			function ratio(a, b) { return b > 0 && a > 0 ? sprintf("%.3f", a / b) : "" }
			END {
				if (e == "" || l == "") {
					print "run.sh: no " k " line from both sides" > "/dev/stderr"
					exit 1
				}
				print k "," e "," l "," ratio(em, lm) "," ratio(ed, ld) }' \
			eremit.omp.txt linux.omp.txt
	done
} >omp.csv
{
	echo "kernel,eremit_best_GBps,eremit_mean_GBps,linux_best_GBps,linux_mean_GBps,ratio_best"
	for k in Copy Scale Add Triad; do
		awk -v k="$k" '
			FILENAME == ARGV[1] && $1 == k { eb = $2; em = $3 }
			FILENAME == ARGV[2] && $1 == k { lb = $2; lm = $3 }
			END {
				if (eb == "" || lb == "") {
					print "run.sh: no " k " line from both sides" > "/dev/stderr"
					exit 1
				}
				printf "%s,%s,%s,%s,%s,%.3f\n", k, eb, em, lb, lm, eb / lb }' \
			eremit.stream.txt linux.stream.txt
	done
} >stream.csv

env_of() { awk -v k="# $1=" 'index($0, k) == 1 { print substr($0, length(k) + 1) }' eremit.omp.txt; }
echo "bench/omp: $ncpu threads on host CPUs $cpus, OMP_PROC_BIND=close OMP_PLACES=cores" \
	"OMP_WAIT_POLICY=$(env_of OMP_WAIT_POLICY) GOMP_SPINCOUNT=$(env_of GOMP_SPINCOUNT);" \
	"$test_ms ms per test, $outer outer repetitions"
awk -F, 'NR == 1 {
		printf "%-13s %20s %8s %8s %20s %8s %8s %6s %6s\n", "us", "Eremit mean ± CI95", \
			"median", "min", "Linux mean ± CI95", "median", "min", "ratio", "(med)"
		next }
	$1 ~ /^REF_/ && !ref++ { print "reference (time per instance, not an overhead):" }
	$1 !~ /^REF_/ && !con++ { print "overhead per construct (ratio Eremit/Linux of means, of medians):" }
	{ printf "%-13s %9.4f ± %-8.4f %8.4f %8.4f %9.4f ± %-8.4f %8.4f %8.4f %6s %6s\n", $1, $2, $3, \
		$4, $5, $6, $7, $8, $9, $10 == "" ? "-" : $10, $11 == "" ? "-" : $11 }' omp.csv
echo "STREAM, $mib MiB per array, GB/s (best of 10; mean):"
awk -F, 'NR > 1 { printf "%-13s %10.2f (%7.2f) %20.2f (%7.2f) %19.3f\n", $1, $2, $3, $4, $5, $6 }' \
	stream.csv
echo "CSV: $outdir/omp.csv $outdir/stream.csv; program output: $outdir/{eremit,linux}.{omp,stream}.txt"

if ! command -v gnuplot >/dev/null; then
	echo "(no gnuplot: no PNG; scripts/setup.sh installs gnuplot-nox)"
	exit 0
fi
# The chart: overheads on a log scale (a mean at or below zero, noise, draws no
# bar) over the bandwidths; gnuplot reads the CSVs without their headers and
# the references.
tail -n +5 omp.csv >omp.plot.csv
tail -n +2 stream.csv >stream.plot.csv
gnuplot <<-PLOT
	set terminal pngcairo size 1200,800 font ",10"
	set output "$outdir/omp.png"
	set datafile separator ","
	set multiplot layout 2,1 title "OpenMP on $ncpu threads, host CPUs $cpus: Eremit and Linux, GCC 12's libgomp"
	set style data histogram
	set style histogram errorbars gap 2 lw 1
	set style fill solid 0.8 border -1
	set logscale y
	set grid ytics
	set key top left
	set xtics rotate by 30 right noenhanced
	set ylabel "overhead, µs (mean ± 95 % CI)"
	plot "omp.plot.csv" using 2:3:xtic(1) title "Eremit" lc rgb "#1f77b4", \
	     "" using 6:7 title "Linux" lc rgb "#ff7f0e"
	unset logscale y
	set yrange [0:*]
	set ylabel "STREAM, GB/s (best of 10)"
	set style histogram clustered gap 2
	set xrange [-0.6:3.6]
	plot "stream.plot.csv" using 2:xtic(1) title "Eremit" lc rgb "#1f77b4", \
	     "" using 4 title "Linux" lc rgb "#ff7f0e"
	unset multiplot
PLOT
rm -f omp.plot.csv stream.plot.csv
echo "chart: $outdir/omp.png"
