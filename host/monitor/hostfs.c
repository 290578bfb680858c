/* SPDX-License-Identifier: MIT */
/* Host files for the guest, confined to its mounts by openat2(RESOLVE_BENEATH); Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hostfs.h"
#include "log.h"

/*
 * Why openat2: every lookup starts at a mount's directory and the kernel
 * refuses, atomically, any step that would leave it: "..", an absolute
 * symlink, a relative one pointing out, /proc magic links. A userspace check
 * followed by open() could be raced by a symlink swapped in between.
 */
#define HV_FS_RESOLVE (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)

static int beneath(int root, const char *rest, int flags, unsigned mode)
{
	struct open_how how = {
	    .flags = (uint64_t)flags | O_CLOEXEC,
	    .mode = flags & O_CREAT ? mode : 0,
	    .resolve = HV_FS_RESOLVE,
	};
	long fd = syscall(SYS_openat2, root, *rest ? rest : ".", &how, sizeof(how));

	if (fd >= 0)
		return (int)fd;
	/* EXDEV: the path tried to leave the mount. */
	return errno == EXDEV ? -EACCES : -errno;
}

/* The guest path as (mount, path below it); -errno when it reaches no mount. */
struct hv_fs_where {
	const struct hv_mount *m;
	const char *rest;
	char clean[EREMIT_PATH_MAX + 2];
};

static int where(const struct hv_fs *fs, const char *path, size_t len, struct hv_fs_where *w)
{
	int r;

	if (len > EREMIT_PATH_MAX)
		return -ENAMETOOLONG;
	r = hv_path_clean(fs->cwd, path, len, w->clean, sizeof(w->clean));
	if (r)
		return r;
	w->m = hv_path_mount(fs->mounts, fs->nmounts, w->clean, &w->rest);
	return w->m ? 0 : -EACCES;
}

/*
 * For operations on a name in a directory (unlink, mkdir, rename...): the
 * directory's O_PATH descriptor, opened beneath the mount, and the last name.
 * The mount's own directory has no name in it: -EBUSY, as for a mount point.
 */
static int parent(const struct hv_fs_where *w, const char **name)
{
	char dir[EREMIT_PATH_MAX + 2];
	const char *slash = strrchr(w->rest, '/');

	if (!*w->rest)
		return -EBUSY;
	if (!slash) {
		*name = w->rest;
		return beneath(w->m->root_fd, "", O_PATH | O_DIRECTORY, 0);
	}
	memcpy(dir, w->rest, (size_t)(slash - w->rest));
	dir[slash - w->rest] = 0;
	*name = slash + 1;
	return beneath(w->m->root_fd, dir, O_PATH | O_DIRECTORY, 0);
}

/* --- the file table --- */

static int64_t fd_install(struct hv_fs *fs, int hostfd)
{
	int64_t r = -EMFILE;

	pthread_mutex_lock(&fs->lock);
	for (int i = 3; i < HV_FS_MAX_FDS; i++) {
		if (fs->files[i].fd < 0) {
			fs->files[i] = (struct hv_fs_file){.fd = hostfd, .owned = true};
			r = i;
			break;
		}
	}
	pthread_mutex_unlock(&fs->lock);
	if (r < 0)
		close(hostfd);
	return r;
}

enum fd_use { FD_ANY, FD_READ, FD_WRITE };

/* The host descriptor behind fd, held until fd_put; -EBADF if there is none. */
static int fd_get(struct hv_fs *fs, int64_t fd, enum fd_use use)
{
	int r = -EBADF;
	struct hv_fs_file *f;

	if (fd < 0 || fd >= HV_FS_MAX_FDS)
		return r;
	pthread_mutex_lock(&fs->lock);
	f = &fs->files[fd];
	if (f->fd >= 0 && !f->closed && !(use == FD_READ && f->no_read) &&
	    !(use == FD_WRITE && f->no_write)) {
		fs->files[fd].users++;
		r = fs->files[fd].fd;
	}
	pthread_mutex_unlock(&fs->lock);
	return r;
}

