// SPDX-License-Identifier: MIT
/*
 * bench/hypercall: the cost of one round trip to the host (lseek on an open
 * host file: a hypercall on Eremit, a system call on Linux) and the time to
 * write a large file, the same C source on both.
 *   hypercall [MIB] [CALLS]      (defaults: 1024 MiB, 20000 calls)
 * Prints "name value unit" lines for run.sh.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#define CHUNK  (1 << 20)
#define ROUNDS 7

/* gettimeofday: on both systems today (Eremit's clock_gettime comes with the timers). */
static double now_s(void)
{
	struct timeval t;

	gettimeofday(&t, 0);
	return (double)t.tv_sec + (double)t.tv_usec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 1024;
	long calls = argc > 2 ? atol(argv[2]) : 20000;
	const char *path = "bench-hypercall.tmp";
	double t[ROUNDS], t0, write_s, close_s;
	char *buf = malloc(CHUNK);
	int fd;

	if (mib <= 0 || calls <= 0 || !buf) {
		fprintf(stderr, "usage: %s [MIB] [CALLS]\n", argv[0]);
		return 2;
	}
	memset(buf, 0x5a, CHUNK);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	/*
	 * A large file in 1 MiB writes, into the host's page cache. First: on
	 * the PVM build host, writes made right after a long burst of exits
	 * run several times slower (measured 0.5 against 4 GiB/s), an effect of
	 * the host that would otherwise be charged to the file path.
	 */
	t0 = now_s();
	for (long i = 0; i < mib; i++) {
		if (write(fd, buf, CHUNK) != CHUNK) {
			perror("write");
			return 1;
		}
	}
	write_s = now_s() - t0;
	t0 = now_s();
	if (close(fd)) {
		perror("close");
		return 1;
	}
	close_s = now_s() - t0;

	/* Round trips: lseek(SEEK_CUR) does no I/O on either side. */
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	for (int r = 0; r < ROUNDS; r++) {
		t0 = now_s();
		for (long i = 0; i < calls; i++)
			if (lseek(fd, 0, SEEK_CUR) != 0)
				return 1;
		t[r] = (now_s() - t0) / (double)calls;
	}
	close(fd);
	qsort(t, ROUNDS, sizeof(t[0]), cmp_double);
	printf("roundtrip_min %.3f us\n", t[0] * 1e6);
	printf("roundtrip_median %.3f us\n", t[ROUNDS / 2] * 1e6);
	printf("write_s %.3f s\n", write_s + close_s);
	printf("write_rate %.3f GiB/s\n", (double)mib / 1024.0 / (write_s + close_s));
	if (unlink(path)) {
		perror("unlink");
		return 1;
	}
	return 0;
}
