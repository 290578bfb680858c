// SPDX-License-Identifier: MIT
/* What newlib asks of its OS besides system calls: reentrancy and init hooks. */
#include <reent.h>

/*
 * newlib is built with __DYNAMIC_REENT__ and asks for the current thread's
 * struct _reent. Only the boot thread exists until the threads issue; it
 * uses newlib's global one.
 */
struct _reent *__getreent(void)
{
	return _impure_ptr;
}

/* __libc_init_array calls these around the init arrays; the linker script
 * has no .init/.fini sections, so there is nothing for them to do. */
void _init(void)
{
}

void _fini(void)
{
}
