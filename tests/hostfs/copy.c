// SPDX-License-Identifier: MIT
/* copy SRC DST: copies a host file with stdio, in blocks of odd size; prints the byte count. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	static char buf[100003]; /* not a power of two: blocks straddle stdio's buffers */
	FILE *in, *out;
	size_t n;
	long long total = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SRC DST\n", argv[0]);
		return 2;
	}
	if (!(in = fopen(argv[1], "rb"))) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!(out = fopen(argv[2], "wb"))) {
		fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (fwrite(buf, 1, n, out) != n) {
			fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		total += (long long)n;
	}
	if (ferror(in) || fclose(in) || fclose(out)) {
		fprintf(stderr, "copy: %s\n", strerror(errno));
		return 1;
	}
	printf("%lld bytes\n", total);
	return 0;
}
