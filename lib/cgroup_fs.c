// SPDX-License-Identifier: GPL-2.0-only
/* cgroup_fs.c: cgroup ID to path through the kernfs file handle. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_fs.h"
#include "mountinfo.h"

/* kernfs file handles: the 64-bit node ID (include/linux/exportfs.h FILEID_KERNFS). */
#define LC_FILEID_KERNFS 0xfe

/* Open the first cgroup2 mount that opens (ending the walk); remember why others did not. */
static int open_root(const struct lc_mount *m, void *arg)
{
	int *fd = arg;

	*fd = open(m->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);  /* open_by_handle_at refuses O_PATH */
	if (*fd < 0) {
		*fd = -errno;
		return 0;
	}
	return 1;
}

int lc_cgroup2_root_open(struct lc_err *err)
{
	int fd = -ENOENT, rc = lc_mountinfo_walk("cgroup2", open_root, &fd, err);

	if (rc < 0)
		return rc;          /* mountinfo unreadable, err says so */
	if (fd < 0)
		lc_err_set(err, fd, "no cgroup v2 hierarchy mounted");
	return fd;
}

int lc_cgroup_path(int root_fd, __u64 cgroup_id, char *path, size_t len)
{
	struct {
		struct file_handle fh;
		__u64 id;
	} handle = { .fh = { .handle_bytes = sizeof(__u64), .handle_type = LC_FILEID_KERNFS } };
	char proc[64];
	ssize_t n;
	int fd;

	handle.id = cgroup_id;
	fd = open_by_handle_at(root_fd, &handle.fh, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, path, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	path[n] = '\0';
	return 0;
}
