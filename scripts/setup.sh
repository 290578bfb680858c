#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# From a fresh Debian 12 clone to a running example: packages, newlib, libgomp,
# build, and an OpenMP solver on every core.
#   scripts/setup.sh               (BUILD_DIR=build by default)
# EREMIT_NO_KVM=1 runs the example under QEMU instead of KVM.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-build}
export BUILD_DIR=$build

packages=(qemu-system-x86 qemu-system-data newlib-source gcc-12-source libhwloc-dev hwloc
	likwid cmake gcc make binutils xz-utils gdb pkg-config clang libclang-rt-14-dev gnuplot-nox python3)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "setup: installing ${missing[*]}"
		apt-get update
		DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
	else
		echo "setup: missing Debian packages; as root run:" >&2
		echo "  apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi

scripts/build-newlib.sh
scripts/build-libgomp.sh

if [ ! -f "$build/CMakeCache.txt" ]; then
	cmake -S . -B "$build"
fi
cmake --build "$build" -j"$(nproc)"

# The example: an OpenMP Jacobi solver on every core, one thread pinned to
# each (it checks its answer against the exact solution and says VERIFIED).
cpus=$(nproc)
if why=$(scripts/kvm-usable.sh -v); then
	run=(env OMP_PROC_BIND=close OMP_PLACES=cores
		"$build/bin/eremit" --cpus "$cpus" --pin "$build/examples/jacobi")
else
	# Emulated CPUs are ~50 times slower: a smaller grid.
	echo "setup: no KVM ($why): using QEMU"
	run=(env OMP_PROC_BIND=close OMP_PLACES=cores
		"$build/bin/eremit" --qemu --cpus "$cpus" "$build/examples/jacobi" 48)
fi
echo "setup: built; running the example: ${run[*]}"
"${run[@]}"
