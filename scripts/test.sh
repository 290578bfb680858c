#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build (via setup.sh when nothing is built yet) and run all tests.
#   scripts/test.sh [ctest arguments...]     e.g. scripts/test.sh -L unit
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-build}
export BUILD_DIR=$build

if [ ! -f "$build/CMakeCache.txt" ] || [ ! -f "$build/sysroot/.stamp" ] ||
	[ ! -f "$build/sysroot/.gomp-stamp" ]; then
	scripts/setup.sh
else
	scripts/build-newlib.sh
	scripts/build-libgomp.sh
	cmake --build "$build" -j"$(nproc)"
fi
exec ctest --test-dir "$build" --output-on-failure -j2 "$@"
