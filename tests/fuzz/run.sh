#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the libFuzzer targets of tests/fuzz (built by the normal build with clang).
#   tests/fuzz/run.sh [--build DIR] [--only elf|hypercall] [--jobs N] [SECONDS]
# runs each target for SECONDS (default 600) with N parallel jobs (libFuzzer's -fork;
# default: the number of CPUs), keeps going after a crash, and prints for each target the
# executions done, the coverage reached and the crashes found. The corpus grows in
# DIR/tests/fuzz/corpus/TARGET (a second run starts from it), crash inputs land in
# DIR/tests/fuzz/artifacts/TARGET; replay one with DIR/tests/fuzz/fuzz_TARGET FILE.
# Exit status: 0 if no target crashed, 1 if one did, 2 on a usage error.
#   --smoke   one job, a fresh corpus, stop at the first crash (ctest's fuzz.* tests)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$root/build
only=
jobs=$(nproc)
smoke=0
seconds=600
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--smoke) smoke=1; shift ;;
	-h | --help) sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) seconds=$1; shift ;;
	esac
done
case $seconds in '' | *[!0-9]*) echo "run.sh: SECONDS must be a number" >&2; exit 2 ;; esac
# Absolute: fuzz_hypercall changes its working directory before libFuzzer writes anything.
build=$(cd "$build" && pwd)
fuzz=$build/tests/fuzz
targets=${only:-elf hypercall}

# The fuzzers' scratch directories (fuzz_hypercall makes real files) live and die here.
scratch=$(mktemp -d /tmp/eremit-fuzz-run.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export TMPDIR=$scratch

status=0
for t in $targets; do
	bin=$fuzz/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "run.sh: $bin is not built (cmake --build $build; clang and libclang-rt-14-dev)" >&2
		exit 2
	fi
	seeds=$fuzz/seeds/$t
	artifacts=$fuzz/artifacts/$t
	log=$scratch/$t.log
	mkdir -p "$artifacts"
	# stdout and stderr of the code under test go to /dev/null (-close_fd_mask=3);
	# libFuzzer and the sanitizers keep a descriptor of their own.
	common=(-close_fd_mask=3 -timeout=10 -artifact_prefix="$artifacts/"
		-max_total_time="$seconds")
	if [ "$smoke" = 1 ]; then
		corpus=$scratch/corpus-$t
		mkdir -p "$corpus"
		echo "== fuzz_$t: smoke run of $seconds s"
		rc=0
		"$bin" "${common[@]}" "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
		if [ "$rc" != 0 ]; then
			cat "$log"
			echo "== fuzz_$t: FAILED (status $rc); the input is in $artifacts"
			status=1
			continue
		fi
		grep -E '^#[0-9]+ +DONE|^Done ' "$log" || tail -n 5 "$log"
		continue
	fi
	corpus=$fuzz/corpus/$t
	mkdir -p "$corpus"
	before=$(find "$artifacts" -type f | wc -l)
	echo "== fuzz_$t: $seconds s with $jobs jobs, corpus $corpus ($(date -u +%FT%TZ))"
	rc=0
	"$bin" "${common[@]}" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		"$corpus" "$seeds" >"$log" 2>&1 || rc=$?
	cp "$log" "$fuzz/last-run-$t.log"
	last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 || true)
	found=$(($(find "$artifacts" -type f | wc -l) - before))
	execs=$(sed -E -n 's/^#([0-9]+):.*/\1/p' <<<"$last")
	cov=$(sed -E -n 's/.* cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/cov \1, ft \2, corpus \3/p' <<<"$last")
	oom=$(sed -E -n 's/.*oom\/timeout\/crash: ([0-9\/]+).*/\1/p' <<<"$last")
	echo "   executions: ${execs:-?}; coverage: ${cov:-?}; oom/timeout/crash: ${oom:-?};" \
		"new artifacts: $found (libFuzzer status $rc; log $fuzz/last-run-$t.log)"
	if [ "$found" != 0 ] || [ "$rc" != 0 ]; then
		ls -1 "$artifacts" | tail -n "$found" | sed "s|^|   $artifacts/|"
		status=1
	fi
done
exit $status
