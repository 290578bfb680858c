// SPDX-License-Identifier: MIT
/* malloc/free on every core at once, blocks traded between cores, contents checksummed. */
// eremit-test: cpus 1 2 4
// eremit-test: qemu-cpus 1 2 16
// eremit-test: mem 512M
// eremit-test: stdout-exact
// eremit-test: stdout stress: @CPUS@ cores, every block intact
// eremit-test: stdout memory back: a 200 MiB block after the stress
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <eremit/cpu.h>

#define MIB    (1024 * 1024ul)
#define SLOTS  1024
#define ROUNDS 30000

static _Atomic(uint64_t *) slot[SLOTS];
static atomic_int errors;

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	return x ^ (x >> 33);
}

/* Word 0: length in words; word 1: seed; then mix(seed + i). */
static uint64_t *block_new(uint64_t r)
{
	size_t words = 2 + (size_t)(r % 256 == 0 ? mix(r) % (300 * 1024) : mix(r) % 600);
	uint64_t *b = malloc(words * 8);
	if (!b)
		return NULL;
	b[0] = words;
	b[1] = r;
	for (size_t i = 2; i < words; i++)
		b[i] = mix(r + i);
	return b;
}

static int block_ok(const uint64_t *b)
{
	for (size_t i = 2; i < b[0]; i++)
		if (b[i] != mix(b[1] + i))
			return 0;
	return 1;
}

static void worker(void *arg)
{
	uint64_t r = mix((uint64_t)(uintptr_t)arg + 1);
	for (int round = 0; round < ROUNDS; round++) {
		r = mix(r + (uint64_t)round);
		uint64_t *b = block_new(r);
		if (!b) {
			atomic_fetch_add(&errors, 1);
			continue;
		}
		/* acq_rel: the block's contents travel with the pointer, both ways. */
		uint64_t *old = atomic_exchange_explicit(&slot[r % SLOTS], b, memory_order_acq_rel);
		if (old) {
			if (!block_ok(old))
				atomic_fetch_add(&errors, 1);
			free(old);
		}
	}
}

int main(void)
{
	unsigned n = eremit_cpu_count();
	for (unsigned c = 1; c < n; c++)
		if (eremit_cpu_run(c, worker, (void *)(uintptr_t)c))
			return printf("cannot start core %u\n", c), 1;
	worker(0);
	for (unsigned c = 1; c < n; c++)
		if (eremit_cpu_wait(c))
			return 1;
	for (int i = 0; i < SLOTS; i++) {
		uint64_t *b = atomic_load(&slot[i]);
		if (b && !block_ok(b))
			atomic_fetch_add(&errors, 1);
		free(b);
	}
	if (atomic_load(&errors))
		return printf("%d blocks corrupt or not allocated\n", atomic_load(&errors)), 1;
	printf("stress: %u cores, every block intact\n", n);
	char *big = malloc(200 * MIB);
	if (!big)
		return printf("no 200 MiB block after the stress\n"), 1;
	memset(big, 1, 200 * MIB);
	free(big);
	printf("memory back: a 200 MiB block after the stress\n");
	return 0;
}