/* Frees a closed slot once nobody uses it; called with the lock held. */
static void fd_release_locked(struct hv_fs_file *f)
{
	if (f->closed && f->users == 0) {
		if (f->owned)
			close(f->fd);
		*f = (struct hv_fs_file){.fd = -1};
	}
}

static void fd_put(struct hv_fs *fs, int64_t fd)
{
	pthread_mutex_lock(&fs->lock);
	fs->files[fd].users--;
	fd_release_locked(&fs->files[fd]);
	pthread_mutex_unlock(&fs->lock);
}

int64_t hv_fs_close(struct hv_fs *fs, int64_t fd)
{
	int64_t r = -EBADF;

	if (fd < 0 || fd >= HV_FS_MAX_FDS)
		return r;
	pthread_mutex_lock(&fs->lock);
	if (fs->files[fd].fd >= 0 && !fs->files[fd].closed) {
		fs->files[fd].closed = true;
		fd_release_locked(&fs->files[fd]);
		r = 0;
	}
	pthread_mutex_unlock(&fs->lock);
	return r;
}

/* --- operations on descriptors --- */

#define WITH_FD(fs, fd, expr) WITH_FD_FOR(fs, fd, FD_ANY, expr)
#define WITH_FD_FOR(fs, fd, use, expr)                                                             \
	do {                                                                                       \
		int h_ = fd_get(fs, fd, use);                                                      \
		int64_t r_;                                                                        \
		if (h_ < 0)                                                                        \
			return h_;                                                                 \
		r_ = (expr);                                                                       \
		fd_put(fs, fd);                                                                    \
		return r_;                                                                         \
	} while (0)

static int64_t ret_errno(int64_t r)
{
	return r < 0 ? -errno : r;
}

/* Linux moves at most this much in one read or write call. */
#define HV_FS_IO_MAX 0x7ffff000ull

/*
 * Reads: one host call, as read(2) itself (waiting for more could block on a
 * pipe or terminal). Writes: until all is out or an error, so that one exit
 * does as much as the guest asked. off < 0: at the descriptor's offset.
 */
