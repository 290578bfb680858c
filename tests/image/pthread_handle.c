// SPDX-License-Identifier: MIT
/*
 * pthread_create stores the new thread's handle before the thread can run,
 * as glibc does: libgomp's team start reads it from the new thread at once
 * (gomp_thread_start, start_data->handle). Storing it after queuing the
 * thread let 2 in 8,000 threads see 0 on 2 cores, and libgomp's pause-1
 * test fault on 4.
 */
/* eremit-test: stdout 0 of 8000 threads saw their handle unset */
/* eremit-test: cpus 1 2 */
/* eremit-test: qemu-cpus 1 2 4 */
#include <pthread.h>
#include <stdio.h>

#define N 4
#define ROUNDS 2000
static pthread_t handle[N], seen[N];

static void *child(void *p)
{
	long i = (long)p;
	seen[i] = handle[i];
	return NULL;
}

int main(void)
{
	int bad = 0;

	for (int round = 0; round < ROUNDS; round++) {
		for (long i = 0; i < N; i++) {
			handle[i] = 0;
			if (pthread_create(&handle[i], NULL, child, (void *)i)) {
				printf("pthread_create failed\n");
				return 1;
			}
		}
		for (int i = 0; i < N; i++) {
			if (pthread_join(handle[i], NULL)) {
				printf("pthread_join failed\n");
				return 1;
			}
			bad += seen[i] != handle[i];
		}
	}
	printf("%d of %d threads saw their handle unset\n", bad, ROUNDS * N);
	return bad != 0;
}
