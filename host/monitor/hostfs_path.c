/* SPDX-License-Identifier: MIT */
/* Guest paths: lexical cleaning and the mount a path falls in; portable. */
#include <errno.h>
#include <string.h>

#include "hostfs.h"

/*
 * Cleaning is lexical, as Go's filepath.Clean: "a/link/.." is "a", whatever
 * link points to. That decides which mount a path belongs to before any host
 * file is looked at; the host's own resolution below the mount (openat2 with
 * RESOLVE_BENEATH) then stops symlinks from leaving it.
 */
int hv_path_clean(const char *cwd, const char *path, size_t len, char *out, size_t outsize)
{
	size_t n = 0, i = 0;

	if (len == 0)
		return -ENOENT;
	if (memchr(path, 0, len))
		return -EINVAL;
	if (outsize < 2)
		return -ENAMETOOLONG;
	if (path[0] != '/') {
		/* cwd is clean: start from it, then add the relative path's components. */
		n = strlen(cwd);
		if (n + 1 > outsize)
			return -ENAMETOOLONG;
		memcpy(out, cwd, n);
		if (n == 1)
			n = 0; /* "/" : components append to "" */
	}
	while (i < len) {
		size_t start, clen;

		while (i < len && path[i] == '/')
			i++;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		clen = i - start;
		if (clen == 0 || (clen == 1 && path[start] == '.'))
			continue;
		if (clen == 2 && path[start] == '.' && path[start + 1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--; /* the slash before the dropped component */
			continue;
		}
		if (n + 1 + clen + 1 > outsize)
			return -ENAMETOOLONG;
		out[n++] = '/';
		memcpy(out + n, path + start, clen);
		n += clen;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = 0;
	return 0;
}

/* Does the clean path p lie at or below the clean directory dir? */
static const char *below(const char *dir, const char *p)
{
	size_t n = strlen(dir);

	if (n == 1) /* "/" */
		return p + 1;
	if (strncmp(dir, p, n) || (p[n] != '/' && p[n] != 0))
		return 0;
	return p[n] == '/' ? p + n + 1 : p + n;
}

const struct hv_mount *hv_path_mount(const struct hv_mount *mounts, unsigned n, const char *clean,
				     const char **rest)
{
	const struct hv_mount *best = 0;

	for (unsigned i = 0; i < n; i++) {
		const char *r = below(mounts[i].guest, clean);
		if (r && (!best || strlen(mounts[i].guest) > strlen(best->guest))) {
			best = &mounts[i];
			*rest = r;
		}
	}
	return best;
}
