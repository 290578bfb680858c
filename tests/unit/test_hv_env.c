/* SPDX-License-Identifier: MIT */
/* Unit tests of the guest environment (--env, --clear-env) and the argv/environ limits. */
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "unit_check.h"

static int count(char **env)
{
	int n = 0;

	while (env[n])
		n++;
	return n;
}

static int has(char **env, const char *s)
{
	for (; *env; env++)
		if (!strcmp(*env, s))
			return 1;
	return 0;
}

static void test_build(void)
{
	char *host[] = {"A=1", "B=2", "A=3", "C=", 0};
	const char *adds[] = {"B=x", "D=4", "C", "NOPE", "D=5", "E=a=b"};
	struct hv_config cfg = {.env = adds, .nenv = 6};
	char err[128], **env;

	env = hv_env_build(&cfg, host, err, sizeof(err));
	CHECK(env && count(env) == 5);
	/* The last of duplicate host names wins, in the first one's place. */
	CHECK(env && !strcmp(env[0], "A=3") && !strcmp(env[1], "B=x") && !strcmp(env[2], "C="));
	CHECK(env && has(env, "D=5") && has(env, "E=a=b") && !has(env, "NOPE"));
	free(env);

	cfg.clear_env = true;
	env = hv_env_build(&cfg, host, err, sizeof(err));
	/* --env C copies the host's C even with --clear-env. */
	CHECK(env && count(env) == 4 && has(env, "B=x") && has(env, "C=") && has(env, "D=5"));
	free(env);

	cfg = (struct hv_config){0};
	env = hv_env_build(&cfg, 0, err, sizeof(err));
	CHECK(env && count(env) == 0);
	free(env);
}

static void test_many(void)
{
	enum { N = 100000 };
	static char names[N][16];
	static const char *adds[N];
	struct hv_config cfg = {.env = adds, .nenv = N, .clear_env = true};
	char err[128], **env;

	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "V%d=%d", i % (N / 2), i);
		adds[i] = names[i];
	}
	env = hv_env_build(&cfg, 0, err, sizeof(err));
	CHECK(env && count(env) == N / 2 && !strcmp(env[0], "V0=50000"));
	CHECK(env && hv_args_check("img", 0, 0, env, err, sizeof(err)) == 0);
	free(env);
}

static void test_limits(void)
{
	char err[160];
	char *big = malloc(HV_ARGS_MAX_BYTES);
	char *argv[] = {big};

	memset(big, 'x', HV_ARGS_MAX_BYTES - 1);
	big[HV_ARGS_MAX_BYTES - 1] = 0;
	/* "img\0" plus the string: 4 bytes over. */
	CHECK(hv_args_check("img", 1, argv, 0, err, sizeof(err)) == -1);
	CHECK(strstr(err, "more than the 4 MiB allowed") != 0);
	big[HV_ARGS_MAX_BYTES - 5] = 0;
	CHECK(hv_args_check("img", 1, argv, 0, err, sizeof(err)) == 0);
	free(big);
}

int main(void)
{
	test_build();
	test_many();
	test_limits();
	TEST_DONE();
}
