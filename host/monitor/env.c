/* SPDX-License-Identifier: MIT */
/* The guest's environment and the limits on argv and environ; portable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"

/* Length of the NAME in "NAME=VALUE" (or of all of "NAME"). */
static size_t name_len(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq ? (size_t)(eq - s) : strlen(s);
}

/* Sets (replaces or appends) entry s in env[0..*n). */
static void env_set(char **env, size_t *n, char *s)
{
	size_t k = name_len(s);

	for (size_t i = 0; i < *n; i++) {
		if (name_len(env[i]) == k && !strncmp(env[i], s, k)) {
			env[i] = s;
			return;
		}
	}
	env[(*n)++] = s;
}

char **hv_env_build(const struct hv_config *cfg, char *const *host, char *err, size_t errlen)
{
	size_t nhost = 0, n = 0;
	char **env;

	for (char *const *e = host; !cfg->clear_env && e && *e; e++)
		nhost++;
	env = calloc(nhost + cfg->nenv + 1, sizeof(*env));
	if (!env) {
		snprintf(err, errlen, "out of memory");
		return 0;
	}
	for (size_t i = 0; i < nhost; i++)
		env_set(env, &n, host[i]);
	for (unsigned i = 0; i < cfg->nenv; i++) {
		const char *v = cfg->env[i];
		char *s = (char *)v;

		if (!strchr(v, '=')) {
			/* --env NAME: the host's value, or nothing if the host has none. */
			size_t k = strlen(v);
			s = 0;
			for (char *const *e = host; e && *e; e++)
				if (name_len(*e) == k && !strncmp(*e, v, k))
					s = *e;
			if (!s)
				continue;
		}
		env_set(env, &n, s);
	}
	env[n] = 0;
	return env;
}

int hv_args_check(const char *image, int argc, char *const *argv, char *const *env, char *err,
		  size_t errlen)
{
	uint64_t bytes = strlen(image) + 1, count = 1;

	for (int i = 0; i < argc; i++, count++)
		bytes += strlen(argv[i]) + 1;
	for (char *const *e = env; e && *e; e++, count++)
		bytes += strlen(*e) + 1;
	if (count > HV_ARGS_MAX_STRINGS) {
		snprintf(err, errlen,
			 "%llu arguments and environment variables, more than the %u allowed "
			 "(--clear-env or a smaller environment helps)",
			 (unsigned long long)count, HV_ARGS_MAX_STRINGS);
		return -1;
	}
	if (bytes > HV_ARGS_MAX_BYTES) {
		snprintf(err, errlen,
			 "the arguments and environment take %llu bytes, more than the %llu MiB "
			 "allowed (--clear-env or a smaller environment helps)",
			 (unsigned long long)bytes, HV_ARGS_MAX_BYTES >> 20);
		return -1;
	}
	return 0;
}
