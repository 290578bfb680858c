// SPDX-License-Identifier: MIT
/* Data is not executable: jumping into a data buffer faults. */
// eremit-test: status 139
// eremit-test: stderr-re page fault \(#PF, vector 14\)
// eremit-test: stderr-re instruction fetch from a non-executable page
#include <string.h>

static unsigned char code[16];

int main(void)
{
	memset(code, 0xc3, sizeof(code)); /* ret */
	void (*fn)(void) = (void (*)(void))(void *)code;
	fn();
	return 0;
}
