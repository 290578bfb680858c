// SPDX-License-Identifier: MIT
/* Results of hypercalls as newlib sees them: Linux errno numbers become newlib's. */
#include <errno.h>
#include <string.h>
#include "eremit/abi.h"
#include "kernel/boot.h"
#include "kernel/klog.h"
#include "sys.h"

/*
 * Linux and newlib agree on errno numbers 1..34 and part ways above: newlib
 * keeps the old System V numbering (ENAMETOOLONG is 91, not 36). The monitor
 * answers in Linux's; these are the ones a file system call can give.
 */
static int sys_errno_from_linux(int64_t e)
{
	static const struct {
		int linux_nr, newlib_nr;
	} map[] = {
	    {35, EDEADLK},    {36, ENAMETOOLONG}, {37, ENOLCK},	 {38, ENOSYS},
	    {39, ENOTEMPTY},  {40, ELOOP},	  {61, ENODATA}, {71, EPROTO},
	    {74, EBADMSG},    {75, EOVERFLOW},	  {84, EILSEQ},	 {95, EOPNOTSUPP},
	    {110, ETIMEDOUT}, {116, ESTALE},	  {122, EDQUOT}, {125, ECANCELED},
	};

	if (e >= 1 && e <= 34)
		return (int)e;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].linux_nr == e)
			return map[i].newlib_nr;
	return EIO;
}

int sys_fail(int err)
{
	errno = err;
	return -1;
}

int64_t sys_ret(int64_t ret)
{
	if (ret >= 0)
		return ret;
	errno = sys_errno_from_linux(-ret);
	return -1;
}

int sys_hostfs_available(void)
{
	static int told;

	if (boot_params.runner == BOOT_RUNNER_MONITOR)
		return 1;
	if (!told) {
		told = 1;
		klog("runtime: no host files under QEMU (they need the eremit monitor): ENOSYS\n");
	}
	return 0;
}

int64_t sys_path_len(const char *path)
{
	size_t n;

	if (!path)
		return sys_fail(EFAULT);
	n = strnlen(path, EREMIT_PATH_MAX + 1);
	if (n > EREMIT_PATH_MAX)
		return sys_fail(ENAMETOOLONG);
	return (int64_t)n;
}
