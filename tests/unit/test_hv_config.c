/* SPDX-License-Identifier: MIT */
/* Unit tests of the monitor's option, variable and size parsing. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "status.h"
#include "unit_check.h"

static void test_sizes(void)
{
	uint64_t v = 0;

	CHECK(!hv_parse_size("512M", &v) && v == 512ull << 20);
	CHECK(!hv_parse_size("512m", &v) && v == 512ull << 20);
	CHECK(!hv_parse_size("2G", &v) && v == 2ull << 30);
	CHECK(!hv_parse_size("2gib", &v) && v == 2ull << 30);
	CHECK(!hv_parse_size("64MB", &v) && v == 64ull << 20);
	CHECK(!hv_parse_size("64MiB", &v) && v == 64ull << 20);
	CHECK(!hv_parse_size("1k", &v) && v == 1024);
	CHECK(!hv_parse_size("1T", &v) && v == 1ull << 40);
	CHECK(!hv_parse_size("4096", &v) && v == 4096);
	CHECK(!hv_parse_size("4096b", &v) && v == 4096);
	CHECK(!hv_parse_size("18446744073709551615", &v) && v == UINT64_MAX);
	CHECK(hv_parse_size("", &v) && strstr(hv_parse_size("", &v), "not a size"));
	CHECK(hv_parse_size("garbage", &v));
	CHECK(hv_parse_size("M", &v));
	CHECK(hv_parse_size("-1M", &v));
	CHECK(hv_parse_size("+1M", &v));
	CHECK(hv_parse_size(" 1M", &v));
	CHECK(hv_parse_size("1M ", &v));
	CHECK(hv_parse_size("1.5G", &v));
	CHECK(hv_parse_size("1X", &v));
	CHECK(hv_parse_size("1ib", &v)); /* iB needs a unit */
	CHECK(hv_parse_size("1MBB", &v));
	CHECK(strstr(hv_parse_size("0", &v), "zero"));
	CHECK(strstr(hv_parse_size("0G", &v), "zero"));
	CHECK(strstr(hv_parse_size("18446744073709551616", &v), "too large"));
	CHECK(strstr(hv_parse_size("17179869184G", &v), "too large"));
}

static int parse(struct hv_config *cfg, int argc, const char **argv)
{
	return hv_config_parse(cfg, argc, (char **)argv);
}

