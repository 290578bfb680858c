/* SPDX-License-Identifier: MIT */
/*
 * libgomp's config.h for Eremit, written by hand: libgomp's configure probes
 * a glibc system and cannot run for a bare target (scripts/build-libgomp.sh
 * compiles the sources directly). Each line states what Eremit's newlib and
 * runtime provide; what is left out is absent on purpose.
 */

/* Compiler and assembler: static images, local-exec TLS, no symbol versions. */
#define HAVE_ATTRIBUTE_ALIAS 1
#define HAVE_ATTRIBUTE_VISIBILITY 1
#define HAVE_CC_TLS 1
#define HAVE_TLS 1
#define HAVE_SYNC_BUILTINS 1
#define SIZEOF_VOID_P 8

/* Headers (newlib, plus Eremit's pthread.h, sys/cpuset.h and semaphore.h). */
#define STDC_HEADERS 1
#define HAVE_INTTYPES_H 1
#define HAVE_MEMORY_H 1
#define HAVE_PTHREAD_H 1
#define HAVE_SEMAPHORE_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRINGS_H 1
#define HAVE_STRING_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_UNISTD_H 1

/* Library calls. clock_gettime reads the TSC (runtime/sys_time.c). */
#define HAVE_ALIGNED_ALLOC 1
#define HAVE_CLOCK_GETTIME 1
#define HAVE_GETPID 1
#define HAVE_MEMALIGN 1
#define HAVE_POSIX_MEMALIGN 1
#define HAVE_STRTOULL 1
/* pthread_{get,set}affinity_np and pthread_attr_setaffinity_np: OMP_PLACES
 * and OMP_PROC_BIND pin threads (runtime/pthread_affinity.c). */
#define HAVE_PTHREAD_AFFINITY_NP 1
/*
 * Not defined: HAVE_GETUID & co. (one unprivileged program: secure_getenv is
 * getenv), HAVE_GETLOADAVG (no load average: OMP_DYNAMIC sizes teams by the
 * online cores), HAVE_UNAME/HAVE_GETHOSTNAME (no host name for the %H
 * affinity format field), HAVE_DLFCN_H/PLUGIN_SUPPORT (no dynamic loading:
 * target regions run on the host), LIBGOMP_GNU_SYMBOL_VERSIONING (no
 * shared library).
 */

/* Threads are POSIX threads (runtime/pthread_*.c). */
#define LIBGOMP_USE_PTHREADS 1

#define PACKAGE "libgomp"
#define PACKAGE_BUGREPORT ""
#define PACKAGE_NAME "GNU Offloading and Multi Processing Runtime Library"
#define PACKAGE_STRING "GNU Offloading and Multi Processing Runtime Library 1.0"
#define PACKAGE_TARNAME "libgomp"
#define PACKAGE_URL "https://gcc.gnu.org/onlinedocs/libgomp/"
#define PACKAGE_VERSION "1.0"
#define VERSION "1.0"
#define OFFLOAD_PLUGINS ""
