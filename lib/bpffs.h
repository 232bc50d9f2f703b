/* SPDX-License-Identifier: GPL-2.0-only */
/* bpffs.h: where bpffs is mounted, whether a path lies on one, and making pins safely. */
#ifndef LC_BPFFS_H
#define LC_BPFFS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct lc_bpffs_mounts {
	int count;
	size_t cap;
	char **paths;           /* mount points, owned; free with lc_bpffs_mounts_free */
};

/* Every bpffs mount point this process sees (from /proc/self/mountinfo). */
int lc_bpffs_mounts_read(struct lc_bpffs_mounts *m, struct lc_err *err);
void lc_bpffs_mounts_free(struct lc_bpffs_mounts *m);

bool lc_bpffs_is_bpffs(const char *path);

/*
 * Make sure root is a bpffs: if it already is, nothing happens; if allow_mount and
 * root is an empty directory with nothing mounted on it, a bpffs is mounted there.
 * Never mounts over files (that would hide them). *mounted says whether this call mounted
 * one, so a caller that then fails can leave the directory as it found it.
 */
int lc_bpffs_ensure_root(const char *root, bool allow_mount, bool *mounted, struct lc_err *err);

/*
 * Check that a new pin may be made at path: its directory is on a bpffs (missing
 * parent directories inside that bpffs are created with mode 0700) and nothing
 * exists at path yet.
 */
int lc_bpffs_prepare_pin(const char *path, struct lc_err *err);

/* The same checks, creating nothing: to refuse a bad path before an irreversible step. */
int lc_bpffs_check_pin(const char *path, struct lc_err *err);

/*
 * Remove the pin at path: the file itself, never a symlink standing in for it (that
 * would leave the pin and report it gone). Returns 0 or -errno with err filled.
 */
int lc_bpffs_unpin(const char *path, struct lc_err *err);

/* Pin fd at path after lc_bpffs_prepare_pin; never overwrites. */
int lc_bpffs_pin_fd(int fd, const char *path, struct lc_err *err);

#endif
