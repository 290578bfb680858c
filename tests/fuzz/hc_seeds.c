/* SPDX-License-Identifier: MIT */
/* Writes fuzz_hypercall's seed inputs: guest programs of file hypercalls (fuzz_hypercall.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eremit/abi.h"

#include "fuzz_hypercall.h"

/* Where things lie in a seed's guest memory. */
#define BLOCKS	   0x100u /* call i's argument block: BLOCKS + BLOCK_SIZE * i */
#define BLOCK_SIZE 0x40u
#define PATHS	   0x1000u /* NUL-separated, for reading the memory dump */
#define BUF	   0x2000u /* data to write, and room to read into */
#define STAT	   0x3000u /* struct eremit_stat */
#define IMAGE	   0x3100u

struct seed {
	uint8_t in[FUZZ_HC_HEADER + IMAGE];
	unsigned ncalls;
	uint32_t path_end;
};

static uint8_t *mem(struct seed *s, uint32_t gpa)
{
	return s->in + FUZZ_HC_HEADER + gpa;
}

/* A guest path: (gpa, len) of its bytes in the seed's memory. */
struct gpath {
	uint64_t gpa, len;
};

static struct gpath path(struct seed *s, const char *p)
{
	struct gpath g = {PATHS + s->path_end, strlen(p)};

	memcpy(mem(s, (uint32_t)g.gpa), p, g.len);
	s->path_end += (uint32_t)g.len + 1;
	return g;
}

/* Appends a call of nr with the block's bytes; mode is how the harness reaches the block. */
static void call_mode(struct seed *s, enum fuzz_hc_mode mode, unsigned nr, const void *block,
		      size_t size)
{
	uint32_t gpa = BLOCKS + BLOCK_SIZE * s->ncalls, v = gpa / 8;
	uint8_t *r = s->in + FUZZ_HC_RECORD * s->ncalls;

	if (s->ncalls == FUZZ_HC_CALLS || size > BLOCK_SIZE)
		abort();
	memcpy(mem(s, gpa), block, size);
	r[0] = (uint8_t)(mode << 6 | nr);
	r[1] = (uint8_t)v;
	r[2] = (uint8_t)(v >> 8);
	r[3] = 0; /* an aligned 8-byte store, for FUZZ_HC_ARG_MMIO */
	s->ncalls++;
}

#define CALL(s, nr, ...)                                                                           \
	do {                                                                                       \
		__typeof__(__VA_ARGS__) b_ = __VA_ARGS__;                                          \
		call_mode(s, FUZZ_HC_ARG_BLOCK, nr, &b_, sizeof(b_));                              \
	} while (0)

static void open_(struct seed *s, const char *p, uint32_t flags)
{
	struct gpath g = path(s, p);

	CALL(s, EREMIT_HC_OPEN, (struct eremit_hc_open){g.gpa, g.len, flags, 0644, 0});
}

static void paths(struct seed *s, unsigned nr, const char *p, const char *p2, uint32_t mode)
{
	struct gpath g = path(s, p), g2 = p2 ? path(s, p2) : (struct gpath){0, 0};

	CALL(s, nr, (struct eremit_hc_path){g.gpa, g.len, g2.gpa, g2.len, mode, 0, 0});
}

static void fdcall(struct seed *s, unsigned nr, int64_t fd, int64_t arg, int32_t whence)
{
	CALL(s, nr, (struct eremit_hc_fd){fd, arg, whence, 0, 0});
}

static void io(struct seed *s, unsigned nr, int64_t fd, uint64_t len)
{
	CALL(s, nr, (struct eremit_hc_io){fd, BUF, len, 0});
}

static void pio(struct seed *s, unsigned nr, int64_t fd, uint64_t len, int64_t off)
{
	CALL(s, nr, (struct eremit_hc_pio){fd, BUF, len, off, 0});
}

static void stat_(struct seed *s, const char *p, int64_t fd)
{
	struct gpath g = p ? path(s, p) : (struct gpath){0, 0};

	CALL(s, p ? EREMIT_HC_STAT : EREMIT_HC_FSTAT,
	     (struct eremit_hc_stat){fd, g.gpa, g.len, STAT, 0, 0, 0});
}

static void save(struct seed *s, const char *dir, const char *name)
{
	char file[4096];
	FILE *f;

	if (s->ncalls < FUZZ_HC_CALLS)
		s->in[FUZZ_HC_RECORD * s->ncalls] = FUZZ_HC_END;
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	if (!(f = fopen(file, "wb")) || fwrite(s->in, sizeof(s->in), 1, f) != 1 || fclose(f)) {
		perror(file);
		exit(1);
	}
}

