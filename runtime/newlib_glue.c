// SPDX-License-Identifier: MIT
/* What newlib asks of its OS besides system calls: reentrancy and init hooks. */
#include <reent.h>
#include "smp/percpu.h"

/*
 * newlib is built with __DYNAMIC_REENT__ and asks for the current thread's
 * struct _reent. Until threads exist (their issue), each CPU runs one flow
 * of code: the boot CPU uses newlib's global one, every other CPU its own
 * (smp/smp.c), so errno and newlib's lock owners stay apart per CPU.
 */
struct _reent *__getreent(void)
{
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
