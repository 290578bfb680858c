// SPDX-License-Identifier: MIT
/* File descriptors: the guest's own table over the console and the monitor's host files. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include "arch/x86_64/hypercall.h"
#include "eremit/abi.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "runtime/mutex.h"
#include "runtime/runtime.h"
#include "sys.h"

/*
 * Standard streams to a pipe or file, and host files, get a large stdio
 * buffer (newlib sizes it from st_blksize), so data crosses to the host in
 * few, large hypercalls: each costs a VM exit.
 */
#define SYS_STREAM_BLKSIZE 65536
#define SYS_FILE_BLKSIZE   (256 * 1024)

/*
 * An open file, shared by the descriptors dup() made of it. Console files
 * are the standard streams through the kernel console (hypercalls or UARTs);
 * host files are descriptors of the monitor's table (abi.h).
 */
struct sys_file {
	unsigned refs; /* descriptors pointing here and calls using it; 0: free */
	enum { SYS_CONSOLE, SYS_HOST } kind;
	int stream;	/* SYS_CONSOLE: 0, 1 or 2 */
	int64_t handle; /* SYS_HOST: the monitor's descriptor */
	int flags;	/* as given to open(), newlib's O_* */
};

/*
 * sys_fd_lock guards the tables: sys_fds, sys_cloexec, and each file's
 * refs and flags. A call that uses a file (read, write, fstat...) holds a
 * reference instead of the lock, so a slow host call never holds up the
 * others, and a file closed meanwhile goes away when that call is done.
 */
static struct mutex sys_fd_lock;
static struct sys_file sys_files[RUNTIME_NFDS] = {
    {.refs = 1, .kind = SYS_CONSOLE, .stream = 0, .flags = O_RDONLY},
    {.refs = 1, .kind = SYS_CONSOLE, .stream = 1, .flags = O_WRONLY},
    {.refs = 1, .kind = SYS_CONSOLE, .stream = 2, .flags = O_WRONLY},
};
static struct sys_file *sys_fds[RUNTIME_NFDS] = {&sys_files[0], &sys_files[1], &sys_files[2]};
static unsigned char sys_cloexec[RUNTIME_NFDS];
/* A descriptor open() has taken while it asks the host: not yet open, not free. */
static struct sys_file sys_fd_opening;

/* The file open at fd; sys_fd_lock held. */
static struct sys_file *sys_file_locked(int fd)
{
	struct sys_file *f = fd >= 0 && fd < RUNTIME_NFDS ? sys_fds[fd] : 0;
	return f == &sys_fd_opening ? 0 : f;
}

enum sys_access { SYS_ANY, SYS_READ, SYS_WRITE };

/*
 * A reference to the file open at fd for the access (NULL: none, EBADF);
 * sys_file_put gives it back.
 */
static struct sys_file *sys_file_get(int fd, enum sys_access access)
{
	mutex_lock(&sys_fd_lock);
	struct sys_file *f = sys_file_locked(fd);
	if (f && ((access == SYS_READ && (f->flags & O_ACCMODE) == O_WRONLY) ||
		  (access == SYS_WRITE && (f->flags & O_ACCMODE) == O_RDONLY)))
		f = 0;
	if (f)
		f->refs++;
	mutex_unlock(&sys_fd_lock);
	return f;
}

/* The lowest free descriptor >= min, as POSIX wants; -1 when all are taken. sys_fd_lock held. */
static int sys_fd_alloc(int min)
{
	for (int fd = min < 0 ? 0 : min; fd < RUNTIME_NFDS; fd++)
		if (!sys_fds[fd])
			return fd;
	return -1;
}

static void sys_host_close(int64_t handle)
{
	struct eremit_hc_fd a = {.fd = handle, .ret = -EIO};
	hypercall(EREMIT_HC_CLOSE, &a);
}

/* Drops a reference; the last one closes a host file (outside the lock: a VM exit). */
static void sys_file_put(struct sys_file *f)
{
	mutex_lock(&sys_fd_lock);
	bool last = --f->refs == 0 && f->kind == SYS_HOST;
	int64_t handle = f->handle; /* the slot may be reused once we unlock */
	mutex_unlock(&sys_fd_lock);
	if (last)
		sys_host_close(handle);
}

