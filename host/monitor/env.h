/* SPDX-License-Identifier: MIT */
/* The guest's environment (host's, --env, --clear-env) and the argv/environ limits. */
#ifndef HV_ENV_H
#define HV_ENV_H

#include <stddef.h>

#include "config.h"

/*
 * The guest's environment: the host's (unless --clear-env), then each --env
 * in order, a later NAME replacing an earlier one; "--env NAME" takes the
 * host's NAME if it has one. A NULL-terminated array pointing into host and
 * cfg (free only the array), or NULL with a reason in err.
 */
char **hv_env_build(const struct hv_config *cfg, char *const *host, char *err, size_t errlen);

/* 0 if argv (with image as argv[0]) and env fit HV_ARGS_MAX_*; else -1 and why in err. */
int hv_args_check(const char *image, int argc, char *const *argv, char *const *env, char *err,
		  size_t errlen);

#endif /* HV_ENV_H */
