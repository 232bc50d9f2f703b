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
 * Check that a new pin may be made at path, creating nothing: every directory on the way
 * is a real directory (no symlink) owned by root or the caller and not writable by others
 * unless sticky; the pin's directory (or the deepest that exists) is on a bpffs; nothing
 * is at path yet. For refusing a bad path before an irreversible step (bpffs_pin.c).
 */
int lc_bpffs_check_pin(const char *path, struct lc_err *err);

/*
 * Remove the pin at path: the file itself, never a symlink standing in for it (that
 * would leave the pin and report it gone). Returns 0 or -errno with err filled.
 */
int lc_bpffs_unpin(const char *path, struct lc_err *err);

/*
 * Pin fd at path after the checks of lc_bpffs_check_pin, creating missing directories on
 * the bpffs (0700), through the checked directory's fd; never overwrites. On failure the
 * directories it made are removed again.
 */
int lc_bpffs_pin_fd(int fd, const char *path, struct lc_err *err);

#endif