static int sys_open_flags_abi(int flags, uint32_t *out)
{
	static const struct {
		int newlib;
		uint32_t abi;
	} map[] = {
	    {O_CREAT, EREMIT_O_CREAT},	       {O_EXCL, EREMIT_O_EXCL},
	    {O_TRUNC, EREMIT_O_TRUNC},	       {O_APPEND, EREMIT_O_APPEND},
	    {O_DIRECTORY, EREMIT_O_DIRECTORY}, {O_NOFOLLOW, EREMIT_O_NOFOLLOW},
	};
	/* No exec, no terminals to acquire, no blocking devices: these change nothing. */
	int known = O_ACCMODE | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_SYNC;
	uint32_t abi = (uint32_t)(flags & O_ACCMODE);

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return EINVAL;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		known |= map[i].newlib;
		if (flags & map[i].newlib)
			abi |= map[i].abi;
	}
	if (flags & ~known)
		return EINVAL;
	*out = abi;
	return 0;
}

int open(const char *path, int flags, ...)
{
	struct eremit_hc_open a = {.ret = -EIO};
	int64_t len = sys_path_len(path);
	int fd, err;
	va_list ap;

	if (len < 0)
		return -1;
	if (!sys_hostfs_available())
		return sys_fail(ENOSYS);
	if ((err = sys_open_flags_abi(flags, &a.flags)))
		return sys_fail(err);
	if (flags & O_CREAT) {
		va_start(ap, flags);
		a.mode = (uint32_t)va_arg(ap, int) & 07777;
		va_end(ap);
	}
	mutex_lock(&sys_fd_lock);
	if ((fd = sys_fd_alloc(0)) >= 0)
		sys_fds[fd] = &sys_fd_opening;
	mutex_unlock(&sys_fd_lock);
	if (fd < 0)
		return sys_fail(EMFILE);
	a.path_gpa = (uintptr_t)path;
	a.path_len = (uint64_t)len;
	hypercall(EREMIT_HC_OPEN, &a);
	mutex_lock(&sys_fd_lock);
	sys_fds[fd] = 0;
	if (a.ret >= 0) {
		/*
		 * Descriptors and files are as many, so a free descriptor
		 * means a free file, unless a call still holds a closed one.
		 */
		for (struct sys_file *f = sys_files; f < sys_files + RUNTIME_NFDS; f++) {
			if (!f->refs) {
				*f = (struct sys_file){
				    .refs = 1, .kind = SYS_HOST, .handle = a.ret, .flags = flags};
				sys_fds[fd] = f;
				sys_cloexec[fd] = (flags & O_CLOEXEC) != 0;
				break;
			}
		}
	}
	mutex_unlock(&sys_fd_lock);
	if (a.ret < 0)
		return (int)sys_ret(a.ret);
	if (!sys_fds[fd]) {
		sys_host_close(a.ret);
		return sys_fail(EMFILE);
	}
	return fd;
}

int close(int fd)
{
	mutex_lock(&sys_fd_lock);
	struct sys_file *f = sys_file_locked(fd);
	if (f)
		sys_fds[fd] = 0;
	mutex_unlock(&sys_fd_lock);
	if (!f)
		return sys_fail(EBADF);
	sys_file_put(f);
	return 0;
}

/*
 * Points fd at f (another reference) and returns fd, or returns -errno;
 * sys_fd_lock held. What fd pointed to goes to *replaced, for the caller
 * to put after unlocking.
 */
static int sys_dup_to(struct sys_file *f, int fd, int cloexec, struct sys_file **replaced)
{
	if (sys_fds[fd] == &sys_fd_opening)
		return -EBUSY; /* as Linux, when dup2 races with open */
	*replaced = sys_fds[fd];
	f->refs++;
	sys_fds[fd] = f;
	sys_cloexec[fd] = (unsigned char)cloexec;
	return fd;
}

/* dup, dup2 and F_DUPFD: old onto fd (-1: the lowest free one >= min). */
static int sys_dup(int old, int fd, int min, int cloexec)
{
	struct sys_file *replaced = 0;
	int r;

	mutex_lock(&sys_fd_lock);
	struct sys_file *f = sys_file_locked(old);
	if (!f)
		r = -EBADF;
	else if (fd < 0 && (fd = sys_fd_alloc(min)) < 0)
		r = -EMFILE;
	else
		r = fd == old ? fd : sys_dup_to(f, fd, cloexec, &replaced);
	mutex_unlock(&sys_fd_lock);
	if (replaced)
		sys_file_put(replaced);
	return r < 0 ? sys_fail(-r) : r;
}

