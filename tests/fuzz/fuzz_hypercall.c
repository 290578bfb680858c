/* SPDX-License-Identifier: MIT */
/* libFuzzer target: hypercalls from a fuzzed guest memory, through the MMIO decoder to hc_fs.c. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eremit/abi.h"

#include "boot.h"
#include "hostfs.h"
#include "hv.h"
#include "status.h"

#include "fuzz_hypercall.h"

/*
 * The host files the hypercalls create, rename and delete are real, so the
 * only trees the fake VM is granted are scratch directories made here under
 * $TMPDIR or /tmp (and removed at exit): base/rw is the working directory (the guest's "." and the
 * default mount, as for the monitor), base/w a second writable mount at /w and base/ro a read-only
 * one at /ro holding a file and a directory. Each input starts from the same state: the file table
 * is rebuilt and rw and w are emptied, so a crash replays from its input alone.
 */
static char base[256], rw[272], w[272], ro[272];
static char spec_ro[288], spec_w[288];
static struct hv_mount_spec specs[2];

static struct hv_vm vm;
static struct hv_vcpu vcpu0; /* no vCPUs in the VM: CPU_START answers -EINVAL */
static struct hv_fs fs;
static int null_rd, null_wr;
static int home_fd; /* the fuzzer's own working directory */
static int fd_mark; /* the lowest free host descriptor before an input: a leak moves it */

/* The guest RIP for messages: as kvm.c's with a vCPU that has no KVM descriptor. */
uint64_t hv_vcpu_rip(const struct hv_vcpu *vcpu)
{
	(void)vcpu;
	return 0;
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz_hypercall: %s: %s\n", what, strerror(errno));
	abort();
}

/* What the read-only mount must still look like after every input. */
struct ro_state {
	struct stat dir, file, sub, base;
};

static void ro_snapshot(struct ro_state *s)
{
	char p[300];

	snprintf(p, sizeof(p), "%s/file", ro);
	if (stat(ro, &s->dir) || stat(p, &s->file) || stat(base, &s->base))
		die("stat of the read-only tree");
	snprintf(p, sizeof(p), "%s/sub", ro);
	if (stat(p, &s->sub))
		die("stat of the read-only tree");
}

static int same(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_size == b->st_size && a->st_mode == b->st_mode &&
	       a->st_nlink == b->st_nlink && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static struct ro_state ro_before;

/*
 * Failures of the harness's own checks. Each aborts from a function of its
 * own, so that the stack in libFuzzer's report names it even when the runner
 * sent stderr to /dev/null (-close_fd_mask=2).
 */
static __attribute__((noinline, noreturn)) void read_only_tree_changed(void)
{
	fprintf(stderr, "fuzz_hypercall: the read-only mount or %s changed\n", base);
	abort();
}

static __attribute__((noinline, noreturn)) void mmio_decoded_wrong(void)
{
	fprintf(stderr, "fuzz_hypercall: hv_mmio_decode got an access wrong\n");
	abort();
}

static __attribute__((noinline, noreturn)) void host_fd_leaked(void)
{
	fprintf(stderr, "fuzz_hypercall: a host file descriptor leaked\n");
	abort();
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (!(f = fopen(p, "w")) || fputs(text, f) < 0 || fclose(f))
		die(p);
}

/* Empties the directory dirfd refers to and closes dirfd; the guest may have made 0-mode dirs. */
static void wipe_fd(int dirfd)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;

	if (!d)
		die("fdopendir");
	while ((e = readdir(d))) {
		int sub;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!unlinkat(dirfd, e->d_name, 0))
			continue;
		if (errno != EISDIR)
			die("unlinkat");
		if (fchmodat(dirfd, e->d_name, 0700, 0))
			die("fchmodat");
		sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			die("openat");
		wipe_fd(sub);
		if (unlinkat(dirfd, e->d_name, AT_REMOVEDIR))
			die("rmdir");
	}
	closedir(d);
}

static void wipe(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		die(dir);
	wipe_fd(fd);
}

static void fs_start(void)
{
	char err[512];

	/*
	 * hv_fs_init grants the working directory: it must be rw then. Only
	 * then: libFuzzer's own relative paths (inputs, corpus) stay usable.
	 */
	if (chdir(rw))
		die("chdir");
	if (hv_fs_init(&fs, specs, 2, err, sizeof(err))) {
		fprintf(stderr, "fuzz_hypercall: hv_fs_init: %s\n", err);
		abort();
	}
	if (fchdir(home_fd))
		die("fchdir");
	/* The guest's standard streams: /dev/null, not the fuzzer's own stdin and stderr. */
	fs.files[0].fd = null_rd;
	fs.files[1].fd = fs.files[2].fd = null_wr;
	vm.fs = &fs;
}

static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("/dev/null");
	close(fd);
	return fd;
}

