// SPDX-License-Identifier: MIT
/* 256 MiB through malloc/free: contents survive, freed memory is reused, OOM is NULL. */
// eremit-test: mem 512M
// eremit-test: stdout big block of 256 MiB verified
// eremit-test: stdout churn: 20000 allocations verified
// eremit-test: stdout out of memory gives NULL with ENOMEM
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1024 * 1024)

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	return x ^ (x >> 33);
}

static int big_block(void)
{
	size_t n = 256 * (size_t)MIB / sizeof(uint64_t);
	uint64_t *p = malloc(n * sizeof(uint64_t));
	if (!p)
		return printf("malloc(256 MiB) failed\n"), 1;
	for (size_t i = 0; i < n; i++)
		p[i] = mix(i);
	for (size_t i = 0; i < n; i++)
		if (p[i] != mix(i))
			return printf("corrupt at %zu\n", i), 1;
	free(p);
	printf("big block of 256 MiB verified\n");
	return 0;
}

static int churn(void)
{
	enum { SLOTS = 512, ROUNDS = 20000 };
	static unsigned char *slot[SLOTS];
	static size_t len[SLOTS];
	uint64_t seed = 1;
	for (int r = 0; r < ROUNDS; r++) {
		seed = mix(seed + r);
		int s = (int)(seed % SLOTS);
		if (slot[s]) {
			for (size_t i = 0; i < len[s]; i++)
				if (slot[s][i] != (unsigned char)(s + i))
					return printf("slot %d corrupt\n", s), 1;
			free(slot[s]);
		}
		len[s] = 1 + (seed >> 16) % 65536;
		slot[s] = malloc(len[s]);
		if (!slot[s])
			return printf("malloc(%zu) failed\n", len[s]), 1;
		for (size_t i = 0; i < len[s]; i++)
			slot[s][i] = (unsigned char)(s + i);
	}
	for (int s = 0; s < SLOTS; s++)
		free(slot[s]);
	printf("churn: %d allocations verified\n", ROUNDS);
	return 0;
}

static int out_of_memory(void)
{
	errno = 0;
	void *p = malloc((size_t)4096 * MIB);
	if (p || errno != ENOMEM)
		return printf("malloc(4 GiB) in 512 MiB gave %p, errno %d\n", p, errno), 1;
	/* After a failed request, ordinary allocations still work. */
	void *q = malloc(MIB);
	if (!q)
		return printf("malloc(1 MiB) failed after OOM\n"), 1;
	free(q);
	printf("out of memory gives NULL with ENOMEM\n");
	return 0;
}

int main(void)
{
	/* Twice: the second 256 MiB block must reuse the first one's memory. */
	if (big_block() || big_block() || churn() || out_of_memory())
		return 1;
	return 0;
}
