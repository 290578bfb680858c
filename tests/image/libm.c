// SPDX-License-Identifier: MIT
/* libm results match the correctly rounded values to the printed precision. */
// eremit-test: stdout-exact
// eremit-test: stdout sin(1)=0.8414709848
// eremit-test: stdout exp(1)=2.7182818285
// eremit-test: stdout pow(2,0.5)=1.4142135624
// eremit-test: stdout sqrt(2)=1.4142135624
// eremit-test: stdout log(10)=2.3025850930
// eremit-test: stdout atan2(1,1)*4=3.1415926536
// eremit-test: stdout sinf(0.5)=0.479426
#include <math.h>
#include <stdio.h>

int main(void)
{
	volatile double one = 1.0, two = 2.0, half = 0.5, ten = 10.0;
	volatile float halff = 0.5f;
	printf("sin(1)=%.10f\n", sin(one));
	printf("exp(1)=%.10f\n", exp(one));
	printf("pow(2,0.5)=%.10f\n", pow(two, half));
	printf("sqrt(2)=%.10f\n", sqrt(two));
	printf("log(10)=%.10f\n", log(ten));
	printf("atan2(1,1)*4=%.10f\n", atan2(one, one) * 4);
	printf("sinf(0.5)=%.6f\n", (double)sinf(halff));
	return 0;
}
