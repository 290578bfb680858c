/* SPDX-License-Identifier: MIT */
/*
 * tests/image/omp_affinity.h: checks that OpenMP threads sit where
 * OMP_PLACES and OMP_PROC_BIND put them. The expected places follow the
 * OpenMP 5.2 rules for close, spread and primary (section 10.1.3), computed
 * from the encountering thread's place and place partition, so the same
 * check works for nested teams. A bound thread must have exactly its
 * place's CPUs as affinity, be on one of them (sched_getcpu) and stay there
 * through a busy loop.
 */
#ifndef OMP_AFFINITY_H
#define OMP_AFFINITY_H

#include "omp_test.h"

#define AFF_MAX	     64	    /* threads in a team and places in a list (tests use few) */
#define AFF_ROUNDS   200    /* sched_getcpu checks per thread and team */
#define AFF_WORK     2000   /* xorshift rounds between checks (~5 us natively) */

/* How a team is asked to bind: by the bind-var (OMP_PROC_BIND) or a proc_bind clause. */
enum aff_how { AFF_ENV, AFF_CLOSE, AFF_SPREAD, AFF_PRIMARY };

/* What one team member saw. */
struct aff_seen {
	int place;	  /* omp_get_place_num() */
	int part_len;	  /* omp_get_partition_num_places() */
	int part[AFF_MAX]; /* omp_get_partition_place_nums() */
	int cpu;	  /* a CPU it ran on outside its place, or -1 */
	int mask_ok;	  /* its affinity is exactly its place's CPUs */
	int level;	  /* omp_get_level() */
};

/* The CPUs of place p, as a set. */
static inline cpu_set_t aff_place_set(int p)
{
	int n = omp_get_place_num_procs(p), ids[CPU_SETSIZE];
	cpu_set_t set;

	OT_CHECK(n >= 1 && n <= CPU_SETSIZE, "place %d has %d CPUs", p, n);
	omp_get_place_proc_ids(p, ids);
	CPU_ZERO(&set);
	for (int i = 0; i < n; i++) {
		OT_CHECK(ids[i] >= 0 && ids[i] < CPU_SETSIZE, "place %d: CPU id %d", p, ids[i]);
		CPU_SET(ids[i], &set);
	}
	return set;
}

/* Prints the place list, e.g. "places: {0},{1}". */
static inline void aff_print_places(void)
{
	int n = omp_get_num_places(), ids[CPU_SETSIZE];

	printf("places:");
	for (int p = 0; p < n; p++) {
		omp_get_place_proc_ids(p, ids);
		printf("%s{", p ? "," : " ");
		for (int i = 0; i < omp_get_place_num_procs(p); i++)
			printf("%s%d", i ? "," : "", ids[i]);
		printf("}");
	}
	printf("\n");
}

/*
 * The place list must be `want`: places separated by ';', each a list of
 * CPUs separated by ',' (so "1;0" is OMP_PLACES="{1},{0}").
 */
static inline void aff_expect_places(const char *want)
{
	int p = 0;
	const char *s = want;

	while (*s) {
		cpu_set_t w;
		char *end;

		CPU_ZERO(&w);
		do {
			long c = strtol(s, &end, 10);
			OT_CHECK(end != s && c >= 0 && c < CPU_SETSIZE, "bad place list '%s'", want);
			CPU_SET((int)c, &w);
			s = end + (*end == ',');
		} while (*end == ',');
		OT_CHECK(p < omp_get_num_places(), "%d places, expected more ('%s')",
			 omp_get_num_places(), want);
		cpu_set_t got = aff_place_set(p);
		OT_CHECK(CPU_EQUAL(&got, &w), "place %d is not as expected ('%s')", p, want);
		p++;
		s += (*s == ';');
	}
	OT_CHECK(p == omp_get_num_places(), "%d places, expected %d ('%s')", omp_get_num_places(),
		 p, want);
}

/*
 * The CPUs that share a core with `cpu`: from Linux's sysfs where it exists;
 * without it (Eremit) every CPU is a core of its own, as a vCPU is.
 */
static inline cpu_set_t aff_core_of(int cpu)
{
	char path[96];
	cpu_set_t set;
	FILE *f;

	CPU_ZERO(&set);
	snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list",
		 cpu);
	f = fopen(path, "r");
	if (!f) {
		CPU_SET(cpu, &set);
		return set;
	}
	int a, b, n;
	char sep;
	while ((n = fscanf(f, "%d", &a)) == 1) {
		b = a;
		sep = (char)fgetc(f);
		if (sep == '-') {
			OT_CHECK(fscanf(f, "%d", &b) == 1, "%s: bad range", path);
			sep = (char)fgetc(f);
		}
		for (int c = a; c <= b && c < CPU_SETSIZE; c++)
			CPU_SET(c, &set);
		if (sep != ',')
			break;
	}
	fclose(f);
	OT_CHECK(CPU_ISSET(cpu, &set), "%s does not list CPU %d", path, cpu);
	return set;
}

