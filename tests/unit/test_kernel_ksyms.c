/* SPDX-License-Identifier: MIT */
/* Unit tests of address-to-symbol lookup, on good and damaged tables. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksyms.h"
#include "unit_check.h"

/*
 * A table in a malloc'd buffer of exactly `size` bytes, so that ASan reports
 * any read past it: the count, `nent` entries, then names_len bytes of names.
 * size may be less than that to cut the table short.
 */
static struct ksyms_table raw(uint64_t count, const struct ksyms_entry *ent, size_t nent,
			      const char *names, size_t names_len, size_t size)
{
	size_t full = sizeof(count) + nent * sizeof(*ent) + names_len;
	char *buf = malloc(full ? full : 1);

	memcpy(buf, &count, sizeof(count));
	if (nent)
		memcpy(buf + sizeof(count), ent, nent * sizeof(*ent));
	if (names_len)
		memcpy(buf + sizeof(count) + nent * sizeof(*ent), names, names_len);
	if (size < full) {
		char *cut = malloc(size ? size : 1);
		memcpy(cut, buf, size);
		free(buf);
		buf = cut;
	}
	return (struct ksyms_table){buf, size};
}

static struct ksyms_table whole(const struct ksyms_entry *ent, size_t n, const char *names,
				size_t names_len)
{
	return raw(n, ent, n, names, names_len, 8 + n * sizeof(*ent) + names_len);
}

static void drop(struct ksyms_table t)
{
	free((void *)t.base);
}

/* lookup(t, addr) names `want` at offset `off` (want NULL: no symbol). */
static int is(const struct ksyms_table *t, uint64_t addr, const char *want, uint64_t off)
{
	uint64_t got_off = 0xdead;
	const char *got = ksyms_lookup(t, addr, &got_off);

	if (!want ? !got : got && !strcmp(got, want) && got_off == off)
		return 1;
	fprintf(stderr, "  lookup(%#llx): got %s+%#llx, want %s+%#llx\n", (unsigned long long)addr,
		got ? got : "NULL", (unsigned long long)got_off, want ? want : "NULL",
		(unsigned long long)off);
	return 0;
}

#define IS(t, addr, want, off) CHECK(is(&(t), addr, want, off))

static const char names[] = "_start\0kernel_main\0fault\0last"; /* offsets 0 7 19 25 */

static void test_lookup(void)
{
	const struct ksyms_entry e[] = {
	    {0x200000, 0}, {0x200100, 7}, {0x200400, 19}, {0x201000, 25}};
	struct ksyms_table t = whole(e, 4, names, sizeof(names));

	IS(t, 0, NULL, 0);
	IS(t, 0x1fffff, NULL, 0); /* below the first symbol */
	IS(t, 0x200000, "_start", 0);
	IS(t, 0x200001, "_start", 1);
	IS(t, 0x2000ff, "_start", 0xff);
	IS(t, 0x200100, "kernel_main", 0);
	IS(t, 0x200123, "kernel_main", 0x23);
	IS(t, 0x2003ff, "kernel_main", 0x2ff);
	IS(t, 0x200400, "fault", 0);
	IS(t, 0x200fff, "fault", 0xbff);
	IS(t, 0x201000, "last", 0);
	IS(t, 0x201234, "last", 0x234); /* the last symbol covers everything above */
	IS(t, UINT64_MAX, "last", UINT64_MAX - 0x201000);
	drop(t);

	/* One symbol; a symbol at address 0. */
	const struct ksyms_entry one[] = {{0, 7}};
	t = whole(one, 1, names, sizeof(names));
	IS(t, 0, "kernel_main", 0);
	IS(t, 42, "kernel_main", 42);
	drop(t);

	/* Every table size from 1 to 65 entries, every boundary. */
	for (size_t n = 1; n <= 65; n++) {
		struct ksyms_entry *many = malloc(n * sizeof(*many));
		char nm[65 * 4];
		for (size_t i = 0; i < n; i++) {
			snprintf(nm + 4 * i, 4, "s%02zu", i);
			many[i] = (struct ksyms_entry){0x1000 + 0x10 * i, 4 * i};
		}
		t = whole(many, n, nm, 4 * n);
		int ok = is(&t, 0xfff, NULL, 0);
		for (size_t i = 0; i < n; i++) {
			char want[4];
			snprintf(want, sizeof(want), "s%02zu", i);
			ok &= is(&t, 0x1000 + 0x10 * i, want, 0);
			ok &= is(&t, 0x1000 + 0x10 * i + 0xf, want, 0xf);
		}
		CHECK(ok);
		drop(t);
		free(many);
	}
}