static void seed_init(struct seed *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(mem(s, BUF), "some bytes for the file, and more", 33);
}

int main(int argc, char **argv)
{
	struct seed s;

	if (argc != 2) {
		fprintf(stderr, "usage: hc_seeds DIR\n");
		return 2;
	}

	/* A file's life in the writable mount: create, write, read back, truncate, rename, link. */
	seed_init(&s);
	open_(&s, "f", EREMIT_O_CREAT | EREMIT_O_RDWR);
	io(&s, EREMIT_HC_WRITE, 3, 33);
	pio(&s, EREMIT_HC_PWRITE, 3, 10, 5);
	fdcall(&s, EREMIT_HC_LSEEK, 3, 0, 0);
	io(&s, EREMIT_HC_READ, 3, 20);
	pio(&s, EREMIT_HC_PREAD, 3, 20, 3);
	stat_(&s, 0, 3);
	fdcall(&s, EREMIT_HC_FTRUNCATE, 3, 7, 0);
	fdcall(&s, EREMIT_HC_FSYNC, 3, 0, 0);
	paths(&s, EREMIT_HC_MKDIR, "d", 0, 0755);
	paths(&s, EREMIT_HC_RENAME, "f", "d/g", 0);
	paths(&s, EREMIT_HC_LINK, "d/g", "h", 0);
	stat_(&s, "h", -1);
	paths(&s, EREMIT_HC_ACCESS, "d/g", 0, EREMIT_R_OK | EREMIT_W_OK);
	paths(&s, EREMIT_HC_RMDIR, "d", 0, 0);
	paths(&s, EREMIT_HC_UNLINK, "d/g", 0, 0);
	paths(&s, EREMIT_HC_RMDIR, "./d/../d/", 0, 0);
	fdcall(&s, EREMIT_HC_CLOSE, 3, 0, 0);
	io(&s, EREMIT_HC_READ, 3, 1);
	save(&s, argv[1], "rw-file");

	/* The read-only mount, the second mount, paths outside, the standard streams. */
	seed_init(&s);
	open_(&s, "/ro/file", EREMIT_O_RDONLY);
	io(&s, EREMIT_HC_READ, 3, 64);
	stat_(&s, "/ro/sub", -1);
	open_(&s, "/ro/new", EREMIT_O_CREAT | EREMIT_O_WRONLY);
	open_(&s, "/ro/file", EREMIT_O_RDWR);
	paths(&s, EREMIT_HC_UNLINK, "/ro/file", 0, 0);
	paths(&s, EREMIT_HC_MKDIR, "/ro/sub/x", 0, 0700);
	paths(&s, EREMIT_HC_RENAME, "/ro/file", "/ro/moved", 0);
	paths(&s, EREMIT_HC_LINK, "seed", "/w/seed", 0);
	paths(&s, EREMIT_HC_ACCESS, "/ro/file", 0, EREMIT_W_OK);
	open_(&s, "/w/x", EREMIT_O_CREAT | EREMIT_O_EXCL | EREMIT_O_WRONLY | EREMIT_O_APPEND);
	pio(&s, EREMIT_HC_PWRITE, 4, 8, 1 << 20);
	open_(&s, "/etc/passwd", EREMIT_O_RDONLY);
	open_(&s, "../../etc/passwd", EREMIT_O_RDONLY);
	stat_(&s, "/", -1);
	open_(&s, "/w", EREMIT_O_RDONLY | EREMIT_O_DIRECTORY);
	io(&s, EREMIT_HC_WRITE, 1, 10);
	io(&s, EREMIT_HC_WRITE, 2, 10);
	io(&s, EREMIT_HC_READ, 0, 10);
	io(&s, EREMIT_HC_LOG, 0, 10);
	CALL(&s, EREMIT_HC_EXIT, (struct eremit_hc_exit){3, 0});
	save(&s, argv[1], "mounts");

	/* The same hypercalls as MMIO exits, through hv_mmio_decode. */
	seed_init(&s);
	{
		struct gpath g = path(&s, "seed");
		struct eremit_hc_open o = {g.gpa, g.len, EREMIT_O_RDWR, 0, 0};
		struct eremit_hc_io r = {3, BUF, 11, 0};
		struct eremit_hc_fd c = {3, 0, 0, 0, 0};

		call_mode(&s, FUZZ_HC_ARG_MMIO, EREMIT_HC_OPEN, &o, sizeof(o));
		call_mode(&s, FUZZ_HC_ARG_MMIO, EREMIT_HC_READ, &r, sizeof(r));
		call_mode(&s, FUZZ_HC_ARG_MMIO, EREMIT_HC_CLOSE, &c, sizeof(c));
	}
	save(&s, argv[1], "mmio");
	return 0;
}