static void test_options(void)
{
	struct hv_config c;

	unsetenv("HERMIT_MEM"), unsetenv("HERMIT_CPUS"), unsetenv("HERMIT_VERBOSE");
	{
		const char *a[] = {"eremit", "img", "--mem", "1G", 0};
		CHECK(parse(&c, 4, a) == 0);
		CHECK(c.mem == 512ull << 20 && c.cpus == 1 && !c.verbose && !c.qemu);
		CHECK(!strcmp(c.image, "img") && c.argc == 2 && !strcmp(c.argv[0], "--mem"));
	}
	{
		const char *a[] = {"eremit", "--mem", "1G", "--verbose", "--qemu", "--cpus=1",
				   "img",    "x",     0};
		CHECK(parse(&c, 8, a) == 0);
		CHECK(c.mem == 1ull << 30 && c.verbose && c.qemu && c.argc == 1);
	}
	{
		const char *a[] = {"eremit", "--mem=33554433", "--", "--img", 0};
		CHECK(parse(&c, 4, a) == 0);
		CHECK(c.mem == (32ull << 20) + 4096); /* rounded up to a page */
		CHECK(!strcmp(c.image, "--img") && c.argc == 0);
	}
	{
		const char *a[] = {"eremit", "--help", 0};
		CHECK(parse(&c, 2, a) == 1);
	}
	{
		const char *a[] = {"eremit", "--version", 0};
		CHECK(parse(&c, 2, a) == 1);
	}
	const char *bad[][3] = {
	    {"--bogus", "img"}, {"--mem", "1K"}, {"--mem", "lots"}, {"--mem", "0"},
	    {"--mem", "1T"},	{"--cpus", "257"}, {"--cpus", "abc"}, {"--cpus", "0"},
	    {"--cpus", "-1"},	{"--mem"},	 {"--verbose"},	    {"-x", "img"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *a[] = {"eremit", bad[i][0], bad[i][1], bad[i][1] ? "img" : 0, 0};
		int argc = bad[i][1] ? 4 : 2;
		CHECK(parse(&c, argc, a) == -1);
	}
}

static void test_env(void)
{
	struct hv_config c;
	const char *a[] = {"eremit", "img", 0};
	const char *o[] = {"eremit", "--mem", "64M", "img", 0};

	setenv("HERMIT_MEM", "128m", 1);
	setenv("HERMIT_CPUS", "1", 1);
	setenv("HERMIT_VERBOSE", "1", 1);
	CHECK(parse(&c, 2, a) == 0 && c.mem == 128ull << 20 && c.verbose);
	CHECK(parse(&c, 4, o) == 0 && c.mem == 64ull << 20); /* the option wins */
	setenv("HERMIT_MEM", "garbage", 1);
	CHECK(parse(&c, 2, a) == -1);
	CHECK(parse(&c, 4, o) == 0); /* overridden: never looked at */
	setenv("HERMIT_MEM", "1K", 1);
	CHECK(parse(&c, 2, a) == -1);
	unsetenv("HERMIT_MEM");
	setenv("HERMIT_CPUS", "abc", 1);
	CHECK(parse(&c, 2, a) == -1);
	setenv("HERMIT_CPUS", "300", 1);
	CHECK(parse(&c, 2, a) == -1);
	setenv("HERMIT_CPUS", "16", 1);
	CHECK(parse(&c, 2, a) == 0 && c.cpus == 16);
	unsetenv("HERMIT_CPUS");
	setenv("HERMIT_VERBOSE", "yes", 1);
	CHECK(parse(&c, 2, a) == -1);
	setenv("HERMIT_VERBOSE", "0", 1);
	CHECK(parse(&c, 2, a) == 0 && !c.verbose);
	unsetenv("HERMIT_VERBOSE");
}

/* --numa N: 1..64 nodes of at least 2 MiB each; HERMIT_NUMA likewise, the option wins. */
static void test_numa(void)
{
	struct hv_config c;

	unsetenv("HERMIT_MEM"), unsetenv("HERMIT_CPUS"), unsetenv("HERMIT_NUMA");
	{
		const char *a[] = {"eremit", "img", 0};
		CHECK(parse(&c, 2, a) == 0 && c.numa == 1);
	}
	{
		const char *a[] = {"eremit", "--numa", "2", "--cpus=4", "img", 0};
		CHECK(parse(&c, 5, a) == 0 && c.numa == 2 && c.cpus == 4);
	}
	{
		/* 64 nodes of 2 MiB: the least memory that allows them. */
		const char *a[] = {"eremit", "--mem", "128M", "--numa=64", "img", 0};
		CHECK(parse(&c, 5, a) == 0 && c.numa == 64);
	}
	{
		/* More nodes than vCPUs: memory-only nodes. */
		const char *a[] = {"eremit", "--numa", "3", "img", 0};
		CHECK(parse(&c, 4, a) == 0 && c.numa == 3 && c.cpus == 1);
	}
	const char *bad[][4] = {
	    {"--numa", "0"},   {"--numa", "65"},		{"--numa", "-1"},
	    {"--numa", "two"}, {"--numa", "2x"},		{"--numa", ""},
	    {"--numa", "1e1"}, {"--mem", "64M", "--numa", "64"}, /* 1 MiB per node */
	    {"--numa"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *a[7] = {"eremit"};
		int n = 1;
		for (int k = 0; k < 4 && bad[i][k]; k++)
			a[n++] = bad[i][k];
		if (n > 2)
			a[n++] = "img";
		CHECK(parse(&c, n, a) == -1);
	}
	{
		const char *a[] = {"eremit", "img", 0};
		const char *o[] = {"eremit", "--numa", "2", "img", 0};
		setenv("HERMIT_NUMA", "4", 1);
		CHECK(parse(&c, 2, a) == 0 && c.numa == 4);
		CHECK(parse(&c, 4, o) == 0 && c.numa == 2); /* the option wins */
		setenv("HERMIT_NUMA", "0", 1);
		CHECK(parse(&c, 2, a) == -1);
		CHECK(parse(&c, 4, o) == 0 && c.numa == 2); /* overridden: never looked at */
		setenv("HERMIT_NUMA", "17", 1);
		setenv("HERMIT_MEM", "32M", 1);
		CHECK(parse(&c, 2, a) == -1); /* 32 MiB hold 16 nodes */
		setenv("HERMIT_NUMA", "16", 1);
		CHECK(parse(&c, 2, a) == 0 && c.numa == 16 && c.mem == 32ull << 20);
		unsetenv("HERMIT_NUMA"), unsetenv("HERMIT_MEM");
	}
}

int main(void)
{
	test_sizes();
	test_options();
	test_env();
	test_numa();
	TEST_DONE();
}
