/* SPDX-License-Identifier: GPL-2.0-only */
/* mountinfo.h: the one parser of /proc/self/mountinfo (mount point unescaped, fstype). */
#ifndef LC_MOUNTINFO_H
#define LC_MOUNTINFO_H

#include <limits.h>

#include "err.h"

struct lc_mount {
	char path[PATH_MAX];        /* mount point, with \040 and friends turned back into bytes */
	char fstype[64];
};

/* One line: 0, or -EINVAL when it is not a mountinfo line. */
int lc_mountinfo_parse(const char *line, struct lc_mount *m);

/*
 * visit() is called for every mount of fstype (every mount when NULL), in mountinfo's
 * order; a non-zero return stops the walk and becomes lc_mountinfo_walk's return value.
 */
typedef int (*lc_mount_visit_fn)(const struct lc_mount *m, void *arg);
int lc_mountinfo_walk(const char *fstype, lc_mount_visit_fn visit, void *arg, struct lc_err *err);

#endif
