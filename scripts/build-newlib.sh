#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build newlib for Eremit (x86_64-elf, host gcc/binutils) into $BUILD_DIR/sysroot, cached.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build=$root/$build ;; esac

tarball=/usr/src/newlib/newlib-3.3.0.tar.xz
hook=$root/scripts/newlib/eremit-config.h
headers=$root/scripts/newlib/include # Eremit's own headers, installed over newlib's
sysroot=$build/sysroot
deps=$build/deps
src=$deps/newlib-salsa
obj=$deps/newlib-build
stage=$deps/newlib-install

die() { echo "build-newlib.sh: $*" >&2; exit 1; }

[ -r "$tarball" ] || die "$tarball missing: apt-get install newlib-source"

# The cache key covers everything that changes the result.
key=$( {
	sha256sum <"$tarball"
	sha256sum <"${BASH_SOURCE[0]}"
	sha256sum <"$hook"
	(cd "$headers" && find . -type f | LC_ALL=C sort | xargs sha256sum)
	gcc -dumpfullversion
	gcc --version | head -n1
} | sha256sum | cut -d' ' -f1)

if [ -f "$sysroot/.stamp" ] && [ "$(cat "$sysroot/.stamp")" = "$key" ]; then
	echo "newlib: up to date in $sysroot"
	exit 0
fi

echo "newlib: building into $sysroot (about a minute)"
rm -rf "$src" "$obj" "$stage" "$sysroot/.stamp"
mkdir -p "$deps" "$obj" "$stage" "$sysroot/include" "$sysroot/lib"
tar -xJf "$tarball" -C "$deps"
[ -d "$src" ] || die "expected top folder newlib-salsa/ in $tarball"

# Hook our config header into sys/config.h, right after its include guard,
# so newlib's own build sees it as well as applications.
cp "$hook" "$src/newlib/libc/include/sys/eremit-config.h"
sed -i '0,/^#define __SYS_CONFIG_H__/s||&\n\n#include <sys/eremit-config.h> /* Eremit: __DYNAMIC_REENT__ */|' \
	"$src/newlib/libc/include/sys/config.h"
grep -q 'sys/eremit-config.h' "$src/newlib/libc/include/sys/config.h" ||
	die "could not hook sys/eremit-config.h into sys/config.h"
# newlib declares lstat() only for the systems that had one; Eremit has it.
sed -i 's,^#if defined (__SPU__) || defined(__rtems__),#if defined(__eremit__) || defined (__SPU__) || defined(__rtems__),' \
	"$src/newlib/libc/include/sys/stat.h"
grep -q '^#if defined(__eremit__) || defined (__SPU__)' "$src/newlib/libc/include/sys/stat.h" ||
	die "could not declare lstat() in sys/stat.h"
# newlib implements getline/getdelim only as __getline/__getdelim; Eremit
# has the POSIX names (runtime/stdio_getline.c).
sed -i -e 's|^/\* getdelim - see __getdelim for now \*/$|ssize_t\tgetdelim (char **, size_t *, int, FILE *); /* Eremit */|' \
	-e 's|^/\* getline - see __getline for now \*/$|ssize_t\tgetline (char **, size_t *, FILE *); /* Eremit */|' \
	"$src/newlib/libc/include/stdio.h"
[ "$(grep -c '^ssize_t.get\(line\|delim\) (.*/\* Eremit \*/$' "$src/newlib/libc/include/stdio.h")" = 2 ] ||
	die "could not declare getline() and getdelim() in stdio.h"

target_cflags="-O2 -g -mno-red-zone -fno-stack-protector -fno-pic -fno-pie"
target_cflags+=" -fno-omit-frame-pointer -ffunction-sections -fdata-sections"
target_cflags+=" -D_EREMIT_NEWLIB_BUILD=1"

