/* SPDX-License-Identifier: MIT */
/* Unnamed POSIX semaphores (newlib has no <semaphore.h>): a futex-based counter, runtime/pthread_sem.c. */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEM_VALUE_MAX 0x7fffffff

/* glibc's size; the field names are the runtime's. */
typedef struct {
	unsigned int __value;	/* futex word: the count */
	unsigned int __waiters; /* threads blocked in a wait */
	int __reserved[6];
} sem_t;

int sem_init(sem_t *__sem, int __pshared, unsigned int __value);
int sem_destroy(sem_t *__sem);
int sem_wait(sem_t *__sem);
int sem_trywait(sem_t *__sem);
int sem_timedwait(sem_t *__restrict __sem, const struct timespec *__restrict __abstime);
#if __GNU_VISIBLE
int sem_clockwait(sem_t *__restrict __sem, clockid_t __clock,
		  const struct timespec *__restrict __abstime);
#endif
int sem_post(sem_t *__sem);
int sem_getvalue(sem_t *__restrict __sem, int *__restrict __sval);

#ifdef __cplusplus
}
#endif

#endif /* _SEMAPHORE_H */
