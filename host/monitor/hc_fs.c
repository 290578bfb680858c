/* SPDX-License-Identifier: MIT */
/* Hypercall decoders for host files: argument blocks in, hv_fs_* calls out. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "eremit/abi.h"

#include "hc.h"
#include "hostfs.h"
#include "log.h"

/*
 * The guest may change its memory while we work (another vCPU): each block
 * is copied once, checked and used only as the copy, and only `ret` is
 * written back. Paths are copied too, so that what was checked is what is
 * opened.
 */

static void set_ret(void *block, size_t off, int64_t ret)
{
	memcpy((uint8_t *)block + off, &ret, sizeof(ret));
}

/* A guest range that fails the bounds check: -EFAULT, and a line in the verbose log. */
static void *range(struct hv_vm *vm, const char *call, const char *what, uint64_t gpa, uint64_t len)
{
	void *p = hv_gpa_ptr(&vm->mem, gpa, len);

	if (!p)
		hv_log("%s hypercall: %s 0x%llx+%llu is outside guest memory: -EFAULT", call, what,
		       (unsigned long long)gpa, (unsigned long long)len);
	return p;
}

/* Copies a guest path into buf (NUL-terminated); its length, or -errno. */
static int64_t path_in(struct hv_vm *vm, const char *call, uint64_t gpa, uint64_t len,
		       char buf[EREMIT_PATH_MAX + 1])
{
	const void *p;

	if (len > EREMIT_PATH_MAX)
		return -ENAMETOOLONG;
	if (!(p = range(vm, call, "path", gpa, len)))
		return -EFAULT;
	memcpy(buf, p, len);
	buf[len] = 0;
	return (int64_t)len;
}

static int hc_open(struct hv_vm *vm, void *block)
{
	struct eremit_hc_open a;
	char path[EREMIT_PATH_MAX + 1];
	int64_t r;

	memcpy(&a, block, sizeof(a));
	r = path_in(vm, "open", a.path_gpa, a.path_len, path);
	if (r >= 0)
		r = hv_fs_open(vm->fs, path, (size_t)r, a.flags, a.mode);
	set_ret(block, offsetof(struct eremit_hc_open, ret), r);
	return HV_RUN_CONTINUE;
}

static int hc_fd(struct hv_vm *vm, void *block, uint64_t nr)
{
	struct eremit_hc_fd a;
	int64_t r;

	memcpy(&a, block, sizeof(a));
	switch (nr) {
	case EREMIT_HC_CLOSE:
		r = hv_fs_close(vm->fs, a.fd);
		break;
	case EREMIT_HC_LSEEK:
		r = hv_fs_lseek(vm->fs, a.fd, a.arg, a.whence);
		break;
	case EREMIT_HC_FTRUNCATE:
		r = a.arg < 0 ? -EINVAL : hv_fs_ftruncate(vm->fs, a.fd, a.arg);
		break;
	default:
		r = hv_fs_fsync(vm->fs, a.fd);
		break;
	}
	set_ret(block, offsetof(struct eremit_hc_fd, ret), r);
	return HV_RUN_CONTINUE;
}

static int hc_close(struct hv_vm *vm, void *block)
{
	return hc_fd(vm, block, EREMIT_HC_CLOSE);
}

static int hc_lseek(struct hv_vm *vm, void *block)
{
	return hc_fd(vm, block, EREMIT_HC_LSEEK);
}

static int hc_ftruncate(struct hv_vm *vm, void *block)
{
	return hc_fd(vm, block, EREMIT_HC_FTRUNCATE);
}

static int hc_fsync(struct hv_vm *vm, void *block)
{
	return hc_fd(vm, block, EREMIT_HC_FSYNC);
}

static int hc_stat_common(struct hv_vm *vm, void *block, bool by_path)
{
	struct eremit_hc_stat a;
	struct eremit_stat st;
	char path[EREMIT_PATH_MAX + 1];
	const char *call = by_path ? "stat" : "fstat";
	void *out;
	int64_t r;

	memcpy(&a, block, sizeof(a));
	/* Check where the result goes before doing anything. */
	if (!(out = range(vm, call, "stat buffer", a.stat_gpa, sizeof(st))))
		r = -EFAULT;
	else if (!by_path)
		r = hv_fs_fstat(vm->fs, a.fd, &st);
	else if (a.flags & ~(uint32_t)EREMIT_AT_SYMLINK_NOFOLLOW)
		r = -EINVAL;
	else if ((r = path_in(vm, call, a.path_gpa, a.path_len, path)) >= 0)
		r = hv_fs_stat(vm->fs, path, (size_t)r, a.flags & EREMIT_AT_SYMLINK_NOFOLLOW, &st);
	if (r == 0)
		memcpy(out, &st, sizeof(st));
	set_ret(block, offsetof(struct eremit_hc_stat, ret), r);
	return HV_RUN_CONTINUE;
}

static int hc_fstat(struct hv_vm *vm, void *block)
{
	return hc_stat_common(vm, block, false);
}

static int hc_stat(struct hv_vm *vm, void *block)
{
	return hc_stat_common(vm, block, true);
}