(
	cd "$obj"
	"$src/configure" \
		--target=x86_64-elf --prefix="$stage" \
		--disable-multilib --disable-nls \
		--disable-newlib-supplied-syscalls \
		--enable-newlib-retargetable-locking \
		--enable-newlib-multithread \
		--enable-newlib-global-stdio-streams \
		--enable-newlib-io-long-long \
		--enable-newlib-io-c99-formats \
		--enable-newlib-io-float \
		CC_FOR_TARGET=gcc AS_FOR_TARGET=as LD_FOR_TARGET=ld \
		AR_FOR_TARGET=ar RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm \
		OBJDUMP_FOR_TARGET=objdump OBJCOPY_FOR_TARGET=objcopy \
		STRIP_FOR_TARGET=strip READELF_FOR_TARGET=readelf \
		CFLAGS_FOR_TARGET="$target_cflags" >configure.log 2>&1 ||
		{ tail -n 30 configure.log; die "configure failed (log: $obj/configure.log)"; }
	make -j"$(nproc)" all-target-newlib >make.log 2>&1 ||
		{ tail -n 40 make.log; die "make failed (log: $obj/make.log)"; }
	make install-target-newlib >install.log 2>&1 ||
		{ tail -n 30 install.log; die "make install failed (log: $obj/install.log)"; }
)

# Flatten newlib's x86_64-elf/ prefix. Copy over (never wipe) the sysroot:
# lib/libgomp.a and include/omp.h from the libgomp build live there too.
cp -a "$stage/x86_64-elf/include/." "$sysroot/include/"
cp -a "$stage/x86_64-elf/lib/libc.a" "$stage/x86_64-elf/lib/libm.a" "$sysroot/lib/"

# POSIX threads (for applications; libc.a uses none of it): Eremit's object
# types replace newlib's 32-bit handles in sys/_pthreadtypes.h, sys/cpuset.h
# gives glibc's cpu_set_t, semaphore.h the unnamed semaphores. pthread.h
# declares the affinity calls only for RTEMS: Eremit has them, but not
# pthread_getattr_np.
cp -r "$headers/." "$sysroot/include/"
pthread_h=$sysroot/include/pthread.h
sed -i -e 's,^#if defined(__rtems__) *$,#if 1 /* Eremit: the affinity calls (runtime/pthread_affinity.c) */,' \
	-e 's,^int\tpthread_getattr_np (pthread_t __id\, pthread_attr_t \*__attr);$,#ifdef __rtems__\n&\n#endif,' \
	"$pthread_h"
[ "$(grep -c '^#if 1 /\* Eremit: the affinity calls' "$pthread_h")" = 1 ] &&
	grep -B1 '^int.pthread_getattr_np' "$pthread_h" | grep -q '^#ifdef __rtems__' ||
	die "could not declare the affinity calls in pthread.h"

# The kernel is the OS that answers __getreent() (per-thread reentrancy).
# newlib's generic one, which returns the global struct, would otherwise win
# whenever libc.a is scanned before the kernel's object is pulled in.
ar d "$sysroot/lib/libc.a" lib_a-getreent.o
! nm "$sysroot/lib/libc.a" 2>/dev/null | grep ' T __getreent$' >/dev/null ||
	die "libc.a still defines __getreent"

# Likewise newlib's default locks, which do nothing: libc.a members that
# lock (stdio, atexit, env...) would pull lock.o in while libc.a is
# scanned, and every stream would go unlocked; the kernel's futex locks
# (runtime/newlib_locks.c) must answer them.
ar d "$sysroot/lib/libc.a" lib_a-lock.o
! nm "$sysroot/lib/libc.a" 2>/dev/null | grep ' T __retarget_lock_acquire_recursive$' >/dev/null ||
	die "libc.a still defines the __retarget_lock_* functions"

# (grep without -q: an early exit would kill nm with SIGPIPE under pipefail)
nm -A "$sysroot/lib/libc.a" 2>/dev/null | grep ' T __libc_init_array$' >/dev/null ||
	die "libc.a lacks __libc_init_array: the .init_array probe failed (READELF_FOR_TARGET?)"
grep -q 'sys/eremit-config.h' "$sysroot/include/sys/config.h" ||
	die "installed sys/config.h does not include sys/eremit-config.h"

echo "$key" >"$sysroot/.stamp"
echo "newlib: installed into $sysroot"
