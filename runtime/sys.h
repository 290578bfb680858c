/* SPDX-License-Identifier: MIT */
/* Shared by the runtime's system-call files: errors and host-file availability. */
#ifndef RUNTIME_SYS_H
#define RUNTIME_SYS_H

#include <stdint.h>

/*
 * A hypercall's ret: >= 0 is passed back, -errno (Linux's numbers, abi.h)
 * becomes newlib's errno and -1.
 */
int64_t sys_ret(int64_t ret);

/* Sets errno and returns -1. */
int sys_fail(int err);

/*
 * Host files exist only under the eremit monitor. Under QEMU this logs once
 * that they are missing and returns 0 (callers then fail with ENOSYS).
 */
int sys_hostfs_available(void);

/* Path arguments: NULL is EFAULT, longer than EREMIT_PATH_MAX ENAMETOOLONG; else its length. */
int64_t sys_path_len(const char *path);

struct eremit_stat;
struct stat;
/* Copies the monitor's stat into newlib's. */
void sys_stat_from_abi(const struct eremit_stat *s, struct stat *st);

#endif /* RUNTIME_SYS_H */
