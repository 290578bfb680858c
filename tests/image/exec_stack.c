// SPDX-License-Identifier: MIT
/*
 * A GNU C nested function whose address escapes runs through a trampoline
 * that gcc writes on the stack, so the object asks for an executable stack;
 * eremit-cc sees that and the kernel maps stacks executable (paging.c,
 * __eremit_exec_stack). Called on main's stack and on a thread's, as
 * libgomp's pr52547 test does inside a parallel loop. fault_nx checks that
 * other programs keep non-executable data.
 */
/* eremit-test: stdout main 42 */
/* eremit-test: stdout thread 43 */
/* eremit-test: stderr-re data RWX \(executable stack\) */
/* eremit-test: env HERMIT_VERBOSE=1 */
/* eremit-test: cpus 1 2 */
#include <pthread.h>
#include <stdio.h>

static __attribute__((noinline)) int apply(int (*fn)(int), int x)
{
	return fn(x);
}

static int through_trampoline(int base)
{
	int add(int v) { return v + base; }
	return apply(add, 1);
}

static void *thread_main(void *arg)
{
	(void)arg;
	printf("thread %d\n", through_trampoline(42));
	return NULL;
}

int main(void)
{
	pthread_t t;

	printf("main %d\n", through_trampoline(41));
	if (pthread_create(&t, NULL, thread_main, NULL) || pthread_join(t, NULL))
		return 1;
	return 0;
}
