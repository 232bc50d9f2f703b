// SPDX-License-Identifier: GPL-2.0-only
/* bpffs.c: bpffs mounts, path checks and pin creation that never clobbers. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/magic.h>

#include "bpffs.h"
#include "grow.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

bool lc_bpffs_is_bpffs(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && (unsigned long)st.f_type == BPF_FS_MAGIC;
}

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

static bool mounts_have(const struct lc_bpffs_mounts *m, const char *path)
{
	for (int i = 0; i < m->count; i++)
		if (!strcmp(m->paths[i], path))
			return true;
	return false;
}

int lc_bpffs_mounts_read(struct lc_bpffs_mounts *m, struct lc_err *err)
{
	char *line = NULL, *sep, mnt[PATH_MAX], fstype[64], **paths;
	size_t cap = 0;
	int rc = 0;
	FILE *f;

	memset(m, 0, sizeof(*m));
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return lc_err_set(err, -errno, "cannot read /proc/self/mountinfo");
	while (getline(&line, &cap, f) > 0) {
		/* fields: id parent major:minor root mountpoint opts [optional...] - fstype src */
		sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s", fstype) != 1 || strcmp(fstype, "bpf"))
			continue;
		unescape_octal(mnt);
		if (mounts_have(m, mnt))    /* the same bpffs may be stacked; walk it once */
			continue;
		paths = lc_grow(m->paths, &m->cap, (size_t)m->count, sizeof(*paths));
		if (!paths || !(paths[m->count] = strdup(mnt))) {
			m->paths = paths ? paths : m->paths;
			rc = lc_err_set(err, -ENOMEM, "cannot list bpffs mounts");
			break;
		}
		m->paths = paths;
		m->count++;
	}
	free(line);
	fclose(f);
	if (rc)
		lc_bpffs_mounts_free(m);
	return rc;
}

void lc_bpffs_mounts_free(struct lc_bpffs_mounts *m)
{
	for (int i = 0; i < m->count; i++)
		free(m->paths[i]);
	free(m->paths);
	m->paths = NULL;
	m->count = 0;
	m->cap = 0;
}

static bool dir_is_empty(const char *path)
{
	struct dirent *de;
	bool empty = true;
	DIR *d = opendir(path);

	if (!d)
		return false;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

int lc_bpffs_ensure_root(const char *root, bool allow_mount, bool *mounted, struct lc_err *err)
{
	struct stat st;

	*mounted = false;
	if (lc_bpffs_is_bpffs(root))
		return 0;
	if (stat(root, &st))
		return lc_err_set(err, -errno, "bpffs root %s", root);
	if (!S_ISDIR(st.st_mode))
		return lc_err_msg(err, -ENOTDIR, "bpffs root %s is not a directory", root);
	if (!allow_mount)
		return lc_err_msg(err, -ENOENT,
				  "%s is not a bpffs and --nomount forbids mounting one", root);
	if (!dir_is_empty(root))
		return lc_err_msg(err, -ENOTEMPTY,
				  "%s is not a bpffs and is not empty; not mounting over its files", root);
	if (mount("bpf", root, "bpf", 0, "mode=0700"))
		return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot mount a bpffs at %s", root);
	*mounted = true;
	return 0;
}

int lc_bpffs_unpin(const char *path, struct lc_err *err)
{
	struct stat st;

	if (lstat(path, &st))
		return lc_err_set(err, -errno, "cannot unpin %s", path);
	if (!S_ISREG(st.st_mode))
		return lc_err_msg(err, -EINVAL, "cannot unpin %s: not a pin file (a %s)", path,
				  S_ISLNK(st.st_mode) ? "symbolic link" :
				  S_ISDIR(st.st_mode) ? "directory" : "special file");
	if (!lc_bpffs_is_bpffs(path))
		return lc_err_msg(err, -EINVAL, "cannot unpin %s: not on a bpffs", path);
	if (unlink(path))
		return lc_err_set(err, -errno, "cannot unpin %s", path);
	return 0;
}
