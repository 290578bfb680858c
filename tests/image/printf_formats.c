// SPDX-License-Identifier: MIT
/* newlib's printf with long long, C99 formats and floating point. */
// eremit-test: stdout-exact
// eremit-test: stdout ll=-9223372036854775807 ull=18446744073709551615
// eremit-test: stdout hex=0xdeadbeefcafe z=12345 j=-7
// eremit-test: stdout f=3.141593 e=6.022141e+23 g=1e-10
// eremit-test: stdout a=0x1.8p+1 A=-0X1P-2
// eremit-test: stdout pad=[   42] [42   ] [00042] [ab]
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	printf("ll=%lld ull=%llu\n", -9223372036854775807LL, 18446744073709551615ULL);
	printf("hex=%#llx z=%zu j=%jd\n", 0xdeadbeefcafeULL, (size_t)12345, (intmax_t)-7);
	printf("f=%f e=%e g=%g\n", 3.14159265358979, 6.02214076e23, 1e-10);
	printf("a=%a A=%A\n", 3.0, -0.25);
	printf("pad=[%5d] [%-5d] [%05d] [%.2s]\n", 42, 42, 42, "abc");
	return 0;
}
