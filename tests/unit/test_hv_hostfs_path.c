/* SPDX-License-Identifier: MIT */
/* Unit tests of guest path cleaning and mount matching (the sandbox's first step). */
#include <errno.h>
#include <string.h>

#include "hostfs.h"
#include "unit_check.h"

static char out[64];

static int clean(const char *cwd, const char *path)
{
	return hv_path_clean(cwd, path, strlen(path), out, sizeof(out));
}

#define CLEANS(cwd, path, want) CHECK(clean(cwd, path) == 0 && !strcmp(out, want))

static void test_clean(void)
{
	CLEANS("/w", "a", "/w/a");
	CLEANS("/w", "./a/./b/", "/w/a/b");
	CLEANS("/w", "a//b///c", "/w/a/b/c");
	CLEANS("/w/x", "..", "/w");
	CLEANS("/w/x", "../..", "/");
	CLEANS("/w/x", "../../../../etc", "/etc"); /* "/.." is "/" */
	CLEANS("/w", "/abs/../b", "/b");
	CLEANS("/w", "/", "/");
	CLEANS("/w", ".", "/w");
	CLEANS("/", "a", "/a");
	CLEANS("/", "..", "/");
	CLEANS("/w", "...", "/w/...");
	CLEANS("/w", "..a/b..", "/w/..a/b..");
	CLEANS("/w", "a/b/../../c", "/w/c");
	CHECK(clean("/w", "") == -ENOENT);
	CHECK(hv_path_clean("/w", "a\0b", 3, out, sizeof(out)) == -EINVAL);
	/* Exactly full, one too many, and a cwd that alone does not fit. */
	CHECK(hv_path_clean("/", "abcd", 4, out, 6) == 0 && !strcmp(out, "/abcd"));
	CHECK(hv_path_clean("/", "abcde", 5, out, 6) == -ENAMETOOLONG);
	CHECK(hv_path_clean("/long/cwd", "a", 1, out, 6) == -ENAMETOOLONG);
	CHECK(hv_path_clean("/", "a", 1, out, 1) == -ENAMETOOLONG);
	/* ".." frees room again. */
	CHECK(hv_path_clean("/", "abcd/../xy", 10, out, 6) == 0 && !strcmp(out, "/xy"));
}

static void test_mount(void)
{
	struct hv_mount m[] = {
	    {.guest = "/work"},
	    {.guest = "/work/data"},
	    {.guest = "/ro"},
	    {.guest = "/"},
	};
	const char *rest = 0;

	CHECK(hv_path_mount(m, 3, "/work/a/b", &rest) == &m[0] && !strcmp(rest, "a/b"));
	CHECK(hv_path_mount(m, 3, "/work", &rest) == &m[0] && !strcmp(rest, ""));
	CHECK(hv_path_mount(m, 3, "/work/data/x", &rest) == &m[1] && !strcmp(rest, "x"));
	CHECK(hv_path_mount(m, 3, "/work/database", &rest) == &m[0] && !strcmp(rest, "database"));
	CHECK(hv_path_mount(m, 3, "/workers", &rest) == 0);
	CHECK(hv_path_mount(m, 3, "/", &rest) == 0);
	CHECK(hv_path_mount(m, 3, "/r", &rest) == 0);
	CHECK(hv_path_mount(m, 3, "/ro/f", &rest) == &m[2] && !strcmp(rest, "f"));
	/* A mount at / takes what nothing longer takes. */
	CHECK(hv_path_mount(m, 4, "/etc/passwd", &rest) == &m[3] && !strcmp(rest, "etc/passwd"));
	CHECK(hv_path_mount(m, 4, "/", &rest) == &m[3] && !strcmp(rest, ""));
	CHECK(hv_path_mount(m, 4, "/work/data", &rest) == &m[1] && !strcmp(rest, ""));
}

int main(void)
{
	test_clean();
	test_mount();
	TEST_DONE();
}