int dup(int old)
{
	return sys_dup(old, -1, 0, 0);
}

int dup2(int old, int fd)
{
	if (fd < 0 || fd >= RUNTIME_NFDS)
		return sys_fail(EBADF);
	return sys_dup(old, fd, 0, 0);
}

/* F_GETFD, F_SETFD, F_GETFL, F_SETFL on fd's entries; sys_fd_lock held. -errno on failure. */
static int sys_fcntl_locked(int fd, int cmd, int arg)
{
	struct sys_file *f = sys_file_locked(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_GETFD:
		return sys_cloexec[fd] ? FD_CLOEXEC : 0;
	case F_SETFD:
		sys_cloexec[fd] = (arg & FD_CLOEXEC) != 0;
		return 0;
	case F_GETFL:
		return f->flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_SYNC);
	case F_SETFL:
		/* O_APPEND is the host's to keep; blocking never matters here. */
		if ((arg ^ f->flags) & O_APPEND)
			return -EINVAL;
		f->flags = (f->flags & ~O_NONBLOCK) | (arg & O_NONBLOCK);
		return 0;
	default:
		return -EINVAL;
	}
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	int arg, r;

	va_start(ap, cmd);
	arg = va_arg(ap, int);
	va_end(ap);
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
		if (arg < 0 || arg >= RUNTIME_NFDS) {
			mutex_lock(&sys_fd_lock);
			r = sys_file_locked(fd) ? EINVAL : EBADF;
			mutex_unlock(&sys_fd_lock);
			return sys_fail(r);
		}
		return sys_dup(fd, -1, arg, cmd == F_DUPFD_CLOEXEC);
	}
	mutex_lock(&sys_fd_lock);
	r = sys_fcntl_locked(fd, cmd, arg);
	mutex_unlock(&sys_fd_lock);
	return r < 0 ? sys_fail(-r) : r;
}

static int sys_is_tty(const struct sys_file *f)
{
	static const uint32_t flag[3] = {EREMIT_BOOT_F_STDIN_TTY, EREMIT_BOOT_F_STDOUT_TTY,
					 EREMIT_BOOT_F_STDERR_TTY};
	return f->kind == SYS_CONSOLE && (boot_params.info.flags & flag[f->stream]);
}

static int64_t sys_host_io(enum eremit_hc_nr nr, const struct sys_file *f, const void *buf,
			   size_t len)
{
	struct eremit_hc_io a = {
	    .fd = f->handle, .buf_gpa = (uintptr_t)buf, .len = len, .ret = -EIO};
	hypercall(nr, &a);
	return sys_ret(a.ret);
}

int write(int fd, const void *buf, size_t len)
{
	struct sys_file *f = sys_file_get(fd, SYS_WRITE);
	ssize_t n;

	if (!f)
		return sys_fail(EBADF);
	if (f->kind == SYS_HOST)
		n = sys_host_io(EREMIT_HC_WRITE, f, buf, len);
	else if ((n = console_write(f->stream == 1 ? CONSOLE_STDOUT : CONSOLE_STDERR, buf, len)) <
		 0)
		n = sys_fail((int)-n);
	sys_file_put(f);
	return (int)n;
}

int read(int fd, void *buf, size_t len)
{
	struct sys_file *f = sys_file_get(fd, SYS_READ);
	ssize_t n;

	if (!f)
		return sys_fail(EBADF);
	if (f->kind == SYS_HOST)
		n = sys_host_io(EREMIT_HC_READ, f, buf, len);
	else if ((n = console_read(buf, len)) < 0)
		n = sys_fail((int)-n);
	sys_file_put(f);
	return (int)n;
}