static int hc_path_common(struct hv_vm *vm, void *block, uint64_t nr)
{
	struct eremit_hc_path a;
	char p1[EREMIT_PATH_MAX + 1], p2[EREMIT_PATH_MAX + 1];
	const char *call = hc_name(nr);
	int64_t r, r2 = 0;

	memcpy(&a, block, sizeof(a));
	r = path_in(vm, call, a.path_gpa, a.path_len, p1);
	if (r >= 0 && (nr == EREMIT_HC_RENAME || nr == EREMIT_HC_LINK))
		r2 = path_in(vm, call, a.path2_gpa, a.path2_len, p2);
	if (r >= 0 && r2 < 0)
		r = r2;
	if (r >= 0) {
		switch (nr) {
		case EREMIT_HC_UNLINK:
			r = hv_fs_unlink(vm->fs, p1, (size_t)r);
			break;
		case EREMIT_HC_RMDIR:
			r = hv_fs_rmdir(vm->fs, p1, (size_t)r);
			break;
		case EREMIT_HC_MKDIR:
			r = hv_fs_mkdir(vm->fs, p1, (size_t)r, a.mode);
			break;
		case EREMIT_HC_RENAME:
			r = hv_fs_rename(vm->fs, p1, (size_t)r, p2, (size_t)r2);
			break;
		case EREMIT_HC_LINK:
			r = hv_fs_link(vm->fs, p1, (size_t)r, p2, (size_t)r2);
			break;
		default:
			r = hv_fs_access(vm->fs, p1, (size_t)r, a.mode);
			break;
		}
	}
	set_ret(block, offsetof(struct eremit_hc_path, ret), r);
	return HV_RUN_CONTINUE;
}

static int hc_unlink(struct hv_vm *vm, void *block)
{
	return hc_path_common(vm, block, EREMIT_HC_UNLINK);
}

static int hc_rmdir(struct hv_vm *vm, void *block)
{
	return hc_path_common(vm, block, EREMIT_HC_RMDIR);
}

static int hc_mkdir(struct hv_vm *vm, void *block)
{
	return hc_path_common(vm, block, EREMIT_HC_MKDIR);
}

static int hc_rename(struct hv_vm *vm, void *block)
{
	return hc_path_common(vm, block, EREMIT_HC_RENAME);
}

static int hc_link(struct hv_vm *vm, void *block)
{
	return hc_path_common(vm, block, EREMIT_HC_LINK);
}

static int hc_access(struct hv_vm *vm, void *block)
{
	return hc_path_common(vm, block, EREMIT_HC_ACCESS);
}

/* read, write, pread, pwrite: a buffer in guest memory and a descriptor. */
static int hc_pio(struct hv_vm *vm, void *block, bool wr, bool positioned)
{
	struct eremit_hc_pio a = {0};
	size_t ret_off =
	    positioned ? offsetof(struct eremit_hc_pio, ret) : offsetof(struct eremit_hc_io, ret);
	const char *call = positioned ? (wr ? "pwrite" : "pread") : (wr ? "write" : "read");
	void *buf;
	int64_t r;

	/* eremit_hc_io is eremit_hc_pio without the offset. */
	memcpy(&a, block, positioned ? sizeof(a) : sizeof(struct eremit_hc_io) - sizeof(int64_t));
	if (!(buf = range(vm, call, "buffer", a.buf_gpa, a.len)))
		r = -EFAULT;
	else if (positioned)
		r = wr ? hv_fs_pwrite(vm->fs, a.fd, buf, a.len, a.offset)
		       : hv_fs_pread(vm->fs, a.fd, buf, a.len, a.offset);
	else
		r = wr ? hv_fs_write(vm->fs, a.fd, buf, a.len)
		       : hv_fs_read(vm->fs, a.fd, buf, a.len);
	set_ret(block, ret_off, r);
	return HV_RUN_CONTINUE;
}

int hc_write(struct hv_vm *vm, void *block)
{
	return hc_pio(vm, block, true, false);
}

int hc_read(struct hv_vm *vm, void *block)
{
	return hc_pio(vm, block, false, false);
}

static int hc_pread(struct hv_vm *vm, void *block)
{
	return hc_pio(vm, block, false, true);
}

static int hc_pwrite(struct hv_vm *vm, void *block)
{
	return hc_pio(vm, block, true, true);
}

const struct hc_entry hc_fs_table[] = {
    {EREMIT_HC_OPEN, hc_open, sizeof(struct eremit_hc_open), "open"},
    {EREMIT_HC_CLOSE, hc_close, sizeof(struct eremit_hc_fd), "close"},
    {EREMIT_HC_LSEEK, hc_lseek, sizeof(struct eremit_hc_fd), "lseek"},
    {EREMIT_HC_FSTAT, hc_fstat, sizeof(struct eremit_hc_stat), "fstat"},
    {EREMIT_HC_STAT, hc_stat, sizeof(struct eremit_hc_stat), "stat"},
    {EREMIT_HC_UNLINK, hc_unlink, sizeof(struct eremit_hc_path), "unlink"},
    {EREMIT_HC_RMDIR, hc_rmdir, sizeof(struct eremit_hc_path), "rmdir"},
    {EREMIT_HC_MKDIR, hc_mkdir, sizeof(struct eremit_hc_path), "mkdir"},
    {EREMIT_HC_RENAME, hc_rename, sizeof(struct eremit_hc_path), "rename"},
    {EREMIT_HC_FTRUNCATE, hc_ftruncate, sizeof(struct eremit_hc_fd), "ftruncate"},
    {EREMIT_HC_FSYNC, hc_fsync, sizeof(struct eremit_hc_fd), "fsync"},
    {EREMIT_HC_ACCESS, hc_access, sizeof(struct eremit_hc_path), "access"},
    {EREMIT_HC_PREAD, hc_pread, sizeof(struct eremit_hc_pio), "pread"},
    {EREMIT_HC_PWRITE, hc_pwrite, sizeof(struct eremit_hc_pio), "pwrite"},
    {EREMIT_HC_LINK, hc_link, sizeof(struct eremit_hc_path), "link"},
    {0, 0, 0, 0},
};
