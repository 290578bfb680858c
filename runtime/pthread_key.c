// SPDX-License-Identifier: MIT
/* Thread-specific data: keys with destructors, stored in each thread's thread_tsd() slots. */
#include "pthread_impl.h"

/*
 * A thread's slots hold the value of key k at k and, at PTHREAD_KEYS_MAX +
 * k, the generation of k it was set under. A key's generation is odd while
 * it exists and moves on when it is deleted and again when it is reused,
 * so a value left from a deleted key reads as NULL under the new one, as
 * POSIX wants, without visiting every thread.
 */
_Static_assert(2 * PTHREAD_KEYS_MAX <= THREAD_KEYS_MAX, "two slots per key");

static struct {
	_Atomic uintptr_t gen; /* odd: in use */
	void (*_Atomic dtor)(void *);
} keys[PTHREAD_KEYS_MAX];

static struct mutex keys_lock; /* serialises create and delete */

int pthread_key_create(pthread_key_t *key, void (*dtor)(void *))
{
	int r = EAGAIN;

	mutex_lock(&keys_lock);
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
		uintptr_t g = atomic_load_explicit(&keys[k].gen, memory_order_relaxed);
		if (g & 1)
			continue;
		atomic_store_explicit(&keys[k].dtor, dtor, memory_order_relaxed);
		/* release: whoever sees the key in use sees its destructor. */
		atomic_store_explicit(&keys[k].gen, g + 1, memory_order_release);
		*key = k;
		r = 0;
		break;
	}
	mutex_unlock(&keys_lock);
	return r;
}

int pthread_key_delete(pthread_key_t key)
{
	int r = EINVAL;

	if (key >= PTHREAD_KEYS_MAX)
		return EINVAL;
	mutex_lock(&keys_lock);
	uintptr_t g = atomic_load_explicit(&keys[key].gen, memory_order_relaxed);
	if (g & 1) {
		atomic_store_explicit(&keys[key].gen, g + 1, memory_order_relaxed);
		r = 0;
	}
	mutex_unlock(&keys_lock);
	return r;
}

void *pthread_getspecific(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS_MAX)
		return 0;
	void **tsd = thread_tsd(thread_self());
	uintptr_t g = atomic_load_explicit(&keys[key].gen, memory_order_relaxed);
	return (g & 1) && (uintptr_t)tsd[PTHREAD_KEYS_MAX + key] == g ? tsd[key] : 0;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	if (key >= PTHREAD_KEYS_MAX)
		return EINVAL;
	uintptr_t g = atomic_load_explicit(&keys[key].gen, memory_order_relaxed);
	if (!(g & 1))
		return EINVAL;
	void **tsd = thread_tsd(thread_self());
	tsd[key] = (void *)value;
	tsd[PTHREAD_KEYS_MAX + key] = (void *)g;
	return 0;
}

/*
 * At thread exit (thread_exit_hook): each non-NULL value of a live key is
 * cleared and its destructor called, in rounds while destructors set new
 * values, at most PTHREAD_DESTRUCTOR_ITERATIONS of them.
 */
void pthread_tsd_exit(void)
{
	void **tsd = thread_tsd(thread_self());

	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		bool called = false;
		for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
			/* acquire: pairs with pthread_key_create, for the destructor. */
			uintptr_t g = atomic_load_explicit(&keys[k].gen, memory_order_acquire);
			void *v = tsd[k];
			if (!v || !(g & 1) || (uintptr_t)tsd[PTHREAD_KEYS_MAX + k] != g)
				continue;
			void (*dtor)(void *) =
			    atomic_load_explicit(&keys[k].dtor, memory_order_relaxed);
			tsd[k] = 0;
			if (dtor) {
				dtor(v);
				called = true;
			}
		}
		if (!called)
			return;
	}
}
