# SPDX-License-Identifier: MIT
# Shared by the bench/*/run.sh scripts that compare an Eremit guest with the
# same C program on Linux (sourced).

# bench_init NAME: sets build, eremit, image (build/bench/NAME/NAME), linux
# (…/NAME-linux) and cpu (BENCH_CPU, default 1), and stops with a message when
# something is missing: the binaries, a usable /dev/kvm, likwid-pin.
bench_init() {
	local top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	build=${BUILD_DIR:-$top/build}
	eremit=$build/bin/eremit image=$build/bench/$1/$1 linux=$build/bench/$1/$1-linux
	cpu=${BENCH_CPU:-1}
	for f in "$eremit" "$image" "$linux"; do
		[ -x "$f" ] || { echo "run.sh: $f is missing: build first (scripts/setup.sh)" >&2; exit 1; }
	done
	"$top/scripts/kvm-usable.sh" || { echo "run.sh: needs a usable /dev/kvm" >&2; exit 1; }
	command -v likwid-pin >/dev/null ||
		{ echo "run.sh: likwid-pin not found (Debian package likwid)" >&2; exit 1; }
}

# bench_number WHAT VALUE: stops unless VALUE is a whole number.
bench_number() {
	case $2 in '' | *[!0-9]*) echo "run.sh: $1 must be a whole number, not '$2'" >&2; exit 2 ;; esac
}

# bench_cpus COUNT: the first COUNT host CPUs (default: all of them) for a
# run on several cores; sets ncpu and cpus (a list for --pin= and likwid-pin -c).
bench_cpus() {
	local host
	host=$(nproc)
	ncpu=${1:-$host}
	bench_number CORES "$ncpu"
	if [ "$ncpu" -lt 1 ] || [ "$ncpu" -gt "$host" ]; then
		echo "run.sh: CORES must be 1..$host (the host's CPUs), not $ncpu" >&2
		exit 2
	fi
	cpus=0-$((ncpu - 1))
}

# bench_median KEY FILE: the median of the values of "KEY value" lines in FILE.
bench_median() {
	awk -v k="$1" '$1 == k {print $2}' "$2" | sort -g |
		awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# bench_row NAME EREMIT LINUX: one line of the side-by-side table with the ratio.
bench_row() {
	awk -v n="$1" -v e="$2" -v l="$3" 'BEGIN {
		r = "-"
		if (l > 0) r = sprintf("%.2f", e / l)
		printf "%-28s %12.3f %12.3f %10s\n", n, e, l, r }'
}
