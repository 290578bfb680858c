// SPDX-License-Identifier: MIT
/* sbrk over the memory left after boot; newlib's malloc sits on top. */
#include <errno.h>
#include <stdint.h>
#include "kernel/klog.h"
#include "runtime/runtime.h"
#include "smp/spinlock.h"

/* heap_lock guards heap_brk; the bounds are set once at boot. */
static struct spinlock heap_lock;
static uintptr_t heap_start, heap_brk, heap_end;

void heap_init(uintptr_t start, uintptr_t end)
{
	heap_start = heap_brk = start;
	heap_end = end;
	klog("heap: %lu MiB at %#lx\n", (unsigned long)((end - start) >> 20), (unsigned long)start);
}

void *sbrk(ptrdiff_t incr)
{
	spin_lock(&heap_lock);
	uintptr_t old = heap_brk;
	if ((incr > 0 && (uintptr_t)incr > heap_end - old) ||
	    (incr < 0 && (uintptr_t)-incr > old - heap_start)) {
		spin_unlock(&heap_lock);
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk = old + incr;
	spin_unlock(&heap_lock);
	return (void *)old;
}
