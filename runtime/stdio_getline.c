// SPDX-License-Identifier: MIT
/*
 * getline and getdelim (POSIX.1-2008). newlib 3.3 implements them only as
 * __getline/__getdelim, "for now"; programs - and libgomp's place parser -
 * call the POSIX names, which build-newlib.sh declares in <stdio.h>.
 */
#include <stdio.h>
#include <sys/types.h>

ssize_t getdelim(char **lineptr, size_t *n, int delim, FILE *fp)
{
	return __getdelim(lineptr, n, delim, fp);
}

ssize_t getline(char **lineptr, size_t *n, FILE *fp)
{
	return __getdelim(lineptr, n, '\n', fp);
}
