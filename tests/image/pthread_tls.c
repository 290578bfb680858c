// SPDX-License-Identifier: MIT
/* Thread-local storage: __thread and errno per thread; pthread keys and their destructors. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout __thread: 16 threads, own copies, initial values, aligned, kept across switches
// eremit-test: stdout errno: one per thread
// eremit-test: stdout keys: values per thread, 16 destructor calls with the right values
// eremit-test: stdout keys: NULL values skipped, a value set again by a destructor destroyed again
// eremit-test: stdout keys: deleted key's destructor not called, 100 keys distinct
// eremit-test: stdout PASS pthread_tls
#include "pthread_test.h"

#define THREADS	 16
#define SWITCHES 50

static __thread int initialised = 42;
static __thread long zeroed;
static __thread _Alignas(64) char line[64] = "tls";
static __thread int *volatile where;

static int *addr[THREADS + 1];
static pthread_barrier_t all_set;

static void *tls_thread(void *arg)
{
	int id = (int)(uintptr_t)arg;

	if (initialised != 42 || zeroed != 0 || strcmp(line, "tls") || (uintptr_t)line % 64)
		pt_fail("thread %d: __thread starts as %d, %ld, \"%.8s\" at %p", id, initialised,
			zeroed, line, (void *)line);
	initialised = id;
	zeroed = id * 7L;
	snprintf(line, sizeof line, "thread %d", id);
	where = &initialised;
	addr[id] = &initialised;
	errno = 1000 + id;
	/* Everyone has written its copies before anyone checks: a shared copy would show. */
	pthread_barrier_wait(&all_set);
	for (int i = 0; i < SWITCHES; i++) {
		if (i % 10 == 9)
			pt_sleep_ns(100000);
		else
			sched_yield();
		char want[64];
		snprintf(want, sizeof want, "thread %d", id);
		if (initialised != id || zeroed != id * 7L || strcmp(line, want) ||
		    where != &initialised)
			pt_fail("thread %d: __thread now %d, %ld, \"%.20s\"", id, initialised,
				zeroed, line);
		if (errno != 1000 + id)
			pt_fail("thread %d: errno %d, set %d", id, errno, 1000 + id);
	}
	return NULL;
}

