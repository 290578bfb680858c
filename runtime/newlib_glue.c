// SPDX-License-Identifier: MIT
/* What newlib asks of its OS besides system calls: reentrancy and init hooks. */
#include <reent.h>
#include "smp/percpu.h"
#include "thread_impl.h"

/*
 * newlib is built with __DYNAMIC_REENT__ and asks for the current thread's
 * struct _reent: each thread has its own (runtime/thread.c), main uses
 * newlib's global one. Before threads exist, the boot CPU uses the global
 * one and each AP its own (smp/smp.c).
 */
struct _reent *__getreent(void)
{
	/* Set once this CPU runs threads: from then on %fs:8 is the thread. */
	if (__builtin_expect(this_cpu()->sched_on, 1))
		return thread_self()->reent;
	struct _reent *r = this_cpu()->reent;
	return r ? r : _impure_ptr;
}

/* __libc_init_array calls these around the init arrays; the linker script
 * has no .init/.fini sections, so there is nothing for them to do. */
void _init(void)
{
}

void _fini(void)
{
}
