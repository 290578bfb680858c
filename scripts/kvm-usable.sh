#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Exit 0 when the tests, benchmarks and setup should use KVM: /dev/kvm is a
# readable and writable character device and EREMIT_NO_KVM is unset, empty or
# 0 (the rule the monitor's --qemu applies too, host/monitor/qemu.c). Else
# exit 1, and with -v say why on stdout.
why=''
if [ -n "${EREMIT_NO_KVM:-}" ] && [ "$EREMIT_NO_KVM" != 0 ]; then
	why="EREMIT_NO_KVM=$EREMIT_NO_KVM"
elif ! [ -c /dev/kvm ] || ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	why="/dev/kvm is not a readable and writable character device"
fi
[ -z "$why" ] && exit 0
[ "${1:-}" = -v ] && echo "$why"
exit 1
