// SPDX-License-Identifier: MIT
/* Out of memory is NULL and ENOMEM, memory comes back after free, many times RAM goes through. */
// eremit-test: mem 256M
// eremit-test: stdout-exact
// eremit-test: stdout reuse: 6000 MiB through a 256 MiB guest
// eremit-test: stdout realloc: 100 MiB grows to 200 MiB in place
// eremit-test: stdout large: NULL with ENOMEM after more than 150 MiB
// eremit-test: stdout small: NULL with ENOMEM after more than 150 MiB
// eremit-test: stdout mixed: large again after small freed
// eremit-test: stdout numa: NULL with ENOMEM
#include <errno.h>
#include <numa.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1024 * 1024ul)

/* Blocks held in a list through their first word, so no array bounds the count. */
struct block {
	struct block *next;
	size_t size;
};

/* Allocates size-byte blocks until malloc fails; returns the list, *total the bytes. */
static struct block *exhaust(size_t size, size_t *total, int *err)
{
	struct block *head = NULL, *b;
	*total = 0;
	errno = 0;
	while ((b = malloc(size))) {
		b->next = head;
		b->size = size;
		((char *)b)[size - 1] = 1; /* touch both ends */
		head = b;
		*total += size;
	}
	*err = errno;
	return head;
}

static void release(struct block *b)
{
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
}

int main(void)
{
	/* 60 x 100 MiB through a 256 MiB guest: freed memory must be reused. */
	for (int i = 0; i < 60; i++) {
		char *p = malloc(100 * MIB);
		if (!p)
			return printf("reuse: malloc failed at round %d\n", i), 1;
		p[0] = p[100 * MIB - 1] = (char)i;
		free(p);
	}
	printf("reuse: 6000 MiB through a 256 MiB guest\n");

	/* 100 MiB to 200 MiB in a 256 MiB guest: only possible where the block is. */
	char *r = malloc(100 * MIB);
	if (!r)
		return printf("realloc: malloc(100 MiB) failed\n"), 1;
	memset(r, 7, 100 * MIB);
	char *g = realloc(r, 200 * MIB);
	if (!g || g != r || g[100 * MIB - 1] != 7)
		return printf("realloc: 100 to 200 MiB gave %p for %p\n", (void *)g, (void *)r), 1;
	g[200 * MIB - 1] = 1;
	free(g);
	printf("realloc: 100 MiB grows to 200 MiB in place\n");

	size_t total;
	int err;
	struct block *big = exhaust(16 * MIB, &total, &err);
	if (err != ENOMEM || total < 150 * MIB)
		return printf("large: errno %d after %zu MiB\n", err, total / MIB), 1;
	void *small = malloc(100); /* spans fit in what the large blocks left */
	if (!small)
		return printf("large: small malloc failed after OOM\n"), 1;
	free(small);
	release(big);
	printf("large: NULL with ENOMEM after more than 150 MiB\n");

	struct block *many = exhaust(1000, &total, &err);
	if (err != ENOMEM || total < 150 * MIB)
		return printf("small: errno %d after %zu MiB\n", err, total / MIB), 1;
	release(many);
	printf("small: NULL with ENOMEM after more than 150 MiB\n");

	/* The small objects' spans went back: a large block needs them. */
	char *p = malloc(150 * MIB);
	if (!p)
		return printf("mixed: 150 MiB after freeing the small blocks failed\n"), 1;
	memset(p, 1, 150 * MIB);
	free(p);
	printf("mixed: large again after small freed\n");

	errno = 0;
	if (numa_alloc_onnode(1024 * MIB, 0) || errno != ENOMEM || numa_alloc_local(SIZE_MAX - 1))
		return printf("numa: a block larger than memory\n"), 1;
	void *q = numa_alloc_onnode(64 * MIB, 0);
	if (!q)
		return printf("numa: 64 MiB failed\n"), 1;
	numa_free(q, 64 * MIB);
	printf("numa: NULL with ENOMEM\n");
	return 0;
}
