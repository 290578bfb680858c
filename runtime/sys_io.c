// SPDX-License-Identifier: MIT
/* newlib's I/O system calls for the standard streams. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kernel/boot.h"
#include "kernel/console.h"
#include "runtime/runtime.h"

/*
 * Standard streams to a pipe or file get a large stdio buffer, so output
 * crosses to the host in few, large hypercalls.
 */
#define SYS_STREAM_BLKSIZE 65536

/* Which of fds 0..2 are still open; the boot thread only, until threads exist. */
static int sys_fd_open[RUNTIME_NFDS] = {1, 1, 1};

static int sys_fd_valid(int fd)
{
	return fd >= 0 && fd < RUNTIME_NFDS && sys_fd_open[fd];
}

static int sys_fd_is_tty(int fd)
{
	static const uint32_t flag[RUNTIME_NFDS] = {
	    EREMIT_BOOT_F_STDIN_TTY, EREMIT_BOOT_F_STDOUT_TTY, EREMIT_BOOT_F_STDERR_TTY};
	return boot_params.info.flags & flag[fd];
}

static int sys_fail(int err)
{
	errno = err;
	return -1;
}

int write(int fd, const void *buf, size_t len)
{
	if (!sys_fd_valid(fd) || fd == 0)
		return sys_fail(EBADF);
	ssize_t n = console_write(fd == 1 ? CONSOLE_STDOUT : CONSOLE_STDERR, buf, len);
	return n < 0 ? sys_fail((int)-n) : (int)n;
}

int read(int fd, void *buf, size_t len)
{
	if (!sys_fd_valid(fd) || fd != 0)
		return sys_fail(EBADF);
	ssize_t n = console_read(buf, len);
	return n < 0 ? sys_fail((int)-n) : (int)n;
}

int open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	return sys_fail(ENOENT); /* no file system until host files (monitor issue) */
}

int close(int fd)
{
	if (!sys_fd_valid(fd))
		return sys_fail(EBADF);
	sys_fd_open[fd] = 0;
	return 0;
}

int fstat(int fd, struct stat *st)
{
	if (!sys_fd_valid(fd))
		return sys_fail(EBADF);
	*st = (struct stat){0};
	st->st_mode = (sys_fd_is_tty(fd) ? S_IFCHR : S_IFIFO) | 0600;
	st->st_blksize = sys_fd_is_tty(fd) ? 1024 : SYS_STREAM_BLKSIZE;
	return 0;
}

int isatty(int fd)
{
	if (!sys_fd_valid(fd))
		return sys_fail(EBADF);
	if (!sys_fd_is_tty(fd))
		return sys_fail(ENOTTY);
	return 1;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)off;
	(void)whence;
	if (!sys_fd_valid(fd))
		return sys_fail(EBADF);
	return sys_fail(ESPIPE); /* the standard streams are pipes or terminals */
}
