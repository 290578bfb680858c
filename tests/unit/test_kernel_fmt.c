/* SPDX-License-Identifier: MIT */
/* Unit tests of the kernel's vsnprintf, checked against the host's. */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/fmt.h"
#include "unit_check.h"

/*
 * Formats with fmt_vsnprintf and the host's vsnprintf for every buffer size
 * from 0 to one past the full length; ours writes into a buffer of exactly
 * that size (ASan catches a write past it) and must agree in return value and
 * every byte written (the full output is compared first, so a mismatch is
 * reported with it). Returns whether all sizes agreed.
 */
static int vsame(int line, const char *fmt, va_list ap)
{
	char want[4096], got_full[4096];
	va_list a;
	int ok = 1;

	va_copy(a, ap);
	int n = vsnprintf(want, sizeof(want), fmt, a);
	va_end(a);
	if (n < 0 || (size_t)n >= sizeof(want)) {
		fprintf(stderr, "%s:%d: bad test case \"%s\"\n", __FILE__, line, fmt);
		return 0;
	}
	for (size_t size = (size_t)n + 1;; size--) { /* the full output first */
		char *got = malloc(size ? size : 1);
		memset(got, 0x5a, size ? size : 1);
		va_copy(a, ap);
		int r = fmt_vsnprintf(got, size, fmt, a);
		va_end(a);
		char w[4096];
		va_copy(a, ap);
		vsnprintf(w, size, fmt, a);
		va_end(a);
		if (r != n || (size && memcmp(got, w, size)) || (!size && got[0] != 0x5a)) {
			if (ok) {
				va_copy(a, ap);
				fmt_vsnprintf(got_full, sizeof(got_full), fmt, a);
				va_end(a);
				fprintf(stderr,
					"%s:%d: \"%s\" (size %zu): got %d \"%s\", host %d \"%s\"\n",
					__FILE__, line, fmt, size, r, got_full, n, want);
			}
			ok = 0;
		}
		free(got);
		if (!size)
			break;
	}
	return ok;
}

__attribute__((format(printf, 2, 3))) static int same_ok(int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int ok = vsame(line, fmt, ap);
	va_end(ap);
	return ok;
}

/* The output and return value agree with the host's for every buffer size. */
#define SAME(...) unit_check(same_ok(__LINE__, __VA_ARGS__), __FILE__, __LINE__, #__VA_ARGS__)

/* The full output is exactly `want` (for what the host prints differently). */
__attribute__((format(printf, 3, 4))) static int is_ok(int line, const char *want, const char *fmt,
						       ...)
{
	char got[512];
	va_list ap;

	va_start(ap, fmt);
	int r = fmt_vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	if (r == (int)strlen(want) && !strcmp(got, want))
		return 1;
	fprintf(stderr, "%s:%d: \"%s\": got %d \"%s\", want \"%s\"\n", __FILE__, line, fmt, r, got,
		want);
	return 0;
}

#define IS(...) unit_check(is_ok(__LINE__, __VA_ARGS__), __FILE__, __LINE__, #__VA_ARGS__)

static void test_integers(void)
{
	SAME("%d", 0);
	SAME("%d", 1);
	SAME("%d", -1);
	SAME("%d", INT_MAX);
	SAME("%d", INT_MIN);
	SAME("%i", -42);
	SAME("%i", 123456789);
	SAME("%u", 0u);
	SAME("%u", 4000000000u);
	SAME("%u", UINT_MAX);
	SAME("%x", 0u);
	SAME("%x", 0xdeadbeefu);
	SAME("%X", 0xdeadbeefu);
	SAME("%x", UINT_MAX);
	SAME("%o", 0u);
	SAME("%o", 8u);
	SAME("%o", 0777u);
	SAME("%o", UINT_MAX);
}

static void test_flags_width(void)
{
	SAME("[%5d]", 42);
	SAME("[%-5d]", 42);
	SAME("[%05d]", 42);
	SAME("[%05d]", -42);
	SAME("[%-5d]", -42);
	SAME("[%1d]", 12345);
	SAME("[%2d]", -12345);
	SAME("[%5u]", 7u);
	SAME("[%08x]", 0xbeefu);
	SAME("[%-8X]", 0xbeefu);
	SAME("[%6o]", 8u);
	SAME("[%#x]", 255u);
	SAME("[%#X]", 255u);
	SAME("[%#o]", 8u);
	SAME("[%#o]", 1u);
	SAME("[%#10x]", 255u);
	SAME("[%#010x]", 255u);
	SAME("[%#-10x]", 255u);
	SAME("[%#010o]", 8u);
	SAME("[%300d]", -1);
	SAME("[%-300u]", 1u);
	SAME("[%*d]", 6, 42);
	SAME("[%-*d]", 6, 42);
	SAME("[%0*d]", 6, -42);
	SAME("[%*d]", 0, 42);
	SAME("[%*s|%*d]", 4, "a", 3, 5);
}

