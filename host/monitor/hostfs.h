/* SPDX-License-Identifier: MIT */
/* Host files for the guest: the mounts it may reach and its table of open files. */
#ifndef HV_HOSTFS_H
#define HV_HOSTFS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eremit/abi.h"

#include "config.h"

#define HV_FS_MAX_MOUNTS 32
/* Open files per VM, the standard streams included (EMFILE beyond). */
#define HV_FS_MAX_FDS 1024

/*
 * A granted tree: guest paths at or below `guest` are the host files at or
 * below the directory `root_fd` refers to. Both strings are clean absolute
 * paths (hv_path_clean); "/" is the only one that ends in a slash.
 */
struct hv_mount {
	char *guest;
	char *host;
	int root_fd; /* O_PATH descriptor of the host directory */
	bool ro;
};

/*
 * A slot of the guest's file table. A descriptor in use by a hypercall on
 * one vCPU stays open until that call is done even if another vCPU closes it,
 * so a number can never be reused under a running read or write.
 */
struct hv_fs_file {
	int fd;			/* host descriptor, -1 when the slot is free */
	int users;		/* hypercalls working on it right now */
	bool closed;		/* closed by the guest, freed when users drops to 0 */
	bool owned;		/* ours to close (not one of the host's standard streams) */
	bool no_read, no_write; /* the standard streams: 0 is read-only, 1 and 2 write-only */
};

struct hv_fs {
	struct hv_mount mounts[HV_FS_MAX_MOUNTS];
	unsigned nmounts;
	char *cwd;	      /* the guest's working directory: the host's, when it started */
	pthread_mutex_t lock; /* protects files[] (all fields) */
	struct hv_fs_file files[HV_FS_MAX_FDS];
};

/*
 * Grants the host's working directory (read-write, at its own path) and each
 * spec; opens the file table with the host's fds 0..2 as 0..2. Returns 0, or
 * -1 with a message in err (a missing directory, a bad spec).
 */
int hv_fs_init(struct hv_fs *fs, const struct hv_mount_spec *specs, unsigned n, char *err,
	       size_t errlen);
void hv_fs_destroy(struct hv_fs *fs);

/*
 * hostfs_path.c, portable. Cleans a guest path of len bytes into out: made
 * absolute against cwd, with ".", "..", repeated and trailing slashes gone
 * ("/.." is "/"). Returns 0, -ENOENT for an empty path, -EINVAL for a NUL
 * inside, -ENAMETOOLONG when it does not fit in outsize.
 */
int hv_path_clean(const char *cwd, const char *path, size_t len, char *out, size_t outsize);
/*
 * The mount with the longest guest directory containing the clean path, and
 * in *rest the part below it ("" for the directory itself); NULL if none.
 */
const struct hv_mount *hv_path_mount(const struct hv_mount *mounts, unsigned n, const char *clean,
				     const char **rest);

/*
 * The operations, in the guest's terms: paths are guest paths (len bytes, not
 * NUL-terminated), flags and modes the ABI's (abi.h), results >= 0 or
 * -errno. Anything outside the mounts, symlinks included, is -EACCES.
 */
int64_t hv_fs_open(struct hv_fs *fs, const char *path, size_t len, uint32_t flags, uint32_t mode);
int64_t hv_fs_close(struct hv_fs *fs, int64_t fd);
int64_t hv_fs_read(struct hv_fs *fs, int64_t fd, void *buf, uint64_t len);
int64_t hv_fs_write(struct hv_fs *fs, int64_t fd, const void *buf, uint64_t len);
int64_t hv_fs_pread(struct hv_fs *fs, int64_t fd, void *buf, uint64_t len, int64_t off);
int64_t hv_fs_pwrite(struct hv_fs *fs, int64_t fd, const void *buf, uint64_t len, int64_t off);
int64_t hv_fs_lseek(struct hv_fs *fs, int64_t fd, int64_t off, int whence);
int64_t hv_fs_ftruncate(struct hv_fs *fs, int64_t fd, int64_t len);
int64_t hv_fs_fsync(struct hv_fs *fs, int64_t fd);
int64_t hv_fs_fstat(struct hv_fs *fs, int64_t fd, struct eremit_stat *st);
int64_t hv_fs_stat(struct hv_fs *fs, const char *path, size_t len, bool nofollow,
		   struct eremit_stat *st);
int64_t hv_fs_unlink(struct hv_fs *fs, const char *path, size_t len);
int64_t hv_fs_rmdir(struct hv_fs *fs, const char *path, size_t len);
int64_t hv_fs_mkdir(struct hv_fs *fs, const char *path, size_t len, uint32_t mode);
int64_t hv_fs_rename(struct hv_fs *fs, const char *from, size_t from_len, const char *to,
		     size_t to_len);
int64_t hv_fs_link(struct hv_fs *fs, const char *from, size_t from_len, const char *to,
		   size_t to_len);
int64_t hv_fs_access(struct hv_fs *fs, const char *path, size_t len, uint32_t mode);

#endif /* HV_HOSTFS_H */
