// SPDX-License-Identifier: MIT
/* stdio from many threads: every line written once and whole, to stdout and to one FILE. */
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2 8
// eremit-test: stdout memstream: 8 threads, 4000 lines, each once, whole, in each thread's order
// eremit-test: stdout lockfile: recursive for the owner, ftrylockfile fails for others
// eremit-test: stdout PASS pthread_stdio
// eremit-test: stdout-count 2000 ^stdio t0[0-7] l0[0-9]{3} [a-z]{40}$
/*
 * Half of the lines are one printf; the others are built from several calls
 * (fputs, putc, fwrite, printf) inside flockfile/funlockfile, which must keep
 * other threads' output out of the line. The stdout lines are counted by the
 * test runner (run_image.sh, stdout-count): 2000 different whole lines.
 */
#include "pthread_test.h"

#define THREADS	     8
#define STDOUT_LINES 250
#define MEM_LINES    500
#define PAYLOAD	     40

static pthread_barrier_t start;

/* The 40 letters of line l of thread t. */
static void payload(int t, int l, char *out)
{
	uint64_t x = (uint64_t)t * 1000003u + (uint64_t)l * 7919u + 1;

	for (int i = 0; i < PAYLOAD; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		out[i] = (char)('a' + x % 26);
	}
	out[PAYLOAD] = 0;
}

/* One line on f: in one call, or in pieces under the stream's lock. */
static void line(FILE *f, const char *tag, int t, int l)
{
	char p[PAYLOAD + 1];

	payload(t, l, p);
	if (l % 2 == 0) {
		fprintf(f, "%s t%02d l%04d %s\n", tag, t, l, p);
		return;
	}
	flockfile(f);
	fputs(tag, f);
	fprintf(f, " t%02d", t);
	putc_unlocked(' ', f);
	fprintf(f, "l%04d ", l);
	fwrite(p, 1, PAYLOAD / 2, f);
	if (l % 4 == 1)
		sched_yield(); /* let others try the stream in the middle of the line */
	fputs(p + PAYLOAD / 2, f);
	putc('\n', f);
	funlockfile(f);
}

struct job {
	FILE *f;
	const char *tag;
	int lines;
	int t;
};

static void *writer(void *arg)
{
	struct job *j = arg;

	pthread_barrier_wait(&start);
	for (int l = 0; l < j->lines; l++)
		line(j->f, j->tag, j->t, l);
	return NULL;
}

static void run(FILE *f, const char *tag, int lines)
{
	pthread_t t[THREADS];
	struct job j[THREADS];

	PT_CHECK(pthread_barrier_init(&start, NULL, THREADS));
	for (int i = 0; i < THREADS; i++) {
		j[i] = (struct job){f, tag, lines, i};
		PT_CHECK(pthread_create(&t[i], NULL, writer, &j[i]));
	}
	for (int i = 0; i < THREADS; i++)
		PT_CHECK(pthread_join(t[i], NULL));
	PT_CHECK(pthread_barrier_destroy(&start));
}

/* Every line of buf is some thread's next line. */
static void check(const char *buf, size_t size)
{
	int next[THREADS] = {0}, n = 0;
	char want[128], p[PAYLOAD + 1];
	const char *s = buf, *end = buf + size;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		int t, l;
		if (!nl)
			pt_fail("memstream: the last line has no newline: \"%.60s\"", s);
		if (sscanf(s, "mem t%2d l%4d", &t, &l) != 2 || t < 0 || t >= THREADS)
			pt_fail("memstream: line %d is mangled: \"%.*s\"", n, (int)(nl - s), s);
		if (l != next[t])
			pt_fail("memstream: thread %d's line %d came where line %d should", t, l,
				next[t]);
		payload(t, l, p);
		snprintf(want, sizeof want, "mem t%02d l%04d %s", t, l, p);
		if ((size_t)(nl - s) != strlen(want) || memcmp(s, want, strlen(want)))
			pt_fail("memstream: line %d is \"%.*s\", expected \"%s\"", n, (int)(nl - s),
				s, want);
		next[t]++;
		n++;
		s = nl + 1;
	}
	for (int t = 0; t < THREADS; t++)
		if (next[t] != MEM_LINES)
			pt_fail("memstream: thread %d wrote %d lines, %d seen", t, MEM_LINES,
				next[t]);
}

static void *try_held(void *arg)
{
	if (!ftrylockfile(arg))
		pt_fail("ftrylockfile took a stream another thread had locked");
	return NULL;
}

/* flockfile is recursive for its owner and keeps other threads out. */
static void lockfile(void)
{
	pthread_t t;

	flockfile(stdout);
	if (ftrylockfile(stdout))
		pt_fail("ftrylockfile failed on a stream its caller had locked");
	PT_CHECK(pthread_create(&t, NULL, try_held, stdout));
	PT_CHECK(pthread_join(t, NULL));
	funlockfile(stdout);
	funlockfile(stdout);
	printf("lockfile: recursive for the owner, ftrylockfile fails for others\n");
}

int main(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		pt_fail("open_memstream: %s", strerror(errno));
	run(f, "mem", MEM_LINES);
	if (fclose(f))
		pt_fail("fclose: %s", strerror(errno));
	check(buf, size);
	free(buf);
	printf("memstream: %d threads, %d lines, each once, whole, in each thread's order\n",
	       THREADS, THREADS * MEM_LINES);
	lockfile();
	run(stdout, "stdio", STDOUT_LINES);
	printf("PASS pthread_stdio\n");
	return 0;
}
