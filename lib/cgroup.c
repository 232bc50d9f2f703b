// SPDX-License-Identifier: GPL-2.0-only
/* cgroup.c: cgroup ID to path through the kernfs file handle. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

/* kernfs file handles: the 64-bit node ID (include/linux/exportfs.h FILEID_KERNFS). */
#define LC_FILEID_KERNFS 0xfe

int lc_cgroup2_root_open(struct lc_err *err)
{
	char *line = NULL, *sep, mnt[PATH_MAX], fstype[64];
	size_t cap = 0;
	int fd = -ENOENT;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return lc_err_set(err, -errno, "cannot read /proc/self/mountinfo");
	while (fd < 0 && getline(&line, &cap, f) > 0) {
		sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s", fstype) != 1 || strcmp(fstype, "cgroup2"))
			continue;
		fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);  /* open_by_handle_at refuses O_PATH */
		if (fd < 0)
			fd = -errno;
	}
	free(line);
	fclose(f);
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
