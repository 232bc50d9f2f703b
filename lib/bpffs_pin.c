// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpffs_pin.c: make a pin where nobody else can swap a directory or remove the pin.
 *
 * The path is walked one directory at a time from / (or the working directory) with
 * openat(O_NOFOLLOW|O_DIRECTORY), so no symbolic link is ever followed, and each directory
 * is checked with fstat on the fd that is then used for the next step. The rule for
 * every directory on the way, the bpffs mount root included:
 *   - owned by root or by the caller, and
 *   - not writable by group or others, unless sticky (1777): others may then add entries
 *     but never remove or rename ours, and whatever they add is refused by the owner rule.
 * A bpffs mounted without mode= is such a sticky root. The pin is made with
 * bpf_obj_pin("/proc/self/fd/N/NAME") through the checked directory's fd, so nothing can
 * be swapped in between the check and the pin.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "bpffs.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

/* Where a walk stands: the open directory and how the user would name it. */
struct pin_walk {
	const char *path;       /* the pin path as given */
	int dir_fd;             /* the deepest directory reached */
	size_t dir_len;         /* path[0..dir_len) names it ("/" or "." when 0) */
	const char *name;       /* the pin's own name, inside path */
	size_t created_len;     /* path[0..created_len) is the first directory we made, 0: none */
	bool missing;           /* a directory on the way does not exist (check only) */
};

static void walk_dir_name(const struct pin_walk *w, size_t len, char *buf, size_t buf_len)
{
	if (len)
		snprintf(buf, buf_len, "%.*s", (int)len, w->path);
	else
		snprintf(buf, buf_len, "%s", w->path[0] == '/' ? "/" : ".");
}

static bool fd_on_bpffs(int fd)
{
	struct statfs sfs;

	return !fstatfs(fd, &sfs) && (unsigned long)sfs.f_type == BPF_FS_MAGIC;
}

/* The rule in the header comment, for the directory open at fd. */
static int check_dir_fd(const struct pin_walk *w, int fd, size_t len, struct lc_err *err)
{
	char dir[PATH_MAX];
	struct stat st;

	walk_dir_name(w, len, dir, sizeof(dir));
	if (fstat(fd, &st))
		return lc_err_set(err, -errno, "cannot check directory %s", dir);
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return lc_err_msg(err, -EPERM, "%s belongs to uid %u, who could remove or replace a "
				  "pin made there; not pinning under it", dir, (unsigned int)st.st_uid);
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		return lc_err_msg(err, -EPERM, "%s is writable by other users (mode %04o) and not "
				  "sticky; not pinning under it", dir, (unsigned int)(st.st_mode & 07777));
	return 0;
}