static ssize_t sys_pio(enum eremit_hc_nr nr, int fd, const void *buf, size_t len, off_t off)
{
	struct sys_file *f = sys_file_get(fd, SYS_ANY);
	struct eremit_hc_pio a = {
	    .buf_gpa = (uintptr_t)buf, .len = len, .offset = off, .ret = -EIO};
	ssize_t r;

	if (!f)
		return sys_fail(EBADF);
	if (f->kind != SYS_HOST)
		r = sys_fail(ESPIPE);
	else if (off < 0)
		r = sys_fail(EINVAL);
	else {
		a.fd = f->handle;
		hypercall(nr, &a);
		r = sys_ret(a.ret);
	}
	sys_file_put(f);
	return r;
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return sys_pio(EREMIT_HC_PREAD, fd, buf, len, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return sys_pio(EREMIT_HC_PWRITE, fd, buf, len, off);
}

/* lseek, ftruncate, fsync: one descriptor and a number. */
static int64_t sys_fd_call(enum eremit_hc_nr nr, int fd, int64_t arg, int whence)
{
	struct sys_file *f = sys_file_get(fd, SYS_ANY);
	struct eremit_hc_fd a = {.arg = arg, .whence = whence, .ret = -EIO};
	int64_t r;

	if (!f)
		return sys_fail(EBADF);
	if (f->kind != SYS_HOST) {
		r = sys_fail(nr == EREMIT_HC_LSEEK ? ESPIPE : EINVAL);
	} else {
		a.fd = f->handle;
		hypercall(nr, &a);
		r = sys_ret(a.ret);
	}
	sys_file_put(f);
	return r;
}

off_t lseek(int fd, off_t off, int whence)
{
	return (off_t)sys_fd_call(EREMIT_HC_LSEEK, fd, off, whence);
}

int ftruncate(int fd, off_t len)
{
	return (int)sys_fd_call(EREMIT_HC_FTRUNCATE, fd, len, 0);
}

int fsync(int fd)
{
	return (int)sys_fd_call(EREMIT_HC_FSYNC, fd, 0, 0);
}

int fdatasync(int fd)
{
	return fsync(fd);
}

void sys_stat_from_abi(const struct eremit_stat *s, struct stat *st)
{
	*st = (struct stat){
	    .st_dev = (dev_t)s->dev,
	    .st_ino = (ino_t)s->ino,
	    .st_mode = (mode_t)s->mode,
	    .st_nlink = (nlink_t)s->nlink,
	    .st_uid = (uid_t)s->uid,
	    .st_gid = (gid_t)s->gid,
	    .st_rdev = (dev_t)s->rdev,
	    .st_size = (off_t)s->size,
	    .st_atim = {s->atime_ns / 1000000000, s->atime_ns % 1000000000},
	    .st_mtim = {s->mtime_ns / 1000000000, s->mtime_ns % 1000000000},
	    .st_ctim = {s->ctime_ns / 1000000000, s->ctime_ns % 1000000000},
	    .st_blksize = (blksize_t)s->blksize,
	    .st_blocks = (blkcnt_t)s->blocks,
	};
}

int fstat(int fd, struct stat *st)
{
	struct sys_file *f = sys_file_get(fd, SYS_ANY);
	struct eremit_stat s;
	struct eremit_hc_stat a = {.stat_gpa = (uintptr_t)&s, .ret = -EIO};

	if (!f)
		return sys_fail(EBADF);
	if (f->kind == SYS_CONSOLE) {
		*st = (struct stat){0};
		st->st_mode = (sys_is_tty(f) ? S_IFCHR : S_IFIFO) | 0600;
		st->st_blksize = sys_is_tty(f) ? 1024 : SYS_STREAM_BLKSIZE;
		sys_file_put(f);
		return 0;
	}
	a.fd = f->handle;
	hypercall(EREMIT_HC_FSTAT, &a);
	sys_file_put(f);
	if (sys_ret(a.ret) < 0)
		return -1;
	sys_stat_from_abi(&s, st);
	if (S_ISREG(st->st_mode) && st->st_blksize < SYS_FILE_BLKSIZE)
		st->st_blksize = SYS_FILE_BLKSIZE;
	return 0;
}

int isatty(int fd)
{
	struct sys_file *f = sys_file_get(fd, SYS_ANY);

	/* POSIX: 0 with errno set when fd is not a terminal. */
	if (!f)
		return sys_fail(EBADF) + 1;
	int tty = sys_is_tty(f);
	sys_file_put(f);
	return tty ? 1 : sys_fail(ENOTTY) + 1;
}
