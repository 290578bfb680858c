// SPDX-License-Identifier: MIT
/* flockfile, ftrylockfile, funlockfile: the OS supplies them to newlib; each FILE already has a
 * recursive lock. */
#include <reent.h>
#include <stdio.h>
#include <sys/lock.h>

/* newlib's stdio set-up (findfp.c; declared in its private local.h). */
void __sinit(struct _reent *);

/* As newlib's CHECK_INIT: the standard streams' locks exist only once stdio is set up. */
static void stdio_lock_init(void)
{
	struct _reent *r = _REENT;

	if (r && !r->__sdidinit)
		__sinit(r);
}

void flockfile(FILE *fp)
{
	stdio_lock_init();
	_flockfile(fp);
}

int ftrylockfile(FILE *fp)
{
	stdio_lock_init();
	/* String streams (sprintf's) have no lock and belong to one caller. */
	if (fp->_flags & __SSTR)
		return 0;
	/* runtime/newlib_locks.c: non-zero when taken; POSIX wants 0 then. */
	return __lock_try_acquire_recursive(fp->_lock) ? 0 : -1;
}

void funlockfile(FILE *fp)
{
	_funlockfile(fp);
}