static void test_zero_with_alt(void)
{
	/* C: '#' adds 0x only to a non-zero value, and makes %o's first digit 0. */
	SAME("[%#x]", 0u);
	SAME("[%#X]", 0u);
	SAME("[%#o]", 0u);
	SAME("[%#5x]", 0u);
	SAME("[%#llx]", 0ull);
	SAME("[%x]", 0u);
	SAME("[%05x]", 0u);
	SAME("[%-3o]", 0u);
}

static void test_length_modifiers(void)
{
	SAME("%hhd", 200);
	SAME("%hhd", -128);
	SAME("%hhi", 127);
	SAME("%hhu", 511);
	SAME("%hhx", -1);
	SAME("%hho", 0x1ff);
	SAME("%hd", 70000);
	SAME("%hd", -32768);
	SAME("%hu", -1);
	SAME("%hx", 0x12345);
	SAME("%hX", 0xabcde);
	SAME("%ld", LONG_MIN);
	SAME("%ld", LONG_MAX);
	SAME("%lu", ULONG_MAX);
	SAME("%lx", 0x123456789abcdefUL);
	SAME("%lo", ULONG_MAX);
	SAME("%lld", LLONG_MIN);
	SAME("%lld", LLONG_MAX);
	SAME("%llu", ULLONG_MAX);
	SAME("%llx", ULLONG_MAX);
	SAME("%llX", 0xfedcba9876543210ULL);
	SAME("%llo", ULLONG_MAX);
	SAME("%lli", -1LL);
	SAME("%" PRId64, INT64_MIN);
	SAME("%" PRIu64, UINT64_MAX);
	SAME("[%-25" PRId64 "]", INT64_MIN);
	SAME("[%025" PRId64 "]", INT64_MIN);
	SAME("[%#25" PRIx64 "]", UINT64_MAX);
	SAME("%zu", SIZE_MAX);
	SAME("%zd", (ssize_t)-1);
	SAME("%zx", (size_t)0xabcdef);
	SAME("%td", (ptrdiff_t)-5);
	SAME("%tx", (ptrdiff_t)PTRDIFF_MAX);
	SAME("%jd", INTMAX_MIN);
	SAME("%ju", UINTMAX_MAX);
	SAME("%jx", (uintmax_t)0x8000000000000000ULL);
	/* Arguments of different sizes in one call keep their places. */
	SAME("%hhd %lld %d %zu %hd %s %ju %c", 300, LLONG_MIN, -7, (size_t)9, 65537, "s",
	     UINTMAX_MAX, 'z');
	SAME("%d %ld %d %lld %d", 1, 2L, 3, 4LL, 5);
}

/*
 * Whether "%.<prec>s" of an unterminated array of len bytes prints its first
 * prec bytes without reading past it. Runs in a child so that an ASan report
 * (exit status non-zero) is a result, not the end of the test.
 */
