/* SPDX-License-Identifier: GPL-2.0-only */
/* cgroup.h: from a cgroup ID (as cgroup links report it) back to the cgroup's path. */
#ifndef LC_CGROUP_H
#define LC_CGROUP_H

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

#endif