static void test_duplicates(void)
{
	/* Aliases at one address: the last entry at or below addr wins. */
	const struct ksyms_entry e[] = {{0x10, 0}, {0x10, 7}, {0x10, 19}, {0x20, 25}};
	struct ksyms_table t = whole(e, 4, names, sizeof(names));

	IS(t, 0xf, NULL, 0);
	IS(t, 0x10, "fault", 0);
	IS(t, 0x1f, "fault", 0xf);
	IS(t, 0x20, "last", 0);
	drop(t);

	const struct ksyms_entry f[] = {{0x10, 0}, {0x20, 7}, {0x20, 19}};
	t = whole(f, 3, names, sizeof(names));
	IS(t, 0x1f, "_start", 0xf);
	IS(t, 0x20, "fault", 0);
	drop(t);
}

static void test_empty_and_short(void)
{
	struct ksyms_table t = {NULL, 0};
	const struct ksyms_entry e[] = {{0x1000, 0}};

	IS(t, 0x1000, NULL, 0);
	for (size_t size = 1; size < 8; size++) { /* smaller than the count */
		t = raw(1, e, 1, names, sizeof(names), size);
		IS(t, 0x1000, NULL, 0);
		drop(t);
	}
	t = raw(0, NULL, 0, NULL, 0, 8); /* count 0 */
	IS(t, 0, NULL, 0);
	drop(t);
	t = raw(0, e, 1, names, sizeof(names), 8 + sizeof(e) + sizeof(names));
	IS(t, 0x1000, NULL, 0);
	drop(t);
	/* Entries cut short: size ends inside the first entry. */
	for (size_t size = 8; size < 8 + sizeof(e); size++) {
		t = raw(1, e, 1, names, sizeof(names), size);
		IS(t, 0x1000, NULL, 0);
		drop(t);
	}
	/* The entry fits but no names do. */
	t = raw(1, e, 1, names, sizeof(names), 8 + sizeof(e));
	IS(t, 0x1000, NULL, 0);
	drop(t);
}

static void test_damaged(void)
{
	const struct ksyms_entry e[] = {{0x1000, 0}, {0x2000, 4}};
	struct ksyms_table t;

	/* A count larger than the table holds. */
	t = raw(3, e, 2, "ab\0cd", 6, 8 + sizeof(e) + 6);
	IS(t, 0x2000, NULL, 0);
	drop(t);
	t = raw(UINT64_MAX, e, 2, "ab\0cd", 6, 8 + sizeof(e) + 6);
	IS(t, 0x2000, NULL, 0);
	drop(t);
	t = raw(UINT64_MAX / 16 + 1, e, 2, "ab\0cd", 6, 8 + sizeof(e) + 6);
	IS(t, 0x2000, NULL, 0);
	drop(t);
	t = raw(2, e, 2, "ab\0cd", 6, 8 + sizeof(e) + 6);
	IS(t, 0x1000, "ab", 0);
	IS(t, 0x2001, "d", 1); /* offset 4 lands inside "cd" */
	drop(t);

	/* A name without its NUL: no read past the end. */
	t = raw(2, e, 2, "ab\0cd", 5, 8 + sizeof(e) + 5);
	IS(t, 0x1000, "ab", 0);
	IS(t, 0x2000, NULL, 0);
	drop(t);

	/* A name_offset at or beyond the end of the names. */
	const struct ksyms_entry far[] = {{0x1000, 6}, {0x2000, 1000}, {0x3000, UINT64_MAX}};
	t = raw(3, far, 3, "ab\0cd", 6, 8 + sizeof(far) + 6);
	IS(t, 0x1000, NULL, 0);
	IS(t, 0x2000, NULL, 0);
	IS(t, 0x3000, NULL, 0);
	drop(t);

	/* The last byte of the names is a NUL: an empty name. */
	const struct ksyms_entry last[] = {{0x1000, 5}};
	t = raw(1, last, 1, "ab\0cd", 6, 8 + sizeof(last) + 6);
	IS(t, 0x1001, "", 1);
	drop(t);
}

int main(void)
{
	test_lookup();
	test_duplicates();
	test_empty_and_short();
	test_damaged();
	TEST_DONE();
}
