#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build GCC's OpenMP runtime (libgomp, from Debian's gcc-12-source: the host
# compiler's version, so the GOMP_* ABI that gcc -fopenmp emits matches) for
# Eremit into $BUILD_DIR/sysroot (lib/libgomp.a, include/omp.h), cached.
# Needs newlib's headers there first (scripts/build-newlib.sh).
#
# libgomp's configure probes a glibc system, so the sources are compiled
# directly, as its Makefile would: each file is taken from the first of
# config/eremit (runtime/gomp: config.h, futex.h, affinity.c, lock.c),
# config/linux/x86, config/linux, config/posix and the top folder.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build=$root/$build ;; esac

tarball=/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz
port=$root/runtime/gomp
sysroot=$build/sysroot
deps=$build/deps
src=$deps/gcc-12.2.0/libgomp
obj=$deps/libgomp-build

die() { echo "build-libgomp.sh: $*" >&2; exit 1; }

[ -r "$tarball" ] || die "$tarball missing: apt-get install gcc-12-source"
[ -f "$sysroot/include/stdio.h" ] || die "no newlib in $sysroot: run scripts/build-newlib.sh first"
# The GOMP ABI is the compiler's: builtins, struct layouts and lock sizes.
[ "$(gcc -dumpversion)" = 12 ] || die "gcc $(gcc -dumpfullversion) is not GCC 12, the version of gcc-12-source"

key=$( {
	sha256sum <"$tarball"
	sha256sum <"${BASH_SOURCE[0]}"
	(cd "$port" && find . -type f | LC_ALL=C sort | xargs sha256sum)
	cat "$sysroot/.stamp" 2>/dev/null || true
	(cd "$root/include/eremit" && find . -type f | LC_ALL=C sort | xargs sha256sum)
	gcc --version | head -n1
} | sha256sum | cut -d' ' -f1)

if [ -f "$sysroot/.gomp-stamp" ] && [ "$(cat "$sysroot/.gomp-stamp")" = "$key" ] &&
	[ -f "$sysroot/lib/libgomp.a" ]; then
	echo "libgomp: up to date in $sysroot"
	exit 0
fi

echo "libgomp: building into $sysroot (about half a minute)"
rm -rf "$deps/gcc-12.2.0" "$obj" "$sysroot/.gomp-stamp"
mkdir -p "$deps" "$obj"
tar -xJf "$tarball" -C "$deps" gcc-12.2.0/libgomp gcc-12.2.0/include ||
	die "could not extract libgomp from $tarball"
