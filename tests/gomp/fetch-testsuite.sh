#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Extract GCC's libgomp C testsuite from Debian's gcc-12-source into the build
# tree, once per source package version, and print the folder that holds
# libgomp/ and include/ (what the tests' -I flags point at).
#   tests/gomp/fetch-testsuite.sh BUILD_DIR
# Only the C tests and the headers they include are extracted; nothing of it
# is committed. The cache is keyed by the tarball's package version, size and
# time, so an upgraded gcc-12-source extracts afresh.
set -euo pipefail

[ $# = 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$1
tarball=${EREMIT_GCC_SOURCE:-/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz}
top=gcc-12.2.0
[ -f "$tarball" ] || {
	echo "fetch-testsuite: no $tarball (apt-get install gcc-12-source)" >&2
	exit 1
}
version=$(dpkg-query -W -f='${Version}' gcc-12-source 2>/dev/null || echo unknown)
key=$(printf '%s-%s' "$version" "$(stat -c '%s-%Y' "$tarball")" | tr -c 'A-Za-z0-9.+-' '_')
dest=$build/deps/libgomp-testsuite/$key
if [ ! -f "$dest/.complete" ]; then
	rm -rf "$dest" "$dest.tmp"
	mkdir -p "$dest.tmp"
	tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1 \
		"$top/libgomp/testsuite/libgomp.c" \
		"$top/libgomp/testsuite/libgomp.c-c++-common" \
		"$top/libgomp/libgomp_g.h" \
		"$top/include/gomp-constants.h"
	touch "$dest.tmp/.complete"
	mv "$dest.tmp" "$dest"
fi
cd "$dest" && pwd
