// SPDX-License-Identifier: GPL-2.0-only
/* mountinfo.c: reading /proc/self/mountinfo (see mountinfo.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape_octal(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

int lc_mountinfo_parse(const char *line, struct lc_mount *m)
{
	/* fields: id parent major:minor root mountpoint opts [optional...] - fstype src */
	const char *sep = strstr(line, " - ");

	if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", m->path) != 1 ||
	    sscanf(sep + 3, "%63s", m->fstype) != 1)
		return -EINVAL;
	unescape_octal(m->path);
	return 0;
}

int lc_mountinfo_walk(const char *fstype, lc_mount_visit_fn visit, void *arg, struct lc_err *err)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	struct lc_mount m;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f)
		return lc_err_set(err, -errno, "cannot read /proc/self/mountinfo");
	while (!rc && getline(&line, &cap, f) > 0)
		if (!lc_mountinfo_parse(line, &m) && (!fstype || !strcmp(m.fstype, fstype)))
			rc = visit(&m, arg);
	free(line);
	fclose(f);
	return rc;
}