static void tls(void)
{
	pthread_t t[THREADS];

	initialised = -1;
	addr[0] = &initialised;
	errno = 0;
	PT_CHECK(pthread_barrier_init(&all_set, NULL, THREADS));
	for (int i = 1; i <= THREADS; i++)
		PT_CHECK(pthread_create(&t[i - 1], NULL, tls_thread, (void *)(uintptr_t)i));
	for (int i = 0; i < THREADS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	if (errno)
		pt_fail("main's errno changed to %d by other threads", errno);
	PT_CHECK(pthread_barrier_destroy(&all_set));
	for (int i = 0; i <= THREADS; i++)
		for (int j = 0; j < i; j++)
			if (addr[i] == addr[j])
				pt_fail("threads %d and %d share one __thread variable", i, j);
	if (initialised != -1 || zeroed)
		pt_fail("main's __thread variables changed: %d, %ld", initialised, zeroed);
	printf("__thread: %d threads, own copies, initial values, aligned, kept across switches\n",
	       THREADS);
	printf("errno: one per thread\n");
}

static pthread_key_t key, again_key, null_key;
static atomic_int destroyed[THREADS + 1], again_calls, null_calls;

static void destroy(void *v)
{
	int id = *(int *)v;

	if (id < 1 || id > THREADS)
		pt_fail("destructor called with a bad value %d", id);
	atomic_fetch_add(&destroyed[id], 1);
	free(v);
}

/* Sets a new value the first time: it must be called once more (POSIX: repeated passes). */
static void destroy_again(void *v)
{
	if (atomic_fetch_add(&again_calls, 1) % 2 == 0)
		PT_CHECK(pthread_setspecific(again_key, (char *)v + 1));
}

static void destroy_null(void *v)
{
	(void)v;
	atomic_fetch_add(&null_calls, 1);
}

static void *key_thread(void *arg)
{
	int id = (int)(uintptr_t)arg, *v = malloc(sizeof *v);

	if (!v)
		pt_fail("out of memory");
	if (pthread_getspecific(key))
		pt_fail("thread %d: a key's value does not start as NULL", id);
	*v = id;
	PT_CHECK(pthread_setspecific(key, v));
	PT_CHECK(pthread_setspecific(null_key, NULL));
	if (id == 1)
		PT_CHECK(pthread_setspecific(again_key, &again_calls));
	sched_yield();
	if (pthread_getspecific(key) != v)
		pt_fail("thread %d: pthread_getspecific lost its value", id);
	/* Half leave through pthread_exit: destructors run either way. */
	if (id % 2)
		pthread_exit(NULL);
	return NULL;
}

static pthread_key_t gone_key;
static atomic_int gone_calls;
static pthread_barrier_t gone_set, gone_deleted;

static void destroy_gone(void *v)
{
	(void)v;
	atomic_fetch_add(&gone_calls, 1);
}

static void *gone_thread(void *arg)
{
	PT_CHECK(pthread_setspecific(gone_key, arg));
	pthread_barrier_wait(&gone_set);
	pthread_barrier_wait(&gone_deleted);
	return NULL;
}

static void keys(void)
{
	pthread_t t[THREADS];
	static int mine = 99;

	PT_CHECK(pthread_key_create(&key, destroy));
	PT_CHECK(pthread_key_create(&again_key, destroy_again));
	PT_CHECK(pthread_key_create(&null_key, destroy_null));
	PT_CHECK(pthread_setspecific(key, &mine)); /* main's value, never destroyed */
	for (int i = 1; i <= THREADS; i++)
		PT_CHECK(pthread_create(&t[i - 1], NULL, key_thread, (void *)(uintptr_t)i));
	for (int i = 0; i < THREADS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	for (int i = 1; i <= THREADS; i++)
		if (destroyed[i] != 1)
			pt_fail("thread %d's value destroyed %d times", i,
				atomic_load(&destroyed[i]));
	if (pthread_getspecific(key) != &mine)
		pt_fail("main's value of the key changed");
	printf("keys: values per thread, %d destructor calls with the right values\n", THREADS);
	if (null_calls)
		pt_fail("a destructor was called %d times for NULL values",
			atomic_load(&null_calls));
	if (again_calls != 2)
		pt_fail("a destructor that set a new value was called %d times, expected 2",
			atomic_load(&again_calls));
	printf("keys: NULL values skipped, a value set again by a destructor destroyed again\n");
	PT_CHECK(pthread_key_delete(key));
	PT_CHECK(pthread_key_delete(again_key));
	PT_CHECK(pthread_key_delete(null_key));

	pthread_t g;
	PT_CHECK(pthread_key_create(&gone_key, destroy_gone));
	PT_CHECK(pthread_barrier_init(&gone_set, NULL, 2));
	PT_CHECK(pthread_barrier_init(&gone_deleted, NULL, 2));
	PT_CHECK(pthread_create(&g, NULL, gone_thread, &mine));
	pthread_barrier_wait(&gone_set);
	PT_CHECK(pthread_key_delete(gone_key));
	pthread_barrier_wait(&gone_deleted);
	PT_CHECK(pthread_join(g, NULL));
	if (gone_calls)
		pt_fail("the destructor of a deleted key ran");
	PT_CHECK(pthread_barrier_destroy(&gone_set));
	PT_CHECK(pthread_barrier_destroy(&gone_deleted));

	pthread_key_t many[100];
	for (int i = 0; i < 100; i++) {
		PT_CHECK(pthread_key_create(&many[i], NULL));
		PT_CHECK(pthread_setspecific(many[i], &many[i]));
		for (int j = 0; j < i; j++)
			if (many[j] == many[i])
				pt_fail("pthread_key_create gave one key twice");
	}
	for (int i = 0; i < 100; i++) {
		if (pthread_getspecific(many[i]) != &many[i])
			pt_fail("key %d holds another key's value", i);
		PT_CHECK(pthread_key_delete(many[i]));
	}
	printf("keys: deleted key's destructor not called, 100 keys distinct\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	tls();
	keys();
	printf("PASS pthread_tls\n");
	return 0;
}
