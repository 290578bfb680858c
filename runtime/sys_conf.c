// SPDX-License-Identifier: MIT
/* sysconf: the limits and sizes an application may ask the system for. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "eremit/cpu.h"
#include "smp/percpu.h"
#include "runtime/runtime.h"

#define SYS_PAGE_SIZE 4096

long sysconf(int name)
{
	switch (name) {
	case _SC_NPROCESSORS_ONLN:
		return eremit_cpu_count();
	case _SC_NPROCESSORS_CONF:
		return cpu_count; /* the machine's, including any that did not come online */
	case _SC_PAGESIZE:
		return SYS_PAGE_SIZE;
	case _SC_OPEN_MAX:
		return RUNTIME_NFDS;
	case _SC_CLK_TCK:
		return CLOCKS_PER_SEC;
	case _SC_THREADS:
		return _POSIX_THREADS;
	case _SC_THREAD_KEYS_MAX:
		return PTHREAD_KEYS_MAX;
	case _SC_THREAD_STACK_MIN:
		return PTHREAD_STACK_MIN;
	case _SC_THREAD_DESTRUCTOR_ITERATIONS:
		return PTHREAD_DESTRUCTOR_ITERATIONS;
	case _SC_SEM_VALUE_MAX:
		return 0x7fffffff; /* <semaphore.h>: SEM_VALUE_MAX */
	default:
		errno = EINVAL;
		return -1;
	}
}
