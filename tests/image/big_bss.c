// SPDX-License-Identifier: MIT
/* A 1.5 GiB static array, as HPC codes have: the image's .bss spans GiBs. */
// eremit-test: mem 2G
// eremit-test: stdout big .bss ok: first, middle and last pages written and read
#include <stdint.h>
#include <stdio.h>

#define BIG ((size_t)1536 * 1024 * 1024)

static unsigned char big[BIG];

int main(void)
{
	size_t at[] = {0, BIG / 2, BIG - 1};
	for (int i = 0; i < 3; i++)
		big[at[i]] = (unsigned char)(0x5a + i);
	for (int i = 0; i < 3; i++)
		if (big[at[i]] != (unsigned char)(0x5a + i) || big[at[i] ^ 64] != 0)
			return printf("big[%zu] wrong\n", at[i]), 1;
	printf("big .bss ok: first, middle and last pages written and read\n");
	return 0;
}
