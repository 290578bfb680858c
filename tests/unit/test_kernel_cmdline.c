/* SPDX-License-Identifier: MIT */
/* Unit tests of the -append line parser: words, escapes, "--", flags. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "unit_check.h"

/*
 * Whether the iterator yields exactly the NULL-terminated list of words that
 * follows, each into a buffer of exactly its size (ASan catches a write past
 * it), and then -1, twice.
 */
static int vyields(struct cmdline_iter it, const char *where, va_list ap)
{
	const char *want;
	int i = 0;

	while ((want = va_arg(ap, const char *))) {
		size_t cap = strlen(want) + 1;
		char *out = malloc(cap);
		long n = cmdline_next(&it, out, cap);
		int ok = n == (long)cap - 1 && !memcmp(out, want, cap);
		if (!ok)
			fprintf(stderr, "%s: word %d: got %ld \"%.*s\", want \"%s\"\n", where, i, n,
				n < 0 ? 0 : (int)cap, out, want);
		free(out);
		if (!ok)
			return 0;
		i++;
	}
	char rest[64];
	long n = cmdline_next(&it, rest, sizeof(rest));
	if (n >= 0) {
		fprintf(stderr, "%s: extra word %d: \"%s\"\n", where, i, rest);
		return 0;
	}
	return cmdline_next(&it, rest, sizeof(rest)) == -1;
}

static int words_ok(const char *cmdline, ...)
{
	va_list ap;

	va_start(ap, cmdline);
	int ok = vyields((struct cmdline_iter){cmdline}, cmdline ? cmdline : "(NULL)", ap);
	va_end(ap);
	return ok;
}

static int argv_ok(const char *cmdline, ...)
{
	va_list ap;

	va_start(ap, cmdline);
	int ok = vyields(cmdline_argv(cmdline), cmdline ? cmdline : "(NULL)", ap);
	va_end(ap);
	return ok;
}

