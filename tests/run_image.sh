#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run one test image and check it against the directives in its source.
#
#   run_image.sh --runner eremit|qemu --eremit PATH/TO/eremit IMAGE SOURCE
#
# Directives, one per line in comments of SOURCE:
#   /* eremit-test: KEY VALUE */   or   // eremit-test: KEY VALUE
#   status N        expected exit status (default 0)
#   args A B C      arguments after the image (split at blanks)
#   env K=V         exported for the run (repeatable)
#   stdout LINE     stdout holds these exact lines in this order (repeatable;
#                   other lines may come between)
#   stdout-exact    stdout is exactly the stdout lines (a last line without
#                   a newline counts as a line)
#   stderr-re RE    grep -E finds RE in stderr (repeatable)
#   runner R        run only under runner R (eremit or qemu); skip the other
#   mem SIZE        HERMIT_MEM for the run
#   stdin TEXT      feed TEXT to the run's stdin (\n and other printf %b
#                   escapes allowed); otherwise stdin is /dev/null
#   cflags FLAGS    extra eremit-cc flags (read by tests/CMakeLists.txt)
#   cpus N...       run once per count (HERMIT_CPUS) under eremit (default 1)
#   qemu-cpus N...  the counts under --qemu (default: those of cpus)
#   numa N          HERMIT_NUMA for the runs
#   stderr-once RE  exactly one line of stderr matches RE (repeatable)
#   stdout-count N RE  exactly N lines of stdout match RE, no two alike
#                   (repeatable; for lines from many threads in any order)
# In stdout, stderr-re and stderr-once values, @CPUS@ stands for the run's count.
# Exit: 0 pass, 1 fail, 77 skipped (no usable /dev/kvm or EREMIT_NO_KVM=1
# under the eremit runner, or excluded by a runner directive).
set -euo pipefail

usage() { echo "usage: $0 --runner eremit|qemu --eremit EREMIT IMAGE SOURCE" >&2; exit 2; }
runner='' eremit=''
while [ $# -gt 0 ]; do
	case $1 in
	--runner) runner=${2:-}; shift 2 ;;
	--eremit) eremit=${2:-}; shift 2 ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# = 2 ] && [ -n "$eremit" ] || usage
case $runner in eremit | qemu) ;; *) usage ;; esac
image=$1 src=$2

status=0 exact=0 only='' mem='' input='' cpus='1' qemu_cpus='' numa=''
args=() envs=() want_out=() want_err=() want_once=() want_count=()
while IFS= read -r line; do
	line=${line#*eremit-test:}
	line=${line%%\*/*}
	line=$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
	key=${line%%[[:space:]]*}
	val=
	[ "$key" = "$line" ] || val=$(printf '%s' "${line#"$key"}" | sed 's/^[[:space:]]*//')
	case $key in
	status) status=$val ;;
	args) read -r -a args <<<"$val" ;;
	env) envs+=("$val") ;;
	stdout) want_out+=("$val") ;;
	stdout-exact) exact=1 ;;
	stderr-re) want_err+=("$val") ;;
	runner) only=$val ;;
	mem) mem=$val ;;
	stdin) input=$val ;;
	cflags) ;;
	cpus) cpus=$val ;;
	qemu-cpus) qemu_cpus=$val ;;
	numa) numa=$val ;;
	stderr-once) want_once+=("$val") ;;
	stdout-count) want_count+=("$val") ;;
	*) echo "run_image.sh: $src: unknown directive '$key'" >&2; exit 1 ;;
	esac
done < <(grep -E '(/\*|//)[[:space:]]*eremit-test:' "$src" || true)

if [ -n "$only" ] && [ "$only" != "$runner" ]; then
	echo "SKIP: $src runs only under the $only runner"
	exit 77
fi
if [ "$runner" = eremit ]; then
	if ! why=$("$(dirname "$0")/../scripts/kvm-usable.sh" -v); then
		echo "SKIP: $why"
		exit 77
	fi
	cmd=("$eremit" "$image" "${args[@]}")
else
	cmd=("$eremit" --qemu "$image" "${args[@]}")
