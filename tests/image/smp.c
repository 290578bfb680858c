// SPDX-License-Identifier: MIT
/* Every core comes online, runs work, and answers interrupts from every other core. */
// eremit-test: cpus 1 2 4
// eremit-test: qemu-cpus 1 4 16
// eremit-test: stdout @CPUS@ cores online
// eremit-test: stdout every core reported in
// eremit-test: stdout ping between every pair of cores
// eremit-test: stdout errors ok
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <eremit/cpu.h>

static volatile unsigned seen[256];

static void report(void *arg)
{
	seen[(unsigned long)arg] = eremit_cpu_id() + 1;
}

struct ping_job {
	unsigned from, n;
	int64_t worst_ns;
	int failed;
};

/* On core `from`: ping every other idle core. */
static void ping_all(void *arg)
{
	struct ping_job *j = arg;
	for (unsigned to = 0; to < j->n; to++) {
		if (to == j->from)
			continue;
		int64_t ns = eremit_cpu_ping(to);
		if (ns <= 0)
			j->failed = 1;
		else if (ns > j->worst_ns)
			j->worst_ns = ns;
	}
}

int main(void)
{
	unsigned n = eremit_cpu_count();
	printf("%u cores online\n", n);
	if (eremit_cpu_id() != 0)
		return 1;
	for (unsigned c = 1; c < n; c++)
		if (eremit_cpu_run(c, report, (void *)(unsigned long)c))
			return 2;
	for (unsigned c = 1; c < n; c++)
		if (eremit_cpu_wait(c) || seen[c] != c + 1)
			return 3;
	printf("every core reported in\n");

	/* Pairs (a, b) for all a != b: core a pings each other core while they idle. */
	int64_t worst = 0;
	for (unsigned a = 0; a < n; a++) {
		struct ping_job j = {a, n, 0, 0};
		if (a == 0)
			ping_all(&j);
		else if (eremit_cpu_run(a, ping_all, &j) || eremit_cpu_wait(a))
			return 4;
		if (j.failed)
			return 5;
		if (j.worst_ns > worst)
			worst = j.worst_ns;
	}
	fprintf(stderr, "worst ping round trip: %lld us\n", (long long)(worst / 1000));
	printf("ping between every pair of cores\n");

	if (eremit_cpu_run(0, report, 0) != -EINVAL || eremit_cpu_run(n, report, 0) != -EINVAL ||
	    eremit_cpu_ping(0) != -EINVAL || eremit_cpu_wait(n) != -EINVAL ||
	    eremit_cpu_node(n) != -1 || eremit_irq_count(n, 0xf1) != 0)
		return 6;
	printf("errors ok\n");
	return 0;
}
