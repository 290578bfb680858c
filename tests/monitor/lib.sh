# SPDX-License-Identifier: MIT
# Helpers for the monitor's shell tests (sourced).
# expect STATUS STDERR_REGEX CMD...: runs CMD (under timeout 10) and checks its
# exit status and that stderr matches the extended regex ("" = stderr is empty).
failures=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

expect() {
	local want=$1 re=$2 rc=0
	shift 2
	timeout 10 "$@" >"$out/stdout" 2>"$out/stderr" </dev/null || rc=$?
	local cmd="$*"
	if [ "$rc" != "$want" ] || { [ -z "$re" ] && [ -s "$out/stderr" ]; } ||
		{ [ -n "$re" ] && ! grep -Eq -- "$re" "$out/stderr"; }; then
		echo "FAIL: ${cmd:0:200}: status $rc (want $want), stderr:" >&2
		sed 's/^/  | /' "$out/stderr" >&2
		echo "  (want /$re/)" >&2
		failures=$((failures + 1))
	else
		echo "ok: ${cmd:0:200} -> $rc"
	fi
}

# expect_stdout TEXT: the stdout of the last expect was exactly TEXT.
expect_stdout() {
	if [ "$(cat "$out/stdout")" != "$1" ] || [ -s "$out/stdout" -a -z "$1" ]; then
		echo "FAIL: stdout was '$(cat "$out/stdout")', want '$1'" >&2
		failures=$((failures + 1))
	fi
}

kvm_usable() {
	"$(dirname "${BASH_SOURCE[0]}")/../../scripts/kvm-usable.sh"
}

finish() {
	[ "$failures" = 0 ] && echo "all passed" && exit 0
	echo "$failures failure(s)" >&2
	exit 1
}
