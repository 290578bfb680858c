/* SPDX-License-Identifier: MIT */
/* A minimal check macro for the monitor's host unit tests. */
#ifndef TEST_HV_H
#define TEST_HV_H

#include <stdio.h>
#include <stdlib.h>

static int test_failures;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);   \
			test_failures++;                                                           \
		}                                                                                  \
	} while (0)

#define TEST_DONE()                                                                                \
	do {                                                                                       \
		if (test_failures)                                                                 \
			fprintf(stderr, "%d check(s) failed\n", test_failures);                    \
		return test_failures != 0;                                                         \
	} while (0)

#endif /* TEST_HV_H */