static void remove_scratch(void)
{
	wipe(base);
	rmdir(base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char sub[300];

	(void)argc;
	(void)argv;
	snprintf(base, sizeof(base), "%s/eremit-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(base))
		die("mkdtemp");
	atexit(remove_scratch);
	snprintf(rw, sizeof(rw), "%s/rw", base);
	snprintf(w, sizeof(w), "%s/w", base);
	snprintf(ro, sizeof(ro), "%s/ro", base);
	snprintf(spec_ro, sizeof(spec_ro), "%s:/ro:ro", ro);
	snprintf(spec_w, sizeof(spec_w), "%s:/w", w);
	specs[0] = (struct hv_mount_spec){spec_ro, "--mount"};
	specs[1] = (struct hv_mount_spec){spec_w, "--mount"};
	if (mkdir(rw, 0700) || mkdir(w, 0700) || mkdir(ro, 0700))
		die("mkdir");
	write_file(ro, "file", "read-only contents\n");
	snprintf(sub, sizeof(sub), "%s/sub", ro);
	if (mkdir(sub, 0755))
		die("mkdir");
	write_file(rw, "seed", "0123456789\n");
	home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (home_fd < 0)
		die("the working directory");
	null_rd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	null_wr = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null_rd < 0 || null_wr < 0)
		die("/dev/null");
	vm.mem.size = FUZZ_HC_MEM_SIZE;
	vm.mem.base = malloc(FUZZ_HC_MEM_SIZE); /* malloc: ASan guards its end */
	if (!vm.mem.base)
		die("malloc");
	vm.hc_gpa = hv_boot_hc_gpa(FUZZ_HC_MEM_SIZE);
	vcpu0.fd = -1;
	ro_snapshot(&ro_before);
	fprintf(stderr, "fuzz_hypercall: scratch trees under %s\n", base);
	return 0;
}

/*
 * The MMIO exit of an access at hc_gpa + off (len bytes; a store of arg when
 * is_write), as KVM would report it: decoded, checked against what the
 * ABI says it is, and made when it is a hypercall.
 */
static void mmio(int64_t off, uint32_t len, int is_write, gpa_t arg)
{
	struct kvm_run run = {.exit_reason = KVM_EXIT_MMIO};
	enum hv_mmio_kind want = HV_MMIO_HYPERCALL;
	uint64_t nr = UINT64_MAX;
	gpa_t a = 0;

	run.mmio.phys_addr = vm.hc_gpa + (uint64_t)off;
	run.mmio.len = len;
	run.mmio.is_write = (uint8_t)is_write;
	memcpy(run.mmio.data, &arg, sizeof(arg));
	if (off < 0 || off >= (int64_t)HV_HC_PAGE_SIZE)
		want = HV_MMIO_OUTSIDE;
	else if (!is_write || len != 8 || off % EREMIT_HC_STRIDE)
		want = HV_MMIO_BAD_HC;
	if (hv_mmio_decode(vm.hc_gpa, &run, &nr, &a) != want)
		mmio_decoded_wrong();
	if (want != HV_MMIO_HYPERCALL)
		return;
	if (nr != (uint64_t)off / EREMIT_HC_STRIDE || a != arg)
		mmio_decoded_wrong();
	if (nr != EREMIT_HC_DEBUG) /* the gdb stub's, not hypercall.c's */
		hv_hypercall(&vm, &vcpu0, nr, a);
}

/* One call record of the input (fuzz_hypercall.h) made into a hypercall. */
static void one_call(const uint8_t r[FUZZ_HC_RECORD])
{
	uint32_t v = (uint32_t)r[1] | (uint32_t)r[2] << 8 | (uint32_t)r[3] << 16;
	uint64_t nr = r[0] & FUZZ_HC_NR_MASK;
	int64_t off;
	gpa_t arg;

	if (nr == FUZZ_HC_NR_MASK)
		nr = v; /* unknown: a line on stderr each, so only one selector in 32 */
	else
		nr %= FUZZ_HC_NR_KNOWN;
	switch ((enum fuzz_hc_mode)(r[0] >> 6)) {
	case FUZZ_HC_ARG_BLOCK:
		arg = (gpa_t)(v & 0xffff) * 8;
		break;
	case FUZZ_HC_ARG_TOP:
		arg = FUZZ_HC_MEM_SIZE - (v & 0xffff);
		break;
	case FUZZ_HC_ARG_WILD:
		arg = (gpa_t)v << 40 | v;
		break;
	default:
		off = 8 * (r[0] & FUZZ_HC_NR_MASK) + (r[3] & 7) +
		      (r[3] & 0x80 ? FUZZ_HC_MMIO_FAR : 0);
		mmio(r[3] & FUZZ_HC_MMIO_BELOW ? -off - 1 : off, r[3] & FUZZ_HC_MMIO_SHORT ? 4 : 8,
		     !(r[3] & FUZZ_HC_MMIO_LOAD), (gpa_t)(v & 0xffff) * 8);
		return;
	}
	hv_hypercall(&vm, &vcpu0, nr, arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t ncalls = size < FUZZ_HC_HEADER ? size / FUZZ_HC_RECORD : FUZZ_HC_CALLS;
	struct ro_state ro_after;

	fd_mark = lowest_free_fd();
	memset(vm.mem.base, 0, FUZZ_HC_MEM_SIZE);
	if (size > FUZZ_HC_HEADER) {
		size_t n = size - FUZZ_HC_HEADER;
		memcpy(vm.mem.base, data + FUZZ_HC_HEADER,
		       n < FUZZ_HC_MEM_SIZE ? n : FUZZ_HC_MEM_SIZE);
	}
	fs_start();
	for (size_t i = 0; i < ncalls && data[i * FUZZ_HC_RECORD] != FUZZ_HC_END; i++)
		one_call(data + i * FUZZ_HC_RECORD);
	hv_fs_destroy(&fs);
	wipe(rw);
	wipe(w);
	/* The read-only tree and the scratch base are as they were; no host descriptor leaked. */
	ro_snapshot(&ro_after);
	if (!same(&ro_before.dir, &ro_after.dir) || !same(&ro_before.file, &ro_after.file) ||
	    !same(&ro_before.sub, &ro_after.sub) || !same(&ro_before.base, &ro_after.base))
		read_only_tree_changed();
	if (lowest_free_fd() != fd_mark)
		host_fd_leaked();
	write_file(rw, "seed", "0123456789\n");
	return 0;
}