static int64_t io(int h, uint8_t *buf, uint64_t len, int64_t off, bool wr)
{
	uint64_t done = 0;

	do {
		size_t chunk = (size_t)(len - done > HV_FS_IO_MAX ? HV_FS_IO_MAX : len - done);
		ssize_t n;

		if (off < 0)
			n = wr ? write(h, buf + done, chunk) : read(h, buf + done, chunk);
		else
			n = wr ? pwrite(h, buf + done, chunk, off + (off_t)done)
			       : pread(h, buf + done, chunk, off + (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return done ? (int64_t)done : -errno;
		done += (uint64_t)n;
		if (!wr || n == 0)
			break;
	} while (done < len);
	return (int64_t)done;
}

int64_t hv_fs_read(struct hv_fs *fs, int64_t fd, void *buf, uint64_t len)
{
	WITH_FD_FOR(fs, fd, FD_READ, io(h_, buf, len, -1, false));
}

int64_t hv_fs_write(struct hv_fs *fs, int64_t fd, const void *buf, uint64_t len)
{
	WITH_FD_FOR(fs, fd, FD_WRITE, io(h_, (uint8_t *)(uintptr_t)buf, len, -1, true));
}

int64_t hv_fs_pread(struct hv_fs *fs, int64_t fd, void *buf, uint64_t len, int64_t off)
{
	if (off < 0)
		return -EINVAL;
	WITH_FD_FOR(fs, fd, FD_READ, io(h_, buf, len, off, false));
}

int64_t hv_fs_pwrite(struct hv_fs *fs, int64_t fd, const void *buf, uint64_t len, int64_t off)
{
	if (off < 0)
		return -EINVAL;
	WITH_FD_FOR(fs, fd, FD_WRITE, io(h_, (uint8_t *)(uintptr_t)buf, len, off, true));
}

int64_t hv_fs_lseek(struct hv_fs *fs, int64_t fd, int64_t off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		return -EINVAL;
	WITH_FD(fs, fd, ret_errno(lseek(h_, off, whence)));
}

int64_t hv_fs_ftruncate(struct hv_fs *fs, int64_t fd, int64_t len)
{
	WITH_FD_FOR(fs, fd, FD_WRITE, ret_errno(ftruncate(h_, len)));
}

int64_t hv_fs_fsync(struct hv_fs *fs, int64_t fd)
{
	WITH_FD(fs, fd, ret_errno(fsync(h_)));
}

static int64_t ns(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void to_abi(const struct stat *s, struct eremit_stat *st)
{
	*st = (struct eremit_stat){
	    .dev = s->st_dev,
	    .ino = s->st_ino,
	    .rdev = s->st_rdev,
	    .mode = s->st_mode,
	    .nlink = (uint32_t)s->st_nlink,
	    .uid = s->st_uid,
	    .gid = s->st_gid,
	    .size = s->st_size,
	    .blksize = s->st_blksize,
	    .blocks = s->st_blocks,
	    .atime_ns = ns(s->st_atim),
	    .mtime_ns = ns(s->st_mtim),
	    .ctime_ns = ns(s->st_ctim),
	};
}

static int64_t fstat_abi(int h, struct eremit_stat *st)
{
	struct stat s;

	if (fstat(h, &s) < 0)
		return -errno;
	to_abi(&s, st);
	return 0;
}

int64_t hv_fs_fstat(struct hv_fs *fs, int64_t fd, struct eremit_stat *st)
{
	WITH_FD(fs, fd, fstat_abi(h_, st));
}

/* --- operations on paths --- */

static int host_flags(uint32_t f, int *out)
{
	static const struct {
		uint32_t abi;
		int host;
	} map[] = {
	    {EREMIT_O_CREAT, O_CREAT},	       {EREMIT_O_EXCL, O_EXCL},
	    {EREMIT_O_TRUNC, O_TRUNC},	       {EREMIT_O_APPEND, O_APPEND},
	    {EREMIT_O_DIRECTORY, O_DIRECTORY}, {EREMIT_O_NOFOLLOW, O_NOFOLLOW},
	};
	uint32_t known = EREMIT_O_ACCMODE;
	int h;

	switch (f & EREMIT_O_ACCMODE) {
	case EREMIT_O_RDONLY:
		h = O_RDONLY;
		break;
	case EREMIT_O_WRONLY:
		h = O_WRONLY;
		break;
	case EREMIT_O_RDWR:
		h = O_RDWR;
		break;
	default:
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		known |= map[i].abi;
		if (f & map[i].abi)
			h |= map[i].host;
	}
	if (f & ~known)
		return -EINVAL;
	*out = h;
	return 0;
}

static bool writes(uint32_t f)
{
	return (f & EREMIT_O_ACCMODE) != EREMIT_O_RDONLY || (f & (EREMIT_O_CREAT | EREMIT_O_TRUNC));
}

int64_t hv_fs_open(struct hv_fs *fs, const char *path, size_t len, uint32_t flags, uint32_t mode)
{
	struct hv_fs_where w;
	struct stat st;
	int hflags, h, r;

	if ((r = host_flags(flags, &hflags)) || (r = where(fs, path, len, &w)))
		return r;
	if (w.m->ro && writes(flags))
		return -EROFS;
	/*
	 * O_NONBLOCK so that a FIFO cannot hang the monitor in open(); only
	 * regular files and directories are handed out.
	 */
	h = beneath(w.m->root_fd, w.rest, hflags | O_NOCTTY | O_NONBLOCK, mode & 07777);
	if (h < 0)
		return h;
	if (fstat(h, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		close(h);
		return -EACCES;
	}
	if (fcntl(h, F_SETFL, hflags & O_APPEND) < 0) {
		r = -errno;
		close(h);
		return r;
	}
	return fd_install(fs, h);
}

int64_t hv_fs_stat(struct hv_fs *fs, const char *path, size_t len, bool nofollow,
		   struct eremit_stat *st)
{
	struct hv_fs_where w;
	struct stat s;
	const char *name;
	int r, h;

	if ((r = where(fs, path, len, &w)))
		return r;
	if (nofollow && *w.rest) {
		if ((h = parent(&w, &name)) < 0)
			return h;
		r = fstatat(h, name, &s, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	} else {
		if ((h = beneath(w.m->root_fd, w.rest, O_PATH, 0)) < 0)
			return h;
		r = fstat(h, &s) < 0 ? -errno : 0;
	}
	close(h);
	if (!r)
		to_abi(&s, st);
	return r;
}

int64_t hv_fs_access(struct hv_fs *fs, const char *path, size_t len, uint32_t mode)
{
	struct hv_fs_where w;
	int r, h;

	if (mode & ~(uint32_t)(EREMIT_R_OK | EREMIT_W_OK | EREMIT_X_OK))
		return -EINVAL;
	if ((r = where(fs, path, len, &w)))
		return r;
	if ((h = beneath(w.m->root_fd, w.rest, O_PATH, 0)) < 0)
		return h;
	r = faccessat(h, "", (int)mode, AT_EMPTY_PATH) < 0 ? -errno : 0;
	close(h);
	if (!r && (mode & EREMIT_W_OK) && w.m->ro)
		r = -EROFS;
	return r;
}

/* unlink, rmdir, mkdir: one name in a directory of a writable mount. */
enum name_op { OP_UNLINK, OP_RMDIR, OP_MKDIR };

static int64_t name_op(struct hv_fs *fs, const char *path, size_t len, enum name_op op,
		       uint32_t mode)
{
	struct hv_fs_where w;
	const char *name;
	int r, h;

	if ((r = where(fs, path, len, &w)))
		return r;
	if (w.m->ro)
		return -EROFS;
	if (!*w.rest)
		return op == OP_MKDIR ? -EEXIST : -EBUSY;
	if ((h = parent(&w, &name)) < 0)
		return h;
	if (op == OP_MKDIR)
		r = mkdirat(h, name, mode & 07777);
	else
		r = unlinkat(h, name, op == OP_RMDIR ? AT_REMOVEDIR : 0);
	r = r < 0 ? -errno : 0;
	close(h);
	return r;
}

int64_t hv_fs_unlink(struct hv_fs *fs, const char *path, size_t len)
{
	return name_op(fs, path, len, OP_UNLINK, 0);
}

int64_t hv_fs_rmdir(struct hv_fs *fs, const char *path, size_t len)
{
	return name_op(fs, path, len, OP_RMDIR, 0);
}

int64_t hv_fs_mkdir(struct hv_fs *fs, const char *path, size_t len, uint32_t mode)
{
	return name_op(fs, path, len, OP_MKDIR, mode);
}

/* rename and link: two names in one writable mount. */
static int64_t two_names(struct hv_fs *fs, const char *from, size_t from_len, const char *to,
			 size_t to_len, bool link)
{
	struct hv_fs_where a, b;
	const char *na, *nb;
	int r, ha, hb;

	if ((r = where(fs, from, from_len, &a)) || (r = where(fs, to, to_len, &b)))
		return r;
	if (a.m->ro || b.m->ro)
		return -EROFS;
	if (a.m != b.m)
		return -EXDEV; /* as between two file systems: the caller copies */
	if ((ha = parent(&a, &na)) < 0)
		return ha;
	if ((hb = parent(&b, &nb)) < 0) {
		close(ha);
		return hb;
	}
	r = (link ? linkat(ha, na, hb, nb, 0) : renameat(ha, na, hb, nb)) < 0 ? -errno : 0;
	close(ha);
	close(hb);
	return r;
}

int64_t hv_fs_rename(struct hv_fs *fs, const char *from, size_t from_len, const char *to,
		     size_t to_len)
{
	return two_names(fs, from, from_len, to, to_len, false);
}

int64_t hv_fs_link(struct hv_fs *fs, const char *from, size_t from_len, const char *to,
		   size_t to_len)
{
	return two_names(fs, from, from_len, to, to_len, true);
}

/* --- set-up --- */

/* Adds a mount of host directory `host` at guest path `guest` (NULL: the same path). */
static int add_mount(struct hv_fs *fs, const char *host, const char *guest, bool ro, char *err,
		     size_t errlen)
{
	char *real = realpath(host, 0), clean[EREMIT_PATH_MAX + 2];
	struct hv_mount *m;
	int fd, r;

	if (!real) {
		snprintf(err, errlen, "%s: %s", host, strerror(errno));
		return -1;
	}
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", host, strerror(errno));
		free(real);
		return -1;
	}
	if (!guest)
		guest = real;
	r = guest[0] == '/' ? hv_path_clean("/", guest, strlen(guest), clean, sizeof(clean))
			    : -EINVAL;
	if (r || fs->nmounts == HV_FS_MAX_MOUNTS) {
		snprintf(err, errlen, "%s: %s", guest,
			 r ? "the guest directory must be an absolute path"
			   : "too many mounts (at most 32)");
		close(fd);
		free(real);
		return -1;
	}
	/* A later mount at the same guest path replaces an earlier one. */
	for (unsigned i = 0; i < fs->nmounts; i++) {
		if (!strcmp(fs->mounts[i].guest, clean)) {
			close(fs->mounts[i].root_fd);
			free(fs->mounts[i].host);
			free(fs->mounts[i].guest);
			fs->mounts[i] = fs->mounts[--fs->nmounts];
			break;
		}
	}
	m = &fs->mounts[fs->nmounts++];
	*m = (struct hv_mount){.guest = strdup(clean), .host = real, .root_fd = fd, .ro = ro};
	hv_log("mount %s at %s%s", real, clean, ro ? " (read-only)" : "");
	return 0;
}

/* HOST_DIR[:GUEST_DIR][:ro] */
static int add_spec(struct hv_fs *fs, const struct hv_mount_spec *s, char *err, size_t errlen)
{
	char *text = strdup(s->text), *guest = 0, *colon;
	bool ro = false;
	int r;

	if (!text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	colon = strrchr(text, ':');
	if (colon && (!strcmp(colon, ":ro") || !strcmp(colon, ":rw"))) {
		ro = colon[1] == 'r' && colon[2] == 'o';
		*colon = 0;
	}
	if ((colon = strchr(text, ':'))) {
		*colon = 0;
		guest = colon + 1;
	}
	if (!*text || (guest && !*guest)) {
		snprintf(err, errlen,
			 "%s %s: expected HOST_DIR[:GUEST_DIR][:ro], e.g. /data:/input:ro", s->what,
			 s->text);
		free(text);
		return -1;
	}
	r = add_mount(fs, text, guest, ro, err, errlen);
	if (r) {
		/* Say which option the error came from. */
		char inner[512];
		snprintf(inner, sizeof(inner), "%s", err);
		snprintf(err, errlen, "%s %s: %s", s->what, s->text, inner);
	}
	free(text);
	return r;
}

int hv_fs_init(struct hv_fs *fs, const struct hv_mount_spec *specs, unsigned n, char *err,
	       size_t errlen)
{
	*fs = (struct hv_fs){0};
	pthread_mutex_init(&fs->lock, 0);
	for (int i = 0; i < HV_FS_MAX_FDS; i++)
		fs->files[i] = (struct hv_fs_file){
		    .fd = i < 3 ? i : -1, .no_read = i == 1 || i == 2, .no_write = i == 0};
	if (add_mount(fs, ".", 0, false, err, errlen))
		return -1;
	fs->cwd = strdup(fs->mounts[0].guest);
	for (unsigned i = 0; i < n; i++)
		if (add_spec(fs, &specs[i], err, errlen))
			return -1;
	return fs->cwd ? 0 : -1;
}

void hv_fs_destroy(struct hv_fs *fs)
{
	for (int i = 3; i < HV_FS_MAX_FDS; i++)
		if (fs->files[i].fd >= 0 && fs->files[i].owned)
			close(fs->files[i].fd);
	for (unsigned i = 0; i < fs->nmounts; i++) {
		close(fs->mounts[i].root_fd);
		free(fs->mounts[i].guest);
		free(fs->mounts[i].host);
	}
	free(fs->cwd);
	pthread_mutex_destroy(&fs->lock);
}