static int unterminated_ok(size_t len, int prec)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		char *raw = malloc(len), out[64];
		memset(raw, 'a', len);
		int r = fmt_snprintf(out, sizeof(out), "%.*s", prec, raw);
		int ok = r == prec && strspn(out, "a") == (size_t)prec && !out[prec];
		free(raw);
		_exit(!ok);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void test_strings_chars(void)
{
	const char *volatile null = NULL;

	SAME("%s", "hello");
	SAME("%s", "");
	SAME("[%10s]", "hello");
	SAME("[%-10s]", "hello");
	SAME("[%3s]", "hello");
	SAME("[%.3s]", "hello");
	SAME("[%.0s]", "hello");
	SAME("[%.10s]", "hi");
	SAME("[%8.3s]", "hello");
	SAME("[%-8.3s]", "hello");
	SAME("[%.*s]", 2, "hello");
	SAME("[%.*s]", 0, "hello");
	SAME("[%.*s]", -1, "hello"); /* a negative precision is no precision */
	SAME("[%*.*s]", 7, 2, "hello");
	SAME("[%-*.*s]", 7, 2, "hello");
	SAME("[%s]", null);
	SAME("[%10s]", null);
	SAME("[%-8s]", null);
	SAME("[%.6s]", null);
	/* C: with a precision the array needs no NUL within it. */
	CHECK(unterminated_ok(3, 3)); /* %.3s of a 3-byte array without NUL */
	CHECK(unterminated_ok(3, 2));
	CHECK(unterminated_ok(1, 0));
	SAME("%c", 'a');
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("[%c]", 0);     /* an embedded NUL counts */
	SAME("[%c]", 0x1ff); /* converted to unsigned char */
	SAME("100%%");
	SAME("%%%d%%", 5);
	SAME("%s=%d, %s=%x%%", "a", -1, "b", 0x1fu);
	/* C: a width applies to %c, and a negative '*' width means '-'. */
	SAME("[%3c]", 'x');
	SAME("[%-3c]", 'x');
	SAME("[%*d]", -5, 42);
	SAME("[%*s]", -5, "ab");
}

static void test_pointers(void)
{
	/* glibc prints "(nil)" for NULL; the kernel prints 0x0. */
	IS("0x0", "%p", (void *)0);
	IS("0x1234", "%p", (void *)0x1234);
	IS("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	IS("[      0x1234]", "[%12p]", (void *)0x1234);
	IS("[0x1234      ]", "[%-12p]", (void *)0x1234);
	IS("[       0x0]", "[%10p]", (void *)0);
	SAME("%p", (void *)0xdeadbeef);
	SAME("%p %d", (void *)0xffff800000001000, 3);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static void test_odd_formats(void)
{
	/* An unknown conversion prints as is and takes no argument. */
	IS("%y", "%y");
	IS("a%yb", "a%yb");
	IS("%y 5", "%y %d", 5);
	IS("%k%q7", "%k%q%d", 7);
	/* A lone '%' at the end stops there. */
	IS("abc", "abc%");
	IS("", "%");
	IS("7", "%d%", 7);
	/* "%5%" prints one '%', as glibc does. */
	IS("[%]", "[%5%]");
	/* '-' overrides '0'. */
	SAME("[%0-5d]", 42);
	SAME("[%-05d]", -42);
	SAME("[%#-08X]", 0xabu);
}
#pragma GCC diagnostic pop

static void test_truncation(void)
{
	char buf[16];

	memset(buf, 0x5a, sizeof(buf));
	CHECK(fmt_snprintf(buf, 4, "hello") == 5);
	CHECK(!memcmp(buf, "hel", 4) && buf[4] == 0x5a);

	memset(buf, 0x5a, sizeof(buf));
	CHECK(fmt_snprintf(buf, 1, "%d", 12345) == 5);
	CHECK(buf[0] == 0 && buf[1] == 0x5a);

	memset(buf, 0x5a, sizeof(buf));
	CHECK(fmt_snprintf(buf, 0, "%s%d", "abc", 12) == 5);
	CHECK(buf[0] == 0x5a);
	CHECK(fmt_snprintf(NULL, 0, "%20d", 1) == 20);

	memset(buf, 0x5a, sizeof(buf));
	CHECK(fmt_snprintf(buf, 6, "hello") == 5);
	CHECK(!strcmp(buf, "hello") && buf[6] == 0x5a);

	memset(buf, 0x5a, sizeof(buf));
	CHECK(fmt_snprintf(buf, 5, "hello") == 5);
	CHECK(!strcmp(buf, "hell") && buf[5] == 0x5a);

	memset(buf, 0x5a, sizeof(buf));
	CHECK(fmt_snprintf(buf, sizeof(buf), "%s", "") == 0);
	CHECK(buf[0] == 0 && buf[1] == 0x5a);

	/* Width padding past the end is counted, not written. */
	memset(buf, 0x5a, sizeof(buf));
	CHECK(fmt_snprintf(buf, 8, "%-100s|", "x") == 101);
	CHECK(!memcmp(buf, "x      ", 8) && buf[8] == 0x5a);
}

int main(void)
{
	test_integers();
	test_flags_width();
	test_zero_with_alt();
	test_length_modifiers();
	test_strings_chars();
	test_pointers();
	test_odd_formats();
	test_truncation();
	TEST_DONE();
}
