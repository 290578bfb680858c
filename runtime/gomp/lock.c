/* SPDX-License-Identifier: MIT */
/*
 * OpenMP locks for Eremit: libgomp's generic ones over gomp_mutex_t (the
 * futex mutex of config/linux). config/linux/lock.c adds only the GNU
 * symbol-versioned OpenMP 2.5 entry points of the shared library, which ask
 * the gettid system call for an owner; a static image has neither.
 */
#include <string.h>
#include "wait.h"
#include "../../lock.c"
