// SPDX-License-Identifier: MIT
/* The malloc family's contracts: alignment, errors, overflow, zeroing, realloc, 2 MiB blocks. */
// eremit-test: stdout-exact
// eremit-test: stdout posix_memalign ok
// eremit-test: stdout aligned_alloc ok
// eremit-test: stdout memalign valloc pvalloc ok
// eremit-test: stdout calloc ok
// eremit-test: stdout too large ok
// eremit-test: stdout large blocks ok
// eremit-test: stdout realloc ok
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1024 * 1024ul)

static int fail(const char *what)
{
	printf("FAIL: %s (errno %d)\n", what, errno);
	return 1;
}

static int test_posix_memalign(void)
{
	for (size_t align = sizeof(void *); align <= 8 * MIB; align *= 2) {
		for (size_t size = 0; size < 3 * MIB; size = size * 5 + 1) {
			void *p = (void *)1;
			if (posix_memalign(&p, align, size) || (uintptr_t)p % align)
				return fail("posix_memalign alignment");
			memset(p, 0xab, size);
			if (malloc_usable_size(p) < size)
				return fail("posix_memalign usable size");
			free(p);
		}
	}
	void *keep = (void *)0x1234;
	errno = 0;
	if (posix_memalign(&keep, 0, 8) != EINVAL || posix_memalign(&keep, 24, 8) != EINVAL ||
	    posix_memalign(&keep, 4, 8) != EINVAL || keep != (void *)0x1234 || errno != 0)
		return fail("posix_memalign bad alignments");
	if (posix_memalign(&keep, 64, SIZE_MAX - 100) != ENOMEM || keep != (void *)0x1234)
		return fail("posix_memalign too large");
	printf("posix_memalign ok\n");
	return 0;
}

static int test_aligned_alloc(void)
{
	size_t aligns[] = {1, 8, 64, 4096, 65536, 2 * MIB, 16 * MIB};
	for (unsigned i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		char *p = aligned_alloc(aligns[i], 3 * aligns[i]);
		if (!p || (uintptr_t)p % aligns[i])
			return fail("aligned_alloc alignment");
		p[3 * aligns[i] - 1] = 1;
		free(p);
	}
	errno = 0;
	if (aligned_alloc(3, 9) || errno != EINVAL)
		return fail("aligned_alloc(3)");
	errno = 0;
	if (aligned_alloc(0, 9) || errno != EINVAL)
		return fail("aligned_alloc(0)");
	printf("aligned_alloc ok\n");
	return 0;
}

static int test_memalign(void)
{
	void *p = memalign(24, 10); /* rounded up to 32, as glibc does */
	void *v = valloc(100);
	void *pv = pvalloc(5000);
	if (!p || (uintptr_t)p % 32 || !v || (uintptr_t)v % 4096 || !pv || (uintptr_t)pv % 4096 ||
	    malloc_usable_size(pv) < 8192)
		return fail("memalign/valloc/pvalloc");
	free(p);
	free(v);
	free(pv);
	errno = 0;
	if (pvalloc(SIZE_MAX - 10) || errno != ENOMEM)
		return fail("pvalloc overflow");
	printf("memalign valloc pvalloc ok\n");
	return 0;
}

static int test_calloc(void)
{
	/* Memory freed dirty comes back zeroed. */
	for (int round = 0; round < 3; round++) {
		size_t sizes[] = {24, 4000, 200000, 3 * MIB};
		for (unsigned i = 0; i < 4; i++) {
			unsigned char *d = malloc(sizes[i]);
			if (!d)
				return fail("malloc for calloc");
			memset(d, 0xff, sizes[i]);
			free(d);
			unsigned char *z = calloc(1, sizes[i]);
			if (!z)
				return fail("calloc");
			for (size_t j = 0; j < sizes[i]; j++)
				if (z[j])
					return fail("calloc not zeroed");
			free(z);
		}
	}
	errno = 0;
	if (calloc(SIZE_MAX / 2, 3) || errno != ENOMEM)
		return fail("calloc(SIZE_MAX / 2, 3)");
	errno = 0;
	if (calloc((size_t)1 << 33, (size_t)1 << 33) || errno != ENOMEM)
		return fail("calloc(2^33, 2^33)");
	void *z = calloc(0, 5);
	if (!z)
		return fail("calloc(0, 5)");
	free(z);
	printf("calloc ok\n");
	return 0;
}

static int test_too_large(void)
{
	size_t sizes[] = {SIZE_MAX, SIZE_MAX - 4096, SIZE_MAX / 2, (size_t)1 << 40};
	for (unsigned i = 0; i < 4; i++) {
		errno = 0;
		if (malloc(sizes[i]) || errno != ENOMEM)
			return fail("malloc too large");
	}
	void *a = malloc(0), *b = malloc(0);
	if (!a || !b || a == b)
		return fail("malloc(0)");
	free(a);
	free(b);
	printf("too large ok\n");
	return 0;
}

static int test_large(void)
{
	for (size_t size = MIB + 1; size < 40 * MIB; size = size * 3 / 2) {
		char *p = malloc(size);
		if (!p || (uintptr_t)p % (2 * MIB) || malloc_usable_size(p) < size ||
		    malloc_usable_size(p) % (2 * MIB))
			return fail("large block not on 2 MiB pages");
		p[0] = 1;
		p[size - 1] = 2;
		free(p);
	}
	printf("large blocks ok\n");
	return 0;
}

static int test_realloc(void)
{
	unsigned char *p = NULL;
	size_t n = 0;
	/* Grow from 1 byte to 8 MiB and back down, keeping the contents. */
	for (size_t size = 1; size <= 8 * MIB; size = size * 2 + 3) {
		unsigned char *q = realloc(p, size);
		if (!q)
			return fail("realloc grow");
		for (size_t i = 0; i < n; i++)
			if (q[i] != (unsigned char)(i * 7))
				return fail("realloc lost contents");
		for (size_t i = n; i < size; i++)
			q[i] = (unsigned char)(i * 7);
		p = q;
		n = size;
	}
	for (size_t size = n; size > 0; size /= 3) {
		unsigned char *q = realloc(p, size);
		if (!q)
			return fail("realloc shrink");
		for (size_t i = 0; i < size; i++)
			if (q[i] != (unsigned char)(i * 7))
				return fail("realloc shrink lost contents");
		p = q;
	}
	errno = 0;
	if (realloc(p, SIZE_MAX - 8) || errno != ENOMEM || p[0] != 0)
		return fail("realloc too large keeps the block");
	if (realloc(p, 0) != NULL)
		return fail("realloc(p, 0)");
	printf("realloc ok\n");
	return 0;
}

int main(void)
{
	return test_posix_memalign() || test_aligned_alloc() || test_memalign() || test_calloc() ||
	       test_too_large() || test_large() || test_realloc();
}
