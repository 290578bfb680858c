// SPDX-License-Identifier: MIT
/* Runs a command N times and prints each run's wall time and first output line. */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* One run: returns wall ns, or -1 on failure; the first stdout line goes to line. */
static double run_once(char **cmd, char *line, size_t cap)
{
	int fds[2];
	if (pipe(fds))
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	pid_t pid;
	double t0 = now_ns();
	int err = posix_spawnp(&pid, cmd[0], &fa, NULL, cmd, environ);
	close(fds[1]);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		fprintf(stderr, "walltime: cannot run %s: %s\n", cmd[0], strerror(err));
		close(fds[0]);
		return -1;
	}
	FILE *out = fdopen(fds[0], "r");
	line[0] = '\0';
	if (!fgets(line, (int)cap, out))
		line[0] = '\0';
	char sink[4096];
	while (fread(sink, 1, sizeof(sink), out) > 0)
		;
	fclose(out);
	int status;
	waitpid(pid, &status, 0);
	double t1 = now_ns();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "walltime: %s failed (status 0x%x)\n", cmd[0], status);
		return -1;
	}
	line[strcspn(line, "\n")] = '\0';
	return t1 - t0;
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		fprintf(stderr, "usage: walltime RUNS -- COMMAND [ARGS...]\n");
		return 2;
	}
	char *end;
	long runs = strtol(argv[1], &end, 10);
	if (*end || runs < 1 || runs > 100000) {
		fprintf(stderr, "walltime: RUNS must be 1..100000, not '%s'\n", argv[1]);
		return 2;
	}
	char line[256];
	for (long i = 0; i < runs; i++) {
		double ns = run_once(argv + 3, line, sizeof(line));
		if (ns < 0)
			return 1;
		printf("%.0f\t%s\n", ns, line);
	}
	return 0;
}
