// SPDX-License-Identifier: MIT
/* stdin reaches the application through the monitor's READ hypercall. */
// eremit-test: runner eremit
// eremit-test: stdin first line\nsecond line\n
// eremit-test: stdout-exact
// eremit-test: stdout 1: FIRST LINE
// eremit-test: stdout 2: SECOND LINE
// eremit-test: stdout end of input after 2 lines
#include <ctype.h>
#include <stdio.h>

int main(void)
{
	char line[128];
	int n = 0;
	while (fgets(line, sizeof(line), stdin)) {
		for (char *p = line; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		printf("%d: %s", ++n, line);
	}
	printf("end of input after %d lines\n", n);
	return 0;
}
