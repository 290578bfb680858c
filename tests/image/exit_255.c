// SPDX-License-Identifier: MIT
/* The largest exit status survives both runners unchanged. */
// eremit-test: status 255
// eremit-test: stderr-re ^to stderr$
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	fprintf(stderr, "to stderr\n");
	exit(255);
}