/* All the words of cmdline, then of its argv, are the lists given. */
#define WORDS(...)                                                                                 \
	unit_check(words_ok(__VA_ARGS__, (const char *)0), __FILE__, __LINE__, #__VA_ARGS__)
#define ARGV(...)                                                                                  \
	unit_check(argv_ok(__VA_ARGS__, (const char *)0), __FILE__, __LINE__, #__VA_ARGS__)

static void test_words(void)
{
	WORDS("a bc def", "a", "bc", "def");
	WORDS("  a   b  ", "a", "b");
	WORDS("single", "single");
	WORDS("");
	WORDS("     ");
	WORDS(NULL);
	WORDS("a\tb\nc", "a\tb\nc"); /* only spaces separate */
	WORDS("eremit.verbose=1 -- prog x", "eremit.verbose=1", "--", "prog", "x");
}

static void test_escapes(void)
{
	WORDS("a\\ b c", "a b", "c");
	WORDS("\\ lead trail\\ ", " lead", "trail ");
	WORDS("a\\\\b", "a\\b");
	WORDS("\\\\ x", "\\", "x");
	WORDS("\\\\\\ y", "\\ y");
	WORDS("\\a\\b", "ab");
	WORDS("one\\  two", "one ", "two");
	WORDS("end\\", "end\\"); /* a lone backslash at the end is kept */
	WORDS("x \\", "x", "\\");
	WORDS("\\\\\\", "\\\\");
	WORDS("\\-\\- x", "--", "x");
	/* The empty word, and quotes that are not it. */
	WORDS("a \"\" b", "a", "", "b");
	WORDS("\"\"", "");
	WORDS("\\\"\\\" \"\"x \"", "\"\"", "\"\"x", "\"");
}

static void test_truncation(void)
{
	struct cmdline_iter it = {"abcdefg hi \\ \\ x"};
	char out[8];

	memset(out, 0x5a, sizeof(out));
	CHECK(cmdline_next(&it, out, 4) == 7);
	CHECK(!memcmp(out, "abc", 4) && out[4] == 0x5a);
	memset(out, 0x5a, sizeof(out));
	CHECK(cmdline_next(&it, out, 1) == 2); /* the iterator moved past "abcdefg" */
	CHECK(out[0] == 0 && out[1] == 0x5a);
	memset(out, 0x5a, sizeof(out));
	CHECK(cmdline_next(&it, out, 3) == 3); /* "  x": escapes count once each */
	CHECK(!memcmp(out, "  ", 3) && out[3] == 0x5a);
	CHECK(cmdline_next(&it, out, sizeof(out)) == -1);

	/* cap 0 writes nothing but still consumes and measures the word. */
	it = (struct cmdline_iter){"hello world"};
	memset(out, 0x5a, sizeof(out));
	CHECK(cmdline_next(&it, out, 0) == 5 && out[0] == 0x5a);
	CHECK(cmdline_next(&it, NULL, 0) == 5);
	CHECK(cmdline_next(&it, NULL, 0) == -1);

	/* An exact fit is not truncated; one less is. */
	it = (struct cmdline_iter){"four four"};
	CHECK(cmdline_next(&it, out, 5) == 4 && !strcmp(out, "four"));
	CHECK(cmdline_next(&it, out, 4) == 4 && !strcmp(out, "fou"));

	/* At the end the iterator stays at the end. */
	it = (struct cmdline_iter){"w  "};
	CHECK(cmdline_next(&it, out, sizeof(out)) == 1);
	CHECK(cmdline_next(&it, out, sizeof(out)) == -1 && it.p && !*it.p);
	it = (struct cmdline_iter){NULL};
	CHECK(cmdline_next(&it, out, sizeof(out)) == -1 && !it.p);
}

static void test_argv(void)
{
	ARGV("eremit.verbose=1 -- prog a b", "prog", "a", "b");
	ARGV("prog a b", "prog", "a", "b"); /* no "--": every word is argv */
	ARGV("-- prog", "prog");
	ARGV("--");
	ARGV("opt --");
	ARGV("  opt   --   prog  ", "prog");
	ARGV("a -- b -- c", "b", "--", "c"); /* only the first "--" splits */
	ARGV("-- --", "--");
	ARGV("x--y a", "x--y", "a");
	ARGV("--- a", "---", "a");
	ARGV("-- - ---", "-", "---");
	ARGV("--x a", "--x", "a");
	ARGV("a\\ -- b", "a --", "b"); /* an escaped space joins the "--" to "a" */
	ARGV("opt -- a\\ b c\\\\", "a b", "c\\");
	ARGV("verylongkernelword=1 -- p", "p");
	ARGV("");
	ARGV("   ");
	ARGV(NULL);
}

static void test_flag(void)
{
	const char *v = "eremit.verbose";

	CHECK(cmdline_flag("eremit.verbose=1 -- prog", v));
	CHECK(cmdline_flag("eremit.verbose=1 --", v));
	CHECK(cmdline_flag("  a eremit.verbose=1   b  --  prog", v));
	CHECK(cmdline_flag("eremit.a=1 eremit.verbose=1 -- x", v));
	CHECK(cmdline_flag("eremit.a=1 eremit.verbose=1 -- x", "eremit.a"));
	CHECK(!cmdline_flag("eremit.a=1 eremit.verbose=1 -- x", "eremit.b"));
	CHECK(!cmdline_flag("eremit.verbose=1", v)); /* no "--": no kernel options */
	CHECK(!cmdline_flag("prog eremit.verbose=1", v));
	CHECK(!cmdline_flag("-- eremit.verbose=1", v));
	CHECK(!cmdline_flag("x -- eremit.verbose=1", v));
	CHECK(!cmdline_flag("x -- y -- eremit.verbose=1", v));
	CHECK(!cmdline_flag("eremit.verbose=10 --", v));
	CHECK(!cmdline_flag("eremit.verbose=0 --", v));
	CHECK(!cmdline_flag("eremit.verbose= --", v));
	CHECK(!cmdline_flag("eremit.verbose --", v));
	CHECK(!cmdline_flag("eremit.verbosex=1 --", v));
	CHECK(!cmdline_flag("eremit.verbose.x=1 --", v));
	CHECK(!cmdline_flag("xeremit.verbose=1 --", v));
	CHECK(!cmdline_flag("eremit.verbose=1x --", v));
	CHECK(!cmdline_flag("eremit.verbose=1--", v));
	CHECK(!cmdline_flag("", v));
	CHECK(!cmdline_flag("--", v));
	CHECK(!cmdline_flag(NULL, v));

	/* Long words before the flag and long option names. */
	char line[600], name[200];
	memset(line, 'x', 300);
	strcpy(line + 300, " eremit.verbose=1 --");
	CHECK(cmdline_flag(line, v));

	/* A 125-character name, the longest the header allows: name=10 would
	 * fill the parser's word buffer as name=1 if it only compared the copy. */
	memset(name, 'n', 125), name[125] = 0;
	snprintf(line, sizeof(line), "%s=10 --", name);
	CHECK(!cmdline_flag(line, name));
	snprintf(line, sizeof(line), "%s=1 --", name);
	CHECK(cmdline_flag(line, name));
}

static void test_u64(void)
{
	uint64_t v = 7;
	const char *k = "eremit.tsc_khz";
	CHECK(cmdline_u64("eremit.tsc_khz=2596134 -- app", k, &v) && v == 2596134);
	CHECK(cmdline_u64("a=1 eremit.tsc_khz=0 b=2 -- app", k, &v) && v == 0);
	CHECK(cmdline_u64("eremit.tsc_khz=18446744073709551615 --", k, &v) &&
	      v == UINT64_MAX);
	v = 7;
	CHECK(!cmdline_u64("eremit.tsc_khz=18446744073709551616 --", k, &v) && v == 7);
	CHECK(!cmdline_u64("eremit.tsc_khz=123456789012345678901 --", k, &v) && v == 7);
	CHECK(!cmdline_u64("eremit.tsc_khz= --", k, &v));
	CHECK(!cmdline_u64("eremit.tsc_khz=12x --", k, &v));
	CHECK(!cmdline_u64("eremit.tsc_khz=-1 --", k, &v));
	CHECK(!cmdline_u64("eremit.tsc_khz --", k, &v));
	CHECK(!cmdline_u64("eremit.tsc_khzz=5 --", k, &v));
	CHECK(!cmdline_u64("eremit.tsc_khz=5", k, &v));        /* no "--": all argv */
	CHECK(!cmdline_u64("-- eremit.tsc_khz=5", k, &v));     /* after "--": argv */
	CHECK(!cmdline_u64(NULL, k, &v) && v == 7);
}

int main(void)
{
	test_u64();
	test_words();
	test_escapes();
	test_truncation();
	test_argv();
	test_flag();
	TEST_DONE();
}
