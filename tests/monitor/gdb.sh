#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# eremit --gdb: scripted gdb -batch sessions against gdb_target.c (a breakpoint,
# a global, arguments and a local, next, stepi, a memory write, ctrl-C, a crash,
# kill, detach) under the KVM monitor and, for the main session, under --qemu;
# and bad ports: clear errors with status 125, never a hang.
#   gdb.sh EREMIT IMAGE      (exit 77: no gdb, or neither usable KVM nor QEMU)
set -u
eremit=$1 image=$2
. "$(dirname "$0")/lib.sh"
USAGE=125

# Ports the monitor refuses before it starts anything.
expect $USAGE '^eremit: --gdb 0: not a TCP port \(expected 1\.\.65535\)$' "$eremit" --gdb 0 "$image"
expect $USAGE '^eremit: --gdb 65536: not a TCP port' "$eremit" --gdb 65536 "$image"
expect $USAGE '^eremit: --gdb 12x: not a TCP port' "$eremit" --gdb=12x "$image"
expect $USAGE '^eremit: --gdb : not a TCP port' "$eremit" --gdb= "$image"
expect $USAGE '^eremit: --gdb needs a value' "$eremit" --gdb
grep -q -- '--gdb PORT' <("$eremit" --help) || {
	echo "FAIL: --gdb missing from --help" >&2
	failures=$((failures + 1))
}

command -v gdb >/dev/null || { echo "skipped: no gdb"; exit 77; }
runners=()
kvm_usable && runners+=(eremit)
command -v "${EREMIT_QEMU:-qemu-system-x86_64}" >/dev/null && runners+=(qemu)
[ ${#runners[@]} -gt 0 ] || { echo "skipped: neither KVM nor QEMU"; exit 77; }

# start RUNNER ARGS...: starts the image waiting for gdb on a free port ($port,
# $pid); its stdout and stderr go to $out/vm.out and $out/vm.err.
start() {
	local runner=$1 opt=()
	shift
	[ "$runner" = qemu ] && opt=(--qemu)
	for _ in 1 2 3 4 5 6 7 8; do
		port=$((20000 + RANDOM % 40000))
		timeout 20 "$eremit" "${opt[@]}" --gdb "$port" "$image" "$@" \
			>"$out/vm.out" 2>"$out/vm.err" </dev/null &
		pid=$!
		for _ in $(seq 100); do
			grep -q 'for gdb on' "$out/vm.err" && return 0
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		wait "$pid"
		grep -q 'Address already in use' "$out/vm.err" || break
	done
	echo "FAIL: the VM did not wait for gdb:" >&2
	sed 's/^/  | /' "$out/vm.err" >&2
	failures=$((failures + 1))
	return 1
}

# session NAME GDB_COMMANDS...: runs gdb -batch against $port into $out/NAME.log.
session() {
	local name=$1 args=()
	shift
	for c in "$@"; do args+=(-ex "$c"); done
	# --foreground: one SIGINT, to gdb only (a second one makes gdb give up the target).
	timeout --foreground 20 gdb -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
		-ex "target remote 127.0.0.1:$port" "${args[@]}" "$image" >"$out/$name.log" 2>&1
}

# check NAME STATUS STDOUT REGEX...: the VM's status and stdout, and lines in gdb's log.
check() {
	local name=$1 want=$2 stdout=$3 rc=0 ok=1
	shift 3
	wait "$pid" || rc=$?
	[ "$rc" = "$want" ] || { echo "FAIL: $name: status $rc, want $want" >&2; ok=0; }
	[ "$(cat "$out/vm.out")" = "$stdout" ] || { echo "FAIL: $name: stdout '$(cat "$out/vm.out")', want '$stdout'" >&2; ok=0; }
	for re in "$@"; do
		grep -Eq -- "$re" "$out/$name.log" || { echo "FAIL: $name: gdb never said /$re/" >&2; ok=0; }
	done
	if [ $ok = 1 ]; then
		echo "ok: $name"
	else
		failures=$((failures + 1))
		sed 's/^/  gdb | /' "$out/$name.log" >&2
		sed 's/^/  vm  | /' "$out/vm.err" >&2
	fi
}

for runner in "${runners[@]}"; do
	# The main story: break, look, step, write memory, run to the end.
	start $runner || continue
	session main.$runner 'break add_scaled' 'continue' 'print counter' 'print a' 'print b' \
		'p/x $pc' 'set var counter = 100' 'next' 'print scaled' 'p $pc' 'stepi' \
		'p $pc > $6' 'info threads' 'continue'
	bp=$(grep -o 'Breakpoint 1 at 0x[0-9a-f]*' "$out/main.$runner.log" | grep -o '0x.*')
	exited='exited with code 07'
	[ $runner = qemu ] && exited='' # QEMU's stub drops the connection instead
	check main.$runner 7 'result 21 counter 101' \
		'^Breakpoint 1, add_scaled \(a=1, b=2\) at .*gdb_target\.c' \
		'^\$1 = 41$' '^\$2 = 1$' '^\$3 = 2$' "^\\\$4 = ${bp:-none}\$" '^\$5 = 20$' \
		'^\$7 = 1$' '^\* 1 +Thread 1' "$exited"

done

if kvm_usable; then
	# ctrl-C (SIGINT to gdb) stops a spinning guest; gdb clears its flag and it ends.
	if start eremit spin; then
		session spin 'continue' 'print spinning' 'set var spinning = 0' 'continue' &
		# ctrl-C once the guest says it spins (a fixed delay raced a loaded machine).
		for _ in $(seq 300); do
			grep -q '^spinning$' "$out/vm.err" && break
			sleep 0.05
		done
		sleep 0.2
		# gdb alone: timeout would forward a second SIGINT, and gdb gives the target up.
		pkill -INT -f "^gdb -batch .*target remote 127.0.0.1:$port" ||
			echo "FAIL: spin: no gdb to interrupt" >&2
		wait $!
		check spin 5 'spun' 'Program received signal SIGINT' '^\$1 = 1$'
	fi

	# A fault stops in gdb first; continuing ends the run as without gdb.
	if start eremit crash; then
		session crash 'continue' 'bt' 'continue'
		check crash 139 '' 'Program received signal SIGSEGV' 'gdb_target\.c:[0-9]+' \
			'exited with code 0213'
	fi

	# Steps in ring 0 (KVM's own single step), a second monitor on a taken
	# port, then kill.
	if start eremit; then
		expect $USAGE "^eremit: --gdb $port: cannot listen on 127\\.0\\.0\\.1:$port: Address already in use\$" \
			"$eremit" --gdb "$port" "$image"
		session kill 'stepi' 'stepi' 'p $pc > (long)&_start' 'break main' 'continue' 'kill'
		check kill 137 '' '^\$1 = 1$' '^Breakpoint 1, main' 'killed'
	fi

	# Detach: breakpoints go, the guest runs to its end.
	if start eremit; then
		session detach 'break add_scaled' 'continue' 'detach'
		check detach 7 'result 21 counter 42' '^Breakpoint 1, add_scaled' 'Detaching|detached'
	fi
fi
finish
