// SPDX-License-Identifier: MIT
/* Integer division by zero: #DE, reported, 128 + SIGFPE. */
// eremit-test: status 136
// eremit-test: stderr-re divide error \(#DE, vector 0\)
// eremit-test: stderr-re <divide\+0x[0-9a-f]+>
// eremit-test: stderr-re terminated by SIGFPE
#include <stdio.h>

__attribute__((noinline)) int divide(int a, int b)
{
	return a / b;
}

int main(void)
{
	volatile int zero = 0;
	printf("%d\n", divide(7, zero));
	return 0;
}
