/* SPDX-License-Identifier: MIT */
/* The check macro of every host unit test: count, report, and a closing line. */
#ifndef UNIT_CHECK_H
#define UNIT_CHECK_H

#include <stdio.h>

static int unit_passed, unit_failed;

/* Records one check; a failure names the file, line and expression. */
static inline void unit_check(int ok, const char *file, int line, const char *what)
{
	if (ok) {
		unit_passed++;
		return;
	}
	fprintf(stderr, "%s:%d: CHECK(%s) failed\n", file, line, what);
	unit_failed++;
}

#define CHECK(cond) unit_check(!!(cond), __FILE__, __LINE__, #cond)

/* Ends main() with the plain "N passed, N failed" line CI reads. */
#define TEST_DONE()                                                                                \
	do {                                                                                       \
		printf("%d passed, %d failed\n", unit_passed, unit_failed);                        \
		return unit_failed != 0;                                                           \
	} while (0)

#endif /* UNIT_CHECK_H */
