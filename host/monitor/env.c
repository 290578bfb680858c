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

/*
 * The environment being built: entries and an open-addressing hash of their
 * names, so that tens of thousands of --env options cost linear time.
 */
struct env_set {
	char **env;
	size_t n;
	size_t *slot; /* index + 1 into env, 0 = empty; cap is a power of two */
	size_t cap;
};

static size_t name_hash(const char *s, size_t k)
{
	size_t h = 14695981039346656037ull; /* FNV-1a */

	for (size_t i = 0; i < k; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* Sets (replaces or appends) entry s. */
static void env_set(struct env_set *e, char *s)
{
	size_t k = name_len(s), i = name_hash(s, k) & (e->cap - 1);

	for (; e->slot[i]; i = (i + 1) & (e->cap - 1)) {
		char *old = e->env[e->slot[i] - 1];
		if (name_len(old) == k && !strncmp(old, s, k)) {
			e->env[e->slot[i] - 1] = s;
			return;
		}
	}
	e->env[e->n++] = s;
	e->slot[i] = e->n;
}

/* The host's value of NAME as "NAME=VALUE", or NULL. */
static char *host_value(char *const *host, const char *name)
{
	size_t k = strlen(name);
	char *found = 0;

	for (char *const *e = host; e && *e; e++)
		if (name_len(*e) == k && !strncmp(*e, name, k))
			found = *e;
	return found;
}

char **hv_env_build(const struct hv_config *cfg, char *const *host, char *err, size_t errlen)
{
	struct env_set e = {0};
	size_t nhost = 0, total;

	for (char *const *h = host; !cfg->clear_env && h && *h; h++)
		nhost++;
	total = nhost + cfg->nenv;
	for (e.cap = 16; e.cap < 2 * total; e.cap *= 2)
		;
	e.env = calloc(total + 1, sizeof(*e.env));
	e.slot = calloc(e.cap, sizeof(*e.slot));
	if (!e.env || !e.slot) {
		free(e.env);
		free(e.slot);
		snprintf(err, errlen, "out of memory");
		return 0;
	}
	for (size_t i = 0; i < nhost; i++)
		env_set(&e, host[i]);
	for (unsigned i = 0; i < cfg->nenv; i++) {
		/* --env NAME: the host's value, or nothing if the host has none. */
		char *s =
		    strchr(cfg->env[i], '=') ? (char *)cfg->env[i] : host_value(host, cfg->env[i]);
		if (s)
			env_set(&e, s);
	}
	free(e.slot);
	e.env[e.n] = 0;
	return e.env;
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
