// SPDX-License-Identifier: MIT
/*
 * newlib's reentrant allocator entry points, so that none of newlib's own
 * malloc objects (mallocr.o and the rest, with their global lock and sbrk)
 * is linked: every symbol they define is defined here or in malloc*.c.
 */
#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdlib.h>

/* newlib's callers read the error from their struct _reent. */
static void *set_errno(struct _reent *r, void *p)
{
	if (!p)
		r->_errno = ENOMEM;
	return p;
}

void *_malloc_r(struct _reent *r, size_t size)
{
	return set_errno(r, malloc(size));
}

void _free_r(struct _reent *r, void *p)
{
	(void)r;
	free(p);
}

void *_calloc_r(struct _reent *r, size_t n, size_t size)
{
	return set_errno(r, calloc(n, size));
}

void *_realloc_r(struct _reent *r, void *p, size_t size)
{
	void *q = realloc(p, size);
	return size ? set_errno(r, q) : q;
}

void *_memalign_r(struct _reent *r, size_t align, size_t size)
{
	void *p = memalign(align, size);
	if (!p)
		r->_errno = errno;
	return p;
}

void *_valloc_r(struct _reent *r, size_t size)
{
	return set_errno(r, valloc(size));
}

void *_pvalloc_r(struct _reent *r, size_t size)
{
	return set_errno(r, pvalloc(size));
}

size_t _malloc_usable_size_r(struct _reent *r, void *p)
{
	(void)r;
	return malloc_usable_size(p);
}

struct mallinfo _mallinfo_r(struct _reent *r)
{
	(void)r;
	return mallinfo();
}

void _malloc_stats_r(struct _reent *r)
{
	(void)r;
	malloc_stats();
}

int _mallopt_r(struct _reent *r, int param, int value)
{
	(void)r;
	return mallopt(param, value);
}

int _malloc_trim_r(struct _reent *r, size_t pad)
{
	(void)r;
	return malloc_trim(pad);
}

void _mstats_r(struct _reent *r, char *title)
{
	(void)r;
	mstats(title);
}