fi
[ -x "$eremit" ] || { echo "FAIL: no monitor at $eremit"; exit 1; }
[ -f "$image" ] || { echo "FAIL: no image at $image"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/eremit-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for e in "${envs[@]}"; do export "${e?}"; done
[ -z "$mem" ] || export HERMIT_MEM="$mem"
[ -z "$numa" ] || export HERMIT_NUMA="$numa"
[ "$runner" = eremit ] || [ -z "$qemu_cpus" ] || cpus=$qemu_cpus

# run_once N: one run with HERMIT_CPUS=N, checked; 0 pass, 1 fail (reported).
run_once() {
local n=$1 w
export HERMIT_CPUS=$n
local want_out=() want_err=() want_once=()
for w in "${want_out_t[@]}"; do want_out+=("${w//@CPUS@/$n}"); done
for w in "${want_err_t[@]}"; do want_err+=("${w//@CPUS@/$n}"); done
for w in "${want_once_t[@]}"; do want_once+=("${w//@CPUS@/$n}"); done
echo "run: HERMIT_CPUS=$n ${cmd[*]}"
got=0
printf '%b' "$input" >"$tmp/in"
timeout --kill-after=5 "${EREMIT_TEST_TIMEOUT:-55}" "${cmd[@]}" \
	<"$tmp/in" >"$tmp/out" 2>"$tmp/err" || got=$?
# Serial consoles may end lines with CR LF. A last line without a newline
# still counts as a line (exit() must flush it): give it one for comparing.
tr -d '\r' <"$tmp/out" >"$tmp/stdout"
[ ! -s "$tmp/stdout" ] || [ -z "$(tail -c 1 "$tmp/stdout")" ] || echo >>"$tmp/stdout"

fail=()
[ "$got" = "$status" ] || fail+=("exit status $got, expected $status")
[ "$got" != 124 ] || fail+=("timed out after ${EREMIT_TEST_TIMEOUT:-55} s")
if [ "$exact" = 1 ]; then
	if [ ${#want_out[@]} = 0 ]; then : >"$tmp/want"; else printf '%s\n' "${want_out[@]}" >"$tmp/want"; fi
	cmp -s "$tmp/want" "$tmp/stdout" || fail+=("stdout is not exactly the expected lines")
elif [ ${#want_out[@]} -gt 0 ]; then
	# The expected lines must appear in order, each as a whole line.
	k=0
	while IFS= read -r l && [ "$k" -lt ${#want_out[@]} ]; do
		[ "$l" != "${want_out[$k]}" ] || k=$((k + 1))
	done <"$tmp/stdout"
	[ "$k" = ${#want_out[@]} ] || fail+=("stdout lacks, in order, the line: ${want_out[$k]}")
fi
for re in "${want_err[@]}"; do
	grep -Eq -- "$re" "$tmp/err" || fail+=("stderr does not match /$re/")
done
for re in "${want_once[@]}"; do
	c=$(grep -Ec -- "$re" "$tmp/err" || true)
	[ "$c" = 1 ] || fail+=("stderr has $c lines matching /$re/, expected exactly 1")
done
for w in "${want_count[@]}"; do
	local want=${w%%[[:space:]]*} re
	re=$(printf '%s' "${w#"$want"}" | sed 's/^[[:space:]]*//')
	c=$(grep -Ec -- "$re" "$tmp/stdout" || true)
	u=$({ grep -E -- "$re" "$tmp/stdout" || true; } | sort -u | wc -l)
	[ "$c" = "$want" ] && [ "$u" = "$want" ] ||
		fail+=("stdout has $c lines matching /$re/ ($u different), expected $want different")
done

if [ ${#fail[@]} = 0 ]; then
	echo "PASS ($runner, $n CPU$([ "$n" = 1 ] || echo s))"
	return 0
fi
show() { # file label
	local size
	size=$(wc -c <"$1")
	echo "--- $2 ($size bytes$([ "$size" -le 8192 ] || echo ", first 8 KiB shown")):"
	head -c 8192 "$1"
	[ "$size" = 0 ] || [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] || echo
}
echo "FAIL ($runner, HERMIT_CPUS=$n): $src"
printf '  %s\n' "${fail[@]}"
echo "--- expected: status $status"
if [ ${#want_out[@]} -gt 0 ]; then
	echo "--- expected stdout lines ($([ "$exact" = 1 ] && echo exactly || echo in order)):"
	printf '%s\n' "${want_out[@]}"
fi
[ ${#want_err[@]} = 0 ] || { echo "--- expected stderr patterns:"; printf '%s\n' "${want_err[@]}"; }
echo "--- actual: status $got"
show "$tmp/stdout" "actual stdout"
show "$tmp/err" "actual stderr"
return 1
}

want_out_t=("${want_out[@]}") want_err_t=("${want_err[@]}") want_once_t=("${want_once[@]}")
rc=0
for n in $cpus; do run_once "$n" || rc=1; done
exit $rc