/*
 * OMP_PLACES=threads (cores = 0) or cores (cores = 1): one place per
 * hardware thread or core online, in ascending order. (Not the caller's
 * affinity: libgomp has bound the initial thread to the first place.)
 */
static inline void aff_expect_places_of(int cores)
{
	cpu_set_t all, seen;
	int p = 0;

	CPU_ZERO(&all);
	for (int c = 0; c < ot_cpus(); c++)
		CPU_SET(c, &all);
	CPU_ZERO(&seen);
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &all) || CPU_ISSET(c, &seen))
			continue;
		cpu_set_t w, core = aff_core_of(c);
		CPU_ZERO(&w);
		CPU_SET(c, &w);
		if (cores)
			CPU_AND(&w, &core, &all);
		CPU_OR(&seen, &seen, &w);
		OT_CHECK(p < omp_get_num_places(), "only %d places for %s", omp_get_num_places(),
			 cores ? "cores" : "threads");
		cpu_set_t got = aff_place_set(p);
		OT_CHECK(CPU_EQUAL(&got, &w), "place %d is not the %s of CPU %d", p,
			 cores ? "core" : "thread", c);
		p++;
	}
	OT_CHECK(p == omp_get_num_places(), "%d places, expected %d", omp_get_num_places(), p);
}

/* Run by each team member: where it is, and whether it stays there. */
static inline void aff_member(struct aff_seen *seen)
{
	struct aff_seen *me = &seen[omp_get_thread_num()];

	me->place = omp_get_place_num();
	me->level = omp_get_level();
	me->part_len = omp_get_partition_num_places();
	me->cpu = -1;
	me->mask_ok = 0;
	if (me->part_len > 0 && me->part_len <= AFF_MAX)
		omp_get_partition_place_nums(me->part);
	if (me->place < 0 || me->place >= omp_get_num_places())
		return;
	cpu_set_t want = aff_place_set(me->place), got = ot_affinity();
	me->mask_ok = CPU_EQUAL(&want, &got);
	for (int i = 0; i < AFF_ROUNDS && me->cpu < 0; i++) {
		int c = sched_getcpu();
		if (c < 0 || c >= CPU_SETSIZE || !CPU_ISSET(c, &want))
			me->cpu = c;
		ot_work(AFF_WORK);
	}
}

/* Index of place p in a partition, or -1. */
static inline int aff_index(const int *part, int len, int p)
{
	for (int i = 0; i < len; i++)
		if (part[i] == p)
			return i;
	return -1;
}

