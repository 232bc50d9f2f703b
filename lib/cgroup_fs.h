/* SPDX-License-Identifier: GPL-2.0-only */
/* cgroup_fs.h: the cgroup v2 mount, a cgroup ID (as cgroup links report it) back to its path, the walk. */
#ifndef LC_CGROUP_FS_H
#define LC_CGROUP_FS_H

#include <stddef.h>
#include <linux/types.h>

#include "err.h"

/* The cgroup v2 mount (from /proc/self/mountinfo) as a directory fd; -errno when there is none. */
int lc_cgroup2_root_open(struct lc_err *err);

/*
 * Path of the cgroup with this ID under the cgroup v2 mount root_fd. A cgroup ID is
 * its kernfs node ID, which is also the directory's file handle: one
 * open_by_handle_at() instead of a walk over the tree (needs CAP_DAC_READ_SEARCH).
 */
int lc_cgroup_path(int root_fd, __u64 cgroup_id, char *path, size_t len);

/*
 * Every cgroup under root_fd (which stays open), parents first: visit gets each one's fd
 * (closed after it returns) and its path from root_fd ("/", "/a", "/a/b"). A cgroup removed
 * meanwhile is skipped; a non-zero return of visit stops the walk and is returned.
 */
typedef int (*lc_cgroup_visit_fn)(int cgroup_fd, const char *path, void *arg);
int lc_cgroup_walk(int root_fd, lc_cgroup_visit_fn visit, void *arg);

#endif
