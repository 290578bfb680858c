#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Host files from the guest: the file checks of files.c in a prepared tree,
# escapes that must touch nothing outside it, and a byte-identical copy.
#   hostfs.sh EREMIT IMAGES_DIR        (exit 77: no usable /dev/kvm)
set -u
eremit=$1 images=$2
. "$(dirname "$0")/../monitor/lib.sh"
kvm_usable || { echo "skipped: no usable /dev/kvm"; exit 77; }

# $tmp/work is the guest's working directory; $tmp/outside must stay untouched.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out"' EXIT
mkdir -p "$tmp/work/sub" "$tmp/outside" "$tmp/ro" "$tmp/rw"
printf 'hello\nworld\n' >"$tmp/work/input.txt"
printf 'secret\n' >"$tmp/outside/secret"
printf 'read only\n' >"$tmp/ro/data.txt"
ln -s input.txt "$tmp/work/link_in"
ln -s ../outside/secret "$tmp/work/link_out"
ln -s "$tmp/outside/secret" "$tmp/work/link_abs"
ln -s ../outside "$tmp/work/link_dir"
before=$(cd "$tmp/outside" && ls -la --time-style=full-iso . && md5sum secret)

cd "$tmp/work"
expect 0 '' "$eremit" --mount "$tmp/ro:/ro:ro" --mount "$tmp/rw:/scratch" "$images/files" "$tmp"
grep -E '^(FAIL|[0-9]+ checks)' "$out/stdout"
after=$(cd "$tmp/outside" && ls -la --time-style=full-iso . && md5sum secret)
if [ "$before" != "$after" ]; then
	echo "FAIL: the directory outside the mounts changed:" >&2
	diff <(echo "$before") <(echo "$after") >&2
	failures=$((failures + 1))
fi
[ "$(cat "$tmp/rw/b.txt")" = scratch ] || { echo "FAIL: /scratch/b.txt not written" >&2; failures=$((failures + 1)); }
# What the guest made and removed is gone; nothing else appeared.
left=$(ls -A "$tmp/work" | tr '\n' ' ')
[ "$left" = "input.txt link_abs link_dir link_in link_out sub " ] ||
	{ echo "FAIL: the working directory holds: $left" >&2; failures=$((failures + 1)); }

# Acceptance: a host file named on the command line copied byte for byte (8 MB
# of random data plus an odd tail), into a new file.
head -c 8000001 /dev/urandom >"$tmp/work/random.bin"
expect 0 '' "$eremit" "$images/copy" random.bin copied.bin
expect_stdout "8000001 bytes"
cmp "$tmp/work/random.bin" "$tmp/work/copied.bin" || { echo "FAIL: copy differs" >&2; failures=$((failures + 1)); }
# An absolute host path inside the working directory works as on Linux.
expect 0 '' "$eremit" "$images/copy" "$tmp/work/random.bin" "$tmp/work/copy2.bin"
cmp "$tmp/work/random.bin" "$tmp/work/copy2.bin" || { echo "FAIL: copy2 differs" >&2; failures=$((failures + 1)); }
# The source is outside: refused, and nothing is created.
expect 1 '^\.\./outside/secret: Permission denied$' "$eremit" "$images/copy" ../outside/secret stolen
[ ! -e "$tmp/work/stolen" ] || { echo "FAIL: stolen was created" >&2; failures=$((failures + 1)); }
# With the outside granted read-only, reading works and writing there does not.
expect 0 '' "$eremit" --mount "$tmp/outside:/in:ro" "$images/copy" /in/secret got
[ "$(cat "$tmp/work/got")" = secret ] || { echo "FAIL: /in/secret not copied" >&2; failures=$((failures + 1)); }
expect 1 '^/in/x: Read-only file system$' "$eremit" --mount "$tmp/outside:/in:ro" "$images/copy" got /in/x

# Bad mounts: clear errors before the guest starts.
expect 125 "^eremit: --mount $tmp/none: $tmp/none: No such file or directory\$" \
	"$eremit" --mount "$tmp/none" "$images/copy" a b
expect 125 "^eremit: --mount $tmp/work/input.txt: $tmp/work/input.txt: Not a directory\$" \
	"$eremit" --mount "$tmp/work/input.txt" "$images/copy" a b
expect 125 '^eremit: --mount .*:relative: relative: the guest directory must be an absolute path$' \
	"$eremit" --mount "$tmp/ro:relative" "$images/copy" a b
expect 125 '^eremit: --mount :/x: expected HOST_DIR\[:GUEST_DIR\]\[:ro\]' \
	"$eremit" --mount ":/x" "$images/copy" a b
finish
