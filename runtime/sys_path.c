// SPDX-License-Identifier: MIT
/* System calls on paths, answered by the monitor within the directories it grants. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "arch/x86_64/hypercall.h"
#include "eremit/abi.h"
#include "sys.h"

/* unlink, rmdir, mkdir, access, rename, link: one or two paths and a mode. */
static int sys_path_call(enum eremit_hc_nr nr, const char *path, const char *path2, uint32_t mode)
{
	struct eremit_hc_path a = {.mode = mode, .ret = -EIO};
	int64_t len = sys_path_len(path), len2 = 0;

	if (len < 0 || (path2 && (len2 = sys_path_len(path2)) < 0))
		return -1;
	if (!sys_hostfs_available())
		return sys_fail(ENOSYS);
	a.path_gpa = (uintptr_t)path;
	a.path_len = (uint64_t)len;
	a.path2_gpa = (uintptr_t)path2;
	a.path2_len = (uint64_t)len2;
	hypercall(nr, &a);
	return (int)sys_ret(a.ret);
}

int unlink(const char *path)
{
	return sys_path_call(EREMIT_HC_UNLINK, path, 0, 0);
}

int rmdir(const char *path)
{
	return sys_path_call(EREMIT_HC_RMDIR, path, 0, 0);
}

int mkdir(const char *path, mode_t mode)
{
	return sys_path_call(EREMIT_HC_MKDIR, path, 0, mode & 07777);
}

int rename(const char *from, const char *to)
{
	return sys_path_call(EREMIT_HC_RENAME, from, to, 0);
}

int link(const char *from, const char *to)
{
	return sys_path_call(EREMIT_HC_LINK, from, to, 0);
}

int access(const char *path, int mode)
{
	/* F_OK, R_OK, W_OK, X_OK: POSIX leaves the values open; newlib's are Linux's. */
	uint32_t abi = (mode & R_OK ? EREMIT_R_OK : 0) | (mode & W_OK ? EREMIT_W_OK : 0) |
		       (mode & X_OK ? EREMIT_X_OK : 0);

	if (mode & ~(R_OK | W_OK | X_OK))
		return sys_fail(EINVAL);
	return sys_path_call(EREMIT_HC_ACCESS, path, 0, abi);
}

static int sys_stat_call(const char *path, struct stat *st, uint32_t flags)
{
	struct eremit_stat s;
	struct eremit_hc_stat a = {.stat_gpa = (uintptr_t)&s, .flags = flags, .ret = -EIO};
	int64_t len = sys_path_len(path);

	if (len < 0)
		return -1;
	if (!st)
		return sys_fail(EFAULT);
	if (!sys_hostfs_available())
		return sys_fail(ENOSYS);
	a.path_gpa = (uintptr_t)path;
	a.path_len = (uint64_t)len;
	hypercall(EREMIT_HC_STAT, &a);
	if (sys_ret(a.ret) < 0)
		return -1;
	sys_stat_from_abi(&s, st);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	return sys_stat_call(path, st, 0);
}

int lstat(const char *path, struct stat *st)
{
	return sys_stat_call(path, st, EREMIT_AT_SYMLINK_NOFOLLOW);
}

int truncate(const char *path, off_t len)
{
	int fd = open(path, O_WRONLY), r, err;

	if (fd < 0)
		return -1;
	r = ftruncate(fd, len);
	err = errno;
	close(fd);
	errno = err;
	return r;
}
