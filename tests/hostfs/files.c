// SPDX-License-Identifier: MIT
/*
 * Host files from the guest: stdio and POSIX calls on the host directory the
 * monitor grants, and every way out of it refused with the right errno.
 * Run by hostfs.sh in a prepared directory (see there) as
 *   files TMP       (TMP: the absolute host path of the test directory)
 * Prints a line per check and exits with the number of failed checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int checks, failed;

static void check(int ok, const char *what, int line)
{
	checks++;
	if (ok) {
		printf("ok: %s\n", what);
	} else {
		failed++;
		printf("FAIL: %s (line %d, errno %d: %s)\n", what, line, errno, strerror(errno));
	}
}

#define CHECK(cond) check((cond), #cond, __LINE__)
/* expr fails (-1 or NULL) with errno e */
#define FAILS(expr, e)                                                                             \
	(errno = 0, check(!(expr) && errno == (e), #expr " fails with " #e, __LINE__))
#define FAILS_NEG(expr, e)                                                                         \
	(errno = 0, check((expr) < 0 && errno == (e), #expr " fails with " #e, __LINE__))

static char *slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void stdio_files(void)
{
	char line[64];
	FILE *f = fopen("out.txt", "w");
	struct stat st;

	CHECK(f != 0);
	CHECK(fprintf(f, "first %d\nsecond %.2f\n", 1, 2.5) == 20);
	CHECK(fclose(f) == 0);
	CHECK(!strcmp(slurp("out.txt"), "first 1\nsecond 2.50\n"));
	CHECK((f = fopen("out.txt", "a")) != 0 && fputs("third\n", f) >= 0 && fclose(f) == 0);
	CHECK(!strcmp(slurp("out.txt"), "first 1\nsecond 2.50\nthird\n"));

	CHECK((f = fopen("input.txt", "r")) != 0);
	CHECK(fgets(line, sizeof(line), f) && !strcmp(line, "hello\n"));
	CHECK(fseek(f, 0, SEEK_END) == 0 && ftell(f) == 12);
	CHECK(fseek(f, 6, SEEK_SET) == 0 && fgets(line, sizeof(line), f) &&
	      !strcmp(line, "world\n"));
	CHECK(fgets(line, sizeof(line), f) == 0 && feof(f));
	CHECK(fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 12);
	CHECK(st.st_blksize >= 65536);
	FAILS_NEG(isatty(fileno(f)) - 1, ENOTTY); /* 0, not a terminal */
	CHECK(fclose(f) == 0);
	CHECK(remove("out.txt") == 0);
	FAILS(fopen("out.txt", "r"), ENOENT);
}

static void metadata(void)
{
	struct stat st;

	CHECK(stat("input.txt", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 12);
	CHECK(stat("sub", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(stat(".", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(lstat("link_in", &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat("link_in", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 12);
	CHECK(access("input.txt", R_OK | W_OK) == 0 && access("input.txt", F_OK) == 0);
	FAILS_NEG(access("missing", F_OK), ENOENT);
	CHECK(mkdir("newdir", 0755) == 0 && stat("newdir", &st) == 0 && S_ISDIR(st.st_mode));
	FAILS_NEG(mkdir("newdir", 0755), EEXIST);
	CHECK(close(open("newdir/f", O_WRONLY | O_CREAT, 0644)) == 0);
	FAILS_NEG(rmdir("newdir"), ENOTEMPTY);
	CHECK(rename("newdir/f", "newdir/g") == 0 && access("newdir/g", F_OK) == 0);
	CHECK(link("newdir/g", "newdir/h") == 0 && stat("newdir/h", &st) == 0 && st.st_nlink == 2);
	CHECK(unlink("newdir/g") == 0 && unlink("newdir/h") == 0 && rmdir("newdir") == 0);
	FAILS_NEG(rmdir("input.txt"), ENOTDIR);
	FAILS_NEG(unlink("sub"), EISDIR);
}

static void posix_io(void)
{
	char buf[32];
	int fd = open("p.bin", O_RDWR | O_CREAT | O_TRUNC, 0600), fd2;
	struct stat st;

	CHECK(fd >= 3);
	CHECK(pwrite(fd, "abc", 3, 100) == 3 && fstat(fd, &st) == 0 && st.st_size == 103);
	CHECK(pread(fd, buf, 3, 100) == 3 && !memcmp(buf, "abc", 3));
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK(write(fd, "xyz", 3) == 3 && lseek(fd, 0, SEEK_CUR) == 3);
	CHECK(lseek(fd, -3, SEEK_END) == 100);
	FAILS_NEG(lseek(fd, -1000, SEEK_SET), EINVAL);
	CHECK((fd2 = dup(fd)) > fd && close(fd) == 0);
	CHECK(lseek(fd2, 0, SEEK_SET) == 0 && read(fd2, buf, 3) == 3 && !memcmp(buf, "xyz", 3));
	CHECK(ftruncate(fd2, 2) == 0 && fstat(fd2, &st) == 0 && st.st_size == 2);
	CHECK(fcntl(fd2, F_GETFL) == O_RDWR);
	CHECK(fsync(fd2) == 0 && close(fd2) == 0);
	FAILS_NEG(close(fd2), EBADF);
	FAILS_NEG(read(fd2, buf, 1), EBADF);
	CHECK(truncate("p.bin", 0) == 0 && stat("p.bin", &st) == 0 && st.st_size == 0);
	CHECK(unlink("p.bin") == 0);

	fd = open("input.txt", O_RDONLY);
	FAILS_NEG(write(fd, "x", 1), EBADF);
	close(fd);
	FAILS_NEG(open("missing", O_RDONLY), ENOENT);
	FAILS_NEG(open("input.txt/x", O_RDONLY), ENOTDIR);
	FAILS_NEG(open("input.txt", O_WRONLY | O_CREAT | O_EXCL, 0600), EEXIST);
	FAILS_NEG(open("sub", O_WRONLY), EISDIR);
	CHECK((fd = open("sub", O_RDONLY)) >= 0 && close(fd) == 0);
	FAILS_NEG(open("link_in", O_RDONLY | O_NOFOLLOW), ELOOP);

	char name[301];
	memset(name, 'a', 300);
	name[300] = 0;
	FAILS_NEG(open(name, O_RDONLY), ENAMETOOLONG);
	char *huge = malloc(5001);
	memset(huge, 'b', 5000);
	huge[5000] = 0;
	FAILS_NEG(open(huge, O_RDONLY), ENAMETOOLONG);
	free(huge);

	char tmpl[] = "tmpXXXXXX";
	CHECK((fd = mkstemp(tmpl)) >= 0 && close(fd) == 0 && unlink(tmpl) == 0);
}

/* Descriptors run out cleanly and come back. */
static void many_files(void)
{
	static int fds[1100];
	int n = 0;

	while (n < 1100 && (fds[n] = open("input.txt", O_RDONLY)) >= 0)
		n++;
	CHECK(n > 1000 && n < 1100 && errno == EMFILE);
	while (n > 0)
		close(fds[--n]);
	CHECK((fds[0] = open("input.txt", O_RDONLY)) >= 0 && close(fds[0]) == 0);
}

static void escapes(const char *tmp)
{
	char abs[512];
	struct stat st;

	snprintf(abs, sizeof(abs), "%s/outside/secret", tmp);
	FAILS_NEG(open("../outside/secret", O_RDONLY), EACCES);
	FAILS_NEG(open("sub/../../outside/secret", O_RDONLY), EACCES);
	FAILS_NEG(open(abs, O_RDONLY), EACCES);
	FAILS(fopen("/etc/passwd", "r"), EACCES);
	FAILS_NEG(stat("/etc/passwd", &st), EACCES);
	FAILS_NEG(open("link_out", O_RDONLY), EACCES);
	FAILS_NEG(open("link_abs", O_RDONLY), EACCES);
	FAILS_NEG(open("link_out", O_WRONLY | O_CREAT | O_TRUNC, 0600), EACCES);
	FAILS_NEG(open("link_dir/secret", O_RDONLY), EACCES);
	FAILS_NEG(stat("link_out", &st), EACCES);
	CHECK(lstat("link_out", &st) == 0 && S_ISLNK(st.st_mode));
	FAILS_NEG(unlink("../outside/secret"), EACCES);
	FAILS_NEG(unlink(abs), EACCES);
	FAILS_NEG(rename("input.txt", "../outside/moved"), EACCES);
	FAILS_NEG(rename(abs, "stolen"), EACCES);
	FAILS_NEG(mkdir("../outside/newdir", 0755), EACCES);
	FAILS_NEG(link("link_out", "../outside/l"), EACCES);
	FAILS_NEG(access(abs, F_OK), EACCES);
	FAILS_NEG(access("link_out", F_OK), EACCES);
	/* The guest's / is not the host's: nothing is mounted there. */
	FAILS_NEG(open("/", O_RDONLY), EACCES);
}

static void mounts(void)
{
	struct stat st;
	FILE *f;

	CHECK(!strcmp(slurp("/ro/data.txt"), "read only\n"));
	FAILS(fopen("/ro/new.txt", "w"), EROFS);
	FAILS(fopen("/ro/data.txt", "r+"), EROFS);
	FAILS_NEG(unlink("/ro/data.txt"), EROFS);
	FAILS_NEG(mkdir("/ro/d", 0755), EROFS);
	FAILS_NEG(access("/ro/data.txt", W_OK), EROFS);
	CHECK(access("/ro/data.txt", R_OK) == 0);
	FAILS_NEG(open("/ro/../outside/secret", O_RDONLY), EACCES);

	CHECK((f = fopen("/scratch/a.txt", "w")) && fputs("scratch\n", f) >= 0 && fclose(f) == 0);
	CHECK(rename("/scratch/a.txt", "/scratch/b.txt") == 0);
	FAILS_NEG(rename("/scratch/b.txt", "moved.txt"), EXDEV);
	CHECK(stat("/scratch/b.txt", &st) == 0 && st.st_size == 8);
	CHECK(stat("/scratch", &st) == 0 && S_ISDIR(st.st_mode));
	FAILS_NEG(rmdir("/scratch"), EBUSY);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s TMP\n", argv[0]);
		return 100;
	}
	stdio_files();
	metadata();
	posix_io();
	many_files();
	escapes(argv[1]);
	mounts();
	printf("%d checks, %d failed\n", checks, failed);
	return failed;
}
