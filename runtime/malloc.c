// SPDX-License-Identifier: MIT
/* malloc and its family on the allocator core (runtime/malloc_*.c), with pmem as its backend. */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/boot.h"
#include "kernel/pmem.h"
#include "kernel/trap.h"
#include "runtime/malloc.h"
#include "runtime/runtime.h"
#include "smp/percpu.h"
#include "smp/preempt.h"

struct malloc_heap runtime_heap;

static void *be_alloc(size_t size, size_t align, int node)
{
	return (void *)(uintptr_t)pmem_alloc(size, align, node, 0);
}

static void be_free(void *p, size_t size)
{
	pmem_free((uintptr_t)p, size);
}

static int be_node_of(const void *p)
{
	return pmem_node_of((uintptr_t)p);
}

static int be_take(void *p, size_t size)
{
	return pmem_take((uintptr_t)p, size);
}

void malloc_init(void)
{
	static const struct malloc_backend be = {be_alloc, be_free, be_node_of, be_take};
	const struct boot_params *bp = &boot_params;
	if (malloc_heap_init(&runtime_heap, &be, 0, bp->ram[bp->nram - 1].end, pmem_node_count()))
		panic("malloc: no memory for the heap's page map");
}

/*
 * This CPU's cache, made on first use in the CPU's node; NULL without
 * memory. Until runtime_cache_exit() the caller must stay on this CPU.
 */
struct malloc_cache *runtime_cache_enter(void)
{
	preempt_disable();
	struct cpu *cpu = this_cpu();
	if (!cpu->malloc_cache)
		cpu->malloc_cache = malloc_cache_new(&runtime_heap, cpu->node);
	return cpu->malloc_cache;
}

void runtime_cache_exit(void)
{
	preempt_enable();
}

void malloc_cpu_idle(void)
{
	struct malloc_cache *c = runtime_cache_enter();
	if (c)
		malloc_cache_drain(c);
	runtime_cache_exit();
}

/* size bytes aligned to align (a power of two), errno ENOMEM when there are none. */
static void *alloc(size_t size, size_t align)
{
	struct malloc_cache *c = runtime_cache_enter();
	void *p = c ? malloc_alloc(c, size, align) : NULL;
	runtime_cache_exit();
	if (!p)
		errno = ENOMEM;
	return p;
}

void *malloc(size_t size)
{
	return alloc(size, 16);
}

void free(void *p)
{
	if (!p)
		return;
	struct malloc_cache *c = runtime_cache_enter();
	/* No cache: this CPU had no memory to make one, but p may come from another CPU. */
	int r = c ? malloc_release(c, p) : malloc_release_direct(&runtime_heap, p);
	runtime_cache_exit();
	if (r)
		panic("free(%p): not a block from malloc, or freed twice", p);
}

void *calloc(size_t n, size_t size)
{
	size_t bytes;
	if (__builtin_mul_overflow(n, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = alloc(bytes, 16);
	if (p)
		memset(p, 0, bytes);
	return p;
}

size_t malloc_usable_size(void *p)
{
	if (!p)
		return 0;
	size_t n = malloc_usable(&runtime_heap, p);
	if (!n)
		panic("malloc_usable_size(%p): not a block from malloc", p);
	return n;
}

void *realloc(void *p, size_t size)
{
	if (!p)
		return alloc(size, 16);
	if (size == 0) {
		free(p);
		return NULL;
	}
	size_t old = malloc_usable_size(p);
	/* Shrinking by less than half keeps the block: no copy, little waste. */
	if (size <= old && size >= old / 2)
		return p;
	/* A large block shrinks or grows where it is when the memory after it is free. */
	if (old > MALLOC_MAX_SMALL && size > MALLOC_MAX_SMALL &&
	    malloc_resize_large(&runtime_heap, p, size) == 0)
		return p;
	void *q = alloc(size, 16);
	if (!q)
		return NULL; /* p stays valid */
	memcpy(q, p, size < old ? size : old);
	free(p);
	return q;
}

static int power_of_two(size_t a)
{
	return a && !(a & (a - 1));
}

void *memalign(size_t align, size_t size)
{
	/* As glibc: small alignments mean the default, others round up to a power of two. */
	if (align > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	if (align < 16)
		align = 16;
	while (!power_of_two(align))
		align += align & -align;
	return alloc(size, align);
}

void *aligned_alloc(size_t align, size_t size)
{
	if (!power_of_two(align)) {
		errno = EINVAL;
		return NULL;
	}
	return alloc(size, align < 16 ? 16 : align);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (!power_of_two(align) || align % sizeof(void *))
		return EINVAL;
	int saved = errno;
	void *p = alloc(size, align < 16 ? 16 : align);
	errno = saved; /* POSIX: the result is the return value */
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *valloc(size_t size)
{
	return alloc(size, PMEM_FRAME);
}

void *pvalloc(size_t size)
{
	if (size > SIZE_MAX - PMEM_FRAME) {
		errno = ENOMEM;
		return NULL;
	}
	return alloc((size + PMEM_FRAME - 1) & ~(PMEM_FRAME - 1), PMEM_FRAME);
}
