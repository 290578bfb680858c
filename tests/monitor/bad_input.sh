#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The monitor refuses bad images, options and variables with a message and the
# documented status, and never hangs. Needs no kernel and (mostly) no KVM.
#   bad_input.sh EREMIT FIXTURES_DIR
set -u
eremit=$1 fixtures=$2
. "$(dirname "$0")/lib.sh"
USAGE=125

# Files that are not images.
expect $USAGE '^eremit: /nonexistent/img: No such file or directory$' "$eremit" /nonexistent/img
echo "hello, world" >"$out/text"
expect $USAGE '^eremit: .*/text: not an ELF file$' "$eremit" "$out/text"
: >"$out/empty"
expect $USAGE '^eremit: .*/empty: not an ELF file$' "$eremit" "$out/empty"
expect $USAGE '^eremit: .*: not a regular file$' "$eremit" "$out"
chmod 000 "$out/text"
if [ "$(id -u)" != 0 ]; then
	expect $USAGE 'Permission denied' "$eremit" "$out/text"
fi

# Real ELF files of the wrong kind: /bin/true is a PIE (ET_DYN); patch its
# e_machine to AArch64 (183) for a foreign one.
expect $USAGE '^eremit: /bin/true: not a static executable \(ELF type 3, shared object or PIE\)' \
	"$eremit" /bin/true
cp /bin/true "$out/arm"
printf '\267\000' | dd of="$out/arm" bs=1 seek=18 conv=notrunc status=none
expect $USAGE '^eremit: .*/arm: not an x86-64 ELF file \(e_machine 183\)$' "$eremit" "$out/arm"
cp "$fixtures/hello" "$out/trunc"
truncate -s 100 "$out/trunc"
expect $USAGE 'contents lie outside the file|outside the file' "$eremit" "$out/trunc"

# A segment at 3 GiB in a 64 MiB guest.
cat >"$out/high.ld" <<'LD'
ENTRY(_start)
PHDRS { image PT_LOAD FLAGS(7); }
SECTIONS { . = 0xC0000000; .text : { *(.text) *(.data) } :image /DISCARD/ : { *(.note.*) } }
LD
ld -T "$out/high.ld" -o "$out/high" "$fixtures/hello.o" 2>/dev/null
expect $USAGE '^eremit: .*/high: segment 0 \(0xc0000000-0xc0000[0-9a-f]+\) lies beyond guest memory \(64M\): it needs at least 3073M$' \
	env HERMIT_MEM=64M "$eremit" "$out/high"

# Options and variables.
expect $USAGE '^eremit: HERMIT_MEM=garbage: not a size' env HERMIT_MEM=garbage "$eremit" "$fixtures/hello"
expect $USAGE '^eremit: HERMIT_MEM=1K: too small, the minimum is 32M$' env HERMIT_MEM=1K "$eremit" "$fixtures/hello"
expect $USAGE '^eremit: HERMIT_MEM=0: must not be zero' env HERMIT_MEM=0 "$eremit" "$fixtures/hello"
expect $USAGE '^eremit: --mem 99999999999999999999: too large' "$eremit" --mem 99999999999999999999 "$fixtures/hello"
expect $USAGE '^eremit: --mem 1T: too large, the maximum is 512G$' "$eremit" --mem 1T "$fixtures/hello"
expect $USAGE '^eremit: HERMIT_CPUS=abc: not a number of vCPUs' env HERMIT_CPUS=abc "$eremit" "$fixtures/hello"
expect $USAGE '^eremit: --cpus 257: not a number of vCPUs \(expected 1..256\)$' "$eremit" --cpus 257 "$fixtures/hello"
expect $USAGE '^eremit: --cpus 0: not a number of vCPUs' "$eremit" --cpus 0 "$fixtures/hello"
expect $USAGE '^eremit: --numa 0: not a number of NUMA nodes \(expected 1..64\)$' "$eremit" --numa 0 "$fixtures/hello"
expect $USAGE '^eremit: --numa 65: not a number of NUMA nodes' "$eremit" --numa 65 "$fixtures/hello"
expect $USAGE '^eremit: HERMIT_NUMA=x: not a number of NUMA nodes' env HERMIT_NUMA=x "$eremit" "$fixtures/hello"
expect $USAGE '^eremit: --numa 17: 32 MiB of memory cannot give each node 2 MiB \(at most 16 nodes; give more --mem\)$' \
	"$eremit" --mem 32M --numa 17 "$fixtures/hello"
expect $USAGE '^eremit: --numa 17: 32 MiB' "$eremit" --mem 32M --numa 17 --qemu "$fixtures/hello"
expect $USAGE '^eremit: HERMIT_VERBOSE=yes: expected 0 or 1$' env HERMIT_VERBOSE=yes "$eremit" "$fixtures/hello"
expect $USAGE '^eremit: unknown option --frobnicate \(see eremit --help\)$' "$eremit" --frobnicate "$fixtures/hello"
expect $USAGE '^eremit: --mem needs a value' "$eremit" --mem
expect $USAGE '^eremit: no IMAGE given' "$eremit"
expect $USAGE '^eremit: no IMAGE given' "$eremit" --verbose --
expect $USAGE '^eremit: cannot run /nonexistent/qemu: No such file or directory' \
	env EREMIT_QEMU=/nonexistent/qemu "$eremit" --qemu "$fixtures/hello"

# --help documents every option, variable and status; --version works.
expect 0 '' "$eremit" --help
for word in --mem --cpus --numa --verbose --qemu --help --version HERMIT_MEM HERMIT_CPUS HERMIT_NUMA \
	HERMIT_VERBOSE EREMIT_QEMU EREMIT_NO_KVM 125 124 123 122 121 120; do
	grep -q -- "$word" "$out/stdout" || { echo "FAIL: --help lacks $word" >&2; failures=$((failures + 1)); }
done
expect 0 '' "$eremit" --version
grep -q '^eremit [0-9]' "$out/stdout" || { echo "FAIL: --version" >&2; failures=$((failures + 1)); }

finish