/* One directory down from w->dir_fd; creates it (0700, on a bpffs only) if asked to. */
static int walk_step(struct pin_walk *w, const char *comp, size_t comp_len, size_t end,
		     bool create, struct lc_err *err)
{
	char name[NAME_MAX + 1], dir[PATH_MAX];
	int fd, open_errno;

	if (comp_len > NAME_MAX)
		return lc_err_msg(err, -ENAMETOOLONG, "invalid pin path %s: a name is too long", w->path);
	memcpy(name, comp, comp_len);
	name[comp_len] = '\0';
	walk_dir_name(w, end, dir, sizeof(dir));
	fd = openat(w->dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	open_errno = fd < 0 ? errno : 0;
	if (open_errno == ENOENT && create && fd_on_bpffs(w->dir_fd)) {
		if (mkdirat(w->dir_fd, name, 0700) == 0) {
			if (!w->created_len)
				w->created_len = end;
		} else if (errno != EEXIST) {
			return lc_err_set(err, -errno, "cannot create directory %s", dir);
		}
		fd = openat(w->dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		open_errno = fd < 0 ? errno : 0;
	}
	if (open_errno == ENOENT) {
		w->missing = true;
		return 0;
	}
	if (open_errno == ELOOP || open_errno == ENOTDIR) {
		struct stat st;

		if (!fstatat(w->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
			return lc_err_msg(err, -ELOOP, "%s is a symbolic link; not following it to "
					  "make a pin", dir);
		return lc_err_msg(err, -ENOTDIR, "invalid pin path %s: %s is not a directory",
				  w->path, dir);
	}
	if (fd < 0)
		return lc_err_set(err, -open_errno, "cannot open directory %s", dir);
	close(w->dir_fd);
	w->dir_fd = fd;
	w->dir_len = end;
	return check_dir_fd(w, fd, end, err);
}

/* Walk every directory of path; w->dir_fd is the pin's directory unless w->missing. */
static int walk_path(struct pin_walk *w, const char *path, bool create, struct lc_err *err)
{
	const char *p, *slash;
	int rc;

	memset(w, 0, sizeof(*w));
	w->dir_fd = -1;
	w->path = path;
	w->name = path;
	if (!*path || path[strlen(path) - 1] == '/')
		return lc_err_msg(err, -EINVAL, "invalid pin path '%s'", path);
	slash = strrchr(path, '/');
	w->name = slash ? slash + 1 : path;
	if (!strcmp(w->name, ".") || !strcmp(w->name, ".."))
		return lc_err_msg(err, -EINVAL, "invalid pin path '%s'", path);
	w->dir_fd = open(path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dir_fd < 0)
		return lc_err_set(err, -errno, "cannot open the start of pin path %s", path);
	rc = check_dir_fd(w, w->dir_fd, 0, err);
	for (p = path; !rc && !w->missing && (slash = strchr(p, '/')); p = slash + 1)
		if (slash > p)
			rc = walk_step(w, p, (size_t)(slash - p), (size_t)(slash - path), create, err);
	return rc;
}

/* The pin's directory (or the deepest one that exists) is a bpffs; the name is free. */
static int walk_check_target(const struct pin_walk *w, struct lc_err *err)
{
	char dir[PATH_MAX];
	struct stat st;

	if (!fd_on_bpffs(w->dir_fd)) {
		walk_dir_name(w, w->dir_len, dir, sizeof(dir));
		return lc_err_msg(err, -EINVAL, "%s is not on a bpffs (%s is not a bpf filesystem)",
				  w->path, dir);
	}
	if (!w->missing && !fstatat(w->dir_fd, w->name, &st, AT_SYMLINK_NOFOLLOW))
		return lc_err_msg(err, -EEXIST, "%s already exists; not overwriting it", w->path);
	return 0;
}

static void walk_end(struct pin_walk *w)
{
	if (w->dir_fd >= 0)
		close(w->dir_fd);
	w->dir_fd = -1;
}

int lc_bpffs_check_pin(const char *path, struct lc_err *err)
{
	struct pin_walk w;
	int rc = walk_path(&w, path, false, err);

	if (!rc)
		rc = walk_check_target(&w, err);
	walk_end(&w);
	return rc;
}

/* Remove the directories this walk made, deepest first (they are ours and empty). */
static void remove_created(const struct pin_walk *w)
{
	char dir[PATH_MAX], *slash;

	if (!w->created_len)
		return;
	snprintf(dir, sizeof(dir), "%s", w->path);
	while ((slash = strrchr(dir, '/')) && (size_t)(slash - dir) >= w->created_len) {
		*slash = '\0';
		if (rmdir(dir))
			break;
	}
}

int lc_bpffs_pin_fd(int fd, const char *path, struct lc_err *err)
{
	char via_fd[64 + NAME_MAX];
	struct pin_walk w;
	int rc = walk_path(&w, path, true, err);

	if (!rc)
		rc = walk_check_target(&w, err);
	if (!rc && w.missing)   /* removed by someone between our mkdir and open */
		rc = lc_err_msg(err, -ENOENT, "cannot pin at %s: a directory on the way vanished", path);
	if (!rc) {
		snprintf(via_fd, sizeof(via_fd), "/proc/self/fd/%d/%s", w.dir_fd, w.name);
		if (bpf_obj_pin(fd, via_fd))
			rc = lc_err_set_cap(err, -errno, "CAP_BPF", "cannot pin at %s", path);
	}
	if (rc)
		remove_created(&w);     /* leave nothing half-done */
	walk_end(&w);
	return rc;
}