/* The team's places as the OpenMP rules ask, for bind kind `bind`. */
static inline void aff_judge(const struct aff_seen *s, int n, int bind, int p0, const int *part,
			     int plen, const char *what)
{
	int i0 = aff_index(part, plen, p0), count[AFF_MAX] = {0};

	OT_CHECK(i0 >= 0, "%s: the parent's place %d is outside its partition", what, p0);
	for (int t = 0; t < n; t++) {
		OT_CHECK(s[t].place >= 0, "%s: thread %d is bound to no place", what, t);
		OT_CHECK(s[t].mask_ok, "%s: thread %d: affinity is not place %d's CPUs", what, t,
			 s[t].place);
		OT_CHECK(s[t].cpu < 0, "%s: thread %d (place %d) ran on CPU %d", what, t,
			 s[t].place, s[t].cpu);
		int i = aff_index(part, plen, s[t].place);
		OT_CHECK(i >= 0, "%s: thread %d: place %d is outside the parent's partition", what,
			 t, s[t].place);
		count[i]++;
	}
	OT_CHECK(s[0].place == p0, "%s: the primary thread moved from place %d to %d", what, p0,
		 s[0].place);
	if (bind == omp_proc_bind_master) {
		for (int t = 0; t < n; t++) {
			OT_CHECK(s[t].place == p0, "%s: thread %d on place %d, not the primary's %d",
				 what, t, s[t].place, p0);
			OT_CHECK(s[t].part_len == plen, "%s: thread %d: partition changed", what, t);
		}
		return;
	}
	if (n > plen) {
		/* T > P: each place holds floor(T/P) or ceil(T/P) threads, numbered consecutively. */
		for (int i = 0; i < plen; i++)
			OT_CHECK(count[i] == n / plen || count[i] == n / plen + 1,
				 "%s: place %d holds %d of %d threads", what, part[i], count[i], n);
		for (int t = 1; t < n; t++) {
			int d = (aff_index(part, plen, s[t].place) -
				 aff_index(part, plen, s[t - 1].place) + plen) % plen;
			OT_CHECK(d <= 1, "%s: thread %d jumps from place %d to %d", what, t,
				 s[t - 1].place, s[t].place);
			if (bind == omp_proc_bind_spread)
				OT_CHECK(s[t].part_len == 1 && s[t].part[0] == s[t].place,
					 "%s: thread %d: partition is not its own place", what, t);
		}
		return;
	}
	if (bind == omp_proc_bind_close) {
		/* T <= P: thread t on the t-th place after the primary's. */
		for (int t = 0; t < n; t++) {
			OT_CHECK(s[t].place == part[(i0 + t) % plen],
				 "%s: thread %d on place %d, expected %d", what, t, s[t].place,
				 part[(i0 + t) % plen]);
			OT_CHECK(s[t].part_len == plen, "%s: thread %d: partition changed", what, t);
		}
		return;
	}
	/*
	 * spread, T <= P: T subpartitions of floor(P/T) or ceil(P/T) consecutive
	 * places; the primary keeps its place in its subpartition, thread t+1
	 * takes the first place of the subpartition after thread t's.
	 */
	int covered = 0;
	for (int t = 0; t < n; t++) {
		const struct aff_seen *m = &s[t];
		OT_CHECK(m->part_len == plen / n || m->part_len == plen / n + 1,
			 "%s: thread %d: subpartition of %d places (%d places, %d threads)", what,
			 t, m->part_len, plen, n);
		int first = aff_index(part, plen, m->part[0]);
		OT_CHECK(first >= 0, "%s: thread %d: subpartition outside the partition", what, t);
		for (int k = 0; k < m->part_len; k++)
			OT_CHECK(m->part[k] == part[(first + k) % plen],
				 "%s: thread %d: subpartition not consecutive", what, t);
		if (t == 0)
			OT_CHECK(aff_index(m->part, m->part_len, p0) >= 0,
				 "%s: the primary's subpartition lacks its place", what);
		else {
			OT_CHECK(m->place == m->part[0],
				 "%s: thread %d on place %d, not its subpartition's first (%d)",
				 what, t, m->place, m->part[0]);
			int prev = aff_index(part, plen, s[t - 1].part[0]);
			OT_CHECK(first == (prev + s[t - 1].part_len) % plen,
				 "%s: thread %d: subpartition does not follow thread %d's", what, t,
				 t - 1);
		}
		covered += m->part_len;
	}
	OT_CHECK(covered == plen, "%s: subpartitions cover %d of %d places", what, covered, plen);
}

/*
 * A team of n threads bound as `how` asks, checked; returns the team size.
 * Works at any nesting level (the encountering thread's place and partition
 * are the parent's).
 */
static inline int aff_team(int n, enum aff_how how)
{
	struct aff_seen seen[AFF_MAX];
	int bind, p0 = omp_get_place_num(), plen = omp_get_partition_num_places(), got = 0;
	int part[AFF_MAX];
	char what[64];

	OT_CHECK(n >= 1 && n <= AFF_MAX, "aff_team: %d threads", n);
	OT_CHECK(plen >= 1 && plen <= AFF_MAX, "partition of %d places", plen);
	omp_get_partition_place_nums(part);
	memset(seen, 0, sizeof seen);
	switch (how) {
	case AFF_ENV:
		bind = omp_get_proc_bind();
#pragma omp parallel num_threads(n)
		{
			aff_member(seen);
#pragma omp single
			got = omp_get_num_threads();
		}
		break;
	case AFF_CLOSE:
		bind = omp_proc_bind_close;
#pragma omp parallel num_threads(n) proc_bind(close)
		{
			aff_member(seen);
#pragma omp single
			got = omp_get_num_threads();
		}
		break;
	case AFF_SPREAD:
		bind = omp_proc_bind_spread;
#pragma omp parallel num_threads(n) proc_bind(spread)
		{
			aff_member(seen);
#pragma omp single
			got = omp_get_num_threads();
		}
		break;
	default:
		bind = omp_proc_bind_master;
#pragma omp parallel num_threads(n) proc_bind(master)
		{
			aff_member(seen);
#pragma omp single
			got = omp_get_num_threads();
		}
		break;
	}
	if (bind == omp_proc_bind_true)
		bind = omp_proc_bind_close; /* what libgomp does for true: implementation-defined */
	snprintf(what, sizeof what, "level %d, %d threads, bind %d", omp_get_level() + 1, n, bind);
	OT_CHECK(bind != omp_proc_bind_false, "%s: binding expected, bind-var is false", what);
	OT_CHECK(got == n, "%s: a team of %d threads", what, got);
	aff_judge(seen, n, bind, p0, part, plen, what);
	return got;
}

#endif /* OMP_AFFINITY_H */
