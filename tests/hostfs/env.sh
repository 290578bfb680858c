#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# argv and the environment reach main() under both runners: forwarding,
# --env, --clear-env, and the limits on their size.
#   env.sh EREMIT IMAGES_DIR
set -u
eremit=$1 images=$2
. "$(dirname "$0")/../monitor/lib.sh"

# has LINE: the last run's stdout holds LINE.
has() {
	grep -qxF -- "$1" "$out/stdout" || { echo "FAIL: no line '$1' in stdout" >&2; failures=$((failures + 1)); }
}
hasnt() {
	! grep -qE -- "$1" "$out/stdout" || { echo "FAIL: stdout matches /$1/" >&2; failures=$((failures + 1)); }
}

runners=(--qemu)
kvm_usable && runners+=(--no-qemu)
for r in "${runners[@]}"; do
	q=()
	[ "$r" = --qemu ] && q=(--qemu)
	expect 0 '' env OMP_NUM_THREADS=4 HOME=/home/h "$eremit" "${q[@]}" "$images/env" a "b c" ''
	has "argc=4"
	has "argv[0]=$images/env"
	has "argv[2]=b c"
	has "argv[3]="
	has "env OMP_NUM_THREADS=4"
	has "getenv(OMP_NUM_THREADS)=4"
	has "env HOME=/home/h"
	expect 0 '' env OMP_NUM_THREADS=4 X=host "$eremit" "${q[@]}" --env X=1 --env 'Y=a b' \
		--env X=2 "$images/env"
	has "env X=2"
	has "env Y=a b"
	has "env OMP_NUM_THREADS=4"
	hasnt "^env X=(1|host)$"
	expect 0 '' env OMP_NUM_THREADS=4 X=host "$eremit" "${q[@]}" --clear-env --env Z=3 \
		--env OMP_NUM_THREADS --env NOT_SET_ANYWHERE "$images/env"
	has "env Z=3"
	has "env OMP_NUM_THREADS=4"
	[ "$(grep -c '^env ' "$out/stdout")" = 2 ] || { echo "FAIL: --clear-env left more" >&2; failures=$((failures + 1)); }
done

expect 125 '^eremit: --mount: QEMU runs have no host files \(they need the eremit monitor\)$' \
	"$eremit" --qemu --mount /tmp "$images/env"
expect 125 '^eremit: --env =x: expected NAME=VALUE or NAME$' "$eremit" --env =x "$images/env"
expect 125 '^eremit: --env needs a value' "$eremit" --env
# Limits: 4 MiB of strings, 65536 strings (a larger stack raises the host's exec limit).
ulimit -s 65536 2>/dev/null || ulimit -s unlimited 2>/dev/null || true
chunk=$(head -c 120000 /dev/zero | tr '\0' x)
big=()
for i in $(seq 36); do big+=(--env "BIG$i=$chunk"); done
expect 125 '^eremit: the arguments and environment take [0-9]+ bytes, more than the 4 MiB allowed' \
	"$eremit" --clear-env "${big[@]}" "$images/env"
many=()
for i in $(seq 65536); do many+=(--env "V$i=1"); done
expect 125 '^eremit: 65537 arguments and environment variables, more than the 65536 allowed' \
	"$eremit" --clear-env "${many[@]}" "$images/env"
finish
