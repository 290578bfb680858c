// SPDX-License-Identifier: MIT
/* The life of a POSIX thread over runtime/thread.h: create, join, detach, clean-up handlers, exit.
 */
#define _GNU_SOURCE
#include "pthread_impl.h"

int pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct thread_attr ta = {.handle = out};
	struct cpumask mask;
	struct thread *t;
	int r;

	if (attr) {
		if (!(attr->__flags & 1))
			return EINVAL;
		ta.stack_size = attr->__stacksize;
		ta.detached = attr->__detachstate == PTHREAD_CREATE_DETACHED;
		if (attr->__cpuset) {
			if ((r = pthread_cpuset_to_mask(attr->__cpusetsize, attr->__cpuset, &mask)))
				return r;
			ta.affinity = &mask;
		}
	}
	r = thread_create(&t, &ta, fn, arg);
	if (r == -ENOMEM)
		return EAGAIN; /* POSIX: "lacked the necessary resources" */
	if (r)
		return -r;
	(void)t; /* *out was set before the thread could run (ta.handle) */
	return 0;
}

int pthread_join(pthread_t t, void **ret)
{
	if (!t)
		return ESRCH;
	return -thread_join(pthread_thread(t), ret);
}

int pthread_detach(pthread_t t)
{
	if (!t)
		return ESRCH;
	return -thread_detach(pthread_thread(t));
}

void pthread_exit(void *ret)
{
	thread_exit(ret);
}

pthread_t pthread_self(void)
{
	return (pthread_t)(uintptr_t)thread_self();
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

void pthread_yield(void)
{
	thread_yield();
}

/* A hint POSIX lets us ignore, kept only so that the getter returns it. */
static _Atomic int pthread_concurrency;

int pthread_setconcurrency(int level)
{
	if (level < 0)
		return EINVAL;
	atomic_store_explicit(&pthread_concurrency, level, memory_order_relaxed);
	return 0;
}

int pthread_getconcurrency(void)
{
	return atomic_load_explicit(&pthread_concurrency, memory_order_relaxed);
}

/* The innermost handler; the contexts live in the pushing frames (newlib's macros). */
static __thread struct _pthread_cleanup_context *cleanup_top;

void _pthread_cleanup_push(struct _pthread_cleanup_context *c, void (*fn)(void *), void *arg)
{
	c->_routine = fn;
	c->_arg = arg;
	c->_canceltype = PTHREAD_CANCEL_DEFERRED;
	c->_previous = cleanup_top;
	cleanup_top = c;
}

void _pthread_cleanup_pop(struct _pthread_cleanup_context *c, int execute)
{
	cleanup_top = c->_previous;
	if (execute)
		c->_routine(c->_arg);
}

/* Without cancellation there is no cancel type to defer: these are push and pop. */
void _pthread_cleanup_push_defer(struct _pthread_cleanup_context *c, void (*fn)(void *), void *arg)
{
	_pthread_cleanup_push(c, fn, arg);
}

void _pthread_cleanup_pop_restore(struct _pthread_cleanup_context *c, int execute)
{
	_pthread_cleanup_pop(c, execute);
}

/*
 * The hook lives here, with pthread_create, so that every image that
 * creates POSIX threads links it (thread.c has a weak empty one for those
 * that do not). Key destructors come with pthread_key.c, which only
 * images that create keys link: hence the weak reference.
 */
extern void pthread_tsd_exit(void) __attribute__((weak));

void thread_exit_hook(void)
{
	/* POSIX: handlers innermost first, each popped before it runs, then the destructors. */
	while (cleanup_top) {
		struct _pthread_cleanup_context *c = cleanup_top;
		cleanup_top = c->_previous;
		c->_routine(c->_arg);
	}
	if (pthread_tsd_exit)
		pthread_tsd_exit();
}