mkdir -p "$src/config/eremit"
cp "$port"/*.[ch] "$src/config/eremit/"

search=(config/eremit config/linux/x86 config/linux config/posix .)
inc=()
for d in "${search[@]}"; do inc+=(-I "$src/$d"); done
gccinc=$(gcc -print-file-name=include)

# omp.h and libgomp_f.h carry the sizes and alignments of the lock types of
# the first omp-lock.h on the search path (config/linux's: the same ABI as
# the host's libgomp). configure computes them by compiling; so does this:
# the values land as .quad constants in the assembly.
probe=(INTPTR_T_KIND 'sizeof(__INTPTR_TYPE__)' OMP_DEPEND_KIND '2 * sizeof(__INTPTR_TYPE__)'
	OMP_LOCK_SIZE 'sizeof(omp_lock_t)' OMP_LOCK_ALIGN '__alignof(omp_lock_t)'
	OMP_NEST_LOCK_SIZE 'sizeof(omp_nest_lock_t)' OMP_NEST_LOCK_ALIGN '__alignof(omp_nest_lock_t)'
	OMP_LOCK_25_SIZE 'sizeof(omp_lock_25_t)' OMP_LOCK_25_ALIGN '__alignof(omp_lock_25_t)'
	OMP_NEST_LOCK_25_SIZE 'sizeof(omp_nest_lock_25_t)'
	OMP_NEST_LOCK_25_ALIGN '__alignof(omp_nest_lock_25_t)')
lockh=
for d in "${search[@]}"; do
	if [ -f "$src/$d/omp-lock.h" ]; then lockh=$src/$d/omp-lock.h; break; fi
done
[ -n "$lockh" ] || die "no omp-lock.h in ${search[*]}"
{
	echo '#include <stddef.h>'
	echo "#include \"$lockh\""
	printf 'const unsigned long gomp_probe[] = {'
	for ((i = 1; i < ${#probe[@]}; i += 2)); do printf '%s, ' "${probe[$i]}"; done
	echo '};'
} >"$obj/probe.c"
gcc -S -O2 -nostdinc -isystem "$gccinc" "$obj/probe.c" -o "$obj/probe.s" ||
	die "could not compute the lock sizes ($obj/probe.c)"
mapfile -t values < <(awk '$1 == ".quad" {print $2}' "$obj/probe.s")
[ "${#values[@]}" = $((${#probe[@]} / 2)) ] || die "unexpected probe output in $obj/probe.s"
subst=()
for ((i = 0; i < ${#values[@]}; i++)); do
	subst+=(-e "s/@${probe[$((2 * i))]}@/${values[$i]}/g")
	declare "${probe[$((2 * i))]}=${values[$i]}"
done
# Fortran's lock kinds, as configure chooses them: the size if the lock fits
# in an integer, else a pointer (8).
kind() { if [ "$1" -gt 8 ] || [ "$2" -gt "$1" ]; then echo 8; else echo "$1"; fi; }
subst+=(-e "s/@OMP_LOCK_KIND@/$(kind "$OMP_LOCK_SIZE" "$OMP_LOCK_ALIGN")/g"
	-e "s/@OMP_NEST_LOCK_KIND@/$(kind "$OMP_NEST_LOCK_SIZE" "$OMP_NEST_LOCK_ALIGN")/g"
	-e "s/@OMP_LOCK_25_KIND@/$(kind "$OMP_LOCK_25_SIZE" "$OMP_LOCK_25_ALIGN")/g"
	-e "s/@OMP_NEST_LOCK_25_KIND@/$(kind "$OMP_NEST_LOCK_25_SIZE" "$OMP_NEST_LOCK_25_ALIGN")/g")
for h in omp.h libgomp_f.h; do
	sed "${subst[@]}" "$src/$h.in" >"$obj/$h"
	! grep -q '@[A-Z_0-9]*@' "$obj/$h" || die "$h.in has substitutions this script does not know"
done

# The sources of libgomp_la_SOURCES in Makefile.am, minus fortran.c (no
# Fortran compiler is used for Eremit images).
sources=$(sed -n '/^libgomp_la_SOURCES =/,/[^\\]$/p' "$src/Makefile.am" |
	sed -e 's/^libgomp_la_SOURCES =//' -e 's/\\//g' | tr -s ' \t' '\n' | grep '\.c$' |
	grep -v '^fortran\.c$')
[ "$(echo "$sources" | wc -l)" -ge 40 ] || die "could not read the source list from Makefile.am"

# As eremit-cc compiles applications (libgomp runs in the application's
# threads), plus what libgomp's Makefile adds.
cflags=(-O2 -g -fno-pic -fno-pie -fno-omit-frame-pointer -fno-stack-protector
	-ffunction-sections -fdata-sections -D__eremit__=1
	-ftls-model=initial-exec -Wall -Wno-unused-function
	-nostdinc -I "$obj" "${inc[@]}" -I "$src/../include"
	-isystem "$root/include" -isystem "$gccinc" -isystem "$sysroot/include")

objs=() files=()
for s in $sources; do
	file=
	for d in "${search[@]}"; do
		if [ -f "$src/$d/$s" ]; then file=$src/$d/$s; break; fi
	done
	[ -n "$file" ] || die "no $s in ${search[*]}"
	files+=("$file")
	objs+=("$obj/${s%.c}.o")
done

# Compile, nproc at a time; then report every failure with its messages.
jobs=$(nproc)
for ((i = 0; i < ${#files[@]}; i++)); do
	[ "$i" -lt "$jobs" ] || wait -n || true
	gcc "${cflags[@]}" -c "${files[$i]}" -o "${objs[$i]}" >"${objs[$i]}.log" 2>&1 &
done
wait
failed=0
for ((i = 0; i < ${#files[@]}; i++)); do
	if [ ! -f "${objs[$i]}" ]; then
		cat "${objs[$i]}.log" >&2
		failed=1
	fi
done
[ "$failed" = 0 ] || die "compiling libgomp failed (messages above; logs in $obj)"

rm -f "$obj/libgomp.a"
ar rcs "$obj/libgomp.a" "${objs[@]}"
cp "$obj/libgomp.a" "$sysroot/lib/libgomp.a"
cp "$obj/omp.h" "$sysroot/include/omp.h"
echo "$key" >"$sysroot/.gomp-stamp"
echo "libgomp: installed into $sysroot"
