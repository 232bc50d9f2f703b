// SPDX-License-Identifier: GPL-2.0-only
/* regfile.c: opening input files (BPF objects, batch files) that must be regular files. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "regfile.h"

static const char *file_type_str(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFSOCK: return "a socket";
	default: return "not a regular file";
	}
}

static int not_regular(const char *what, mode_t mode, struct lc_err *err)
{
	if (S_ISDIR(mode))
		return lc_err_set(err, -EISDIR, "cannot open %s", what);
	return lc_err_msg(err, -EINVAL, "cannot open %s: not a regular file (%s)", what,
			  file_type_str(mode));
}

int lc_open_regular(const char *path, const char *what, struct lc_err *err)
{
	struct stat st;
	int fd;

	if (stat(path, &st))
		return lc_err_set(err, -errno, "cannot open %s", what);
	if (!S_ISREG(st.st_mode))
		return not_regular(what, st.st_mode, err);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return lc_err_set(err, -errno, "cannot open %s", what);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return not_regular(what, st.st_mode, err);
	}
	return fd;
}

struct bpf_object *lc_bpf_object_open(const char *path, struct lc_err *err)
{
	char what[PATH_MAX + 16], via_fd[32], name[64];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
	struct bpf_object *obj;
	int fd, rc;

	snprintf(what, sizeof(what), "BPF object %s", path);
	fd = lc_open_regular(path, what, err);
	if (fd < 0)
		return NULL;
	/* libbpf names an object after its file up to the first dot: keep that name */
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(base, "."), base);
	snprintf(via_fd, sizeof(via_fd), "/proc/self/fd/%d", fd);
	obj = bpf_object__open_file(via_fd, &opts);
	rc = obj ? 0 : -errno;
	close(fd);
	if (!obj)
		lc_err_set(err, rc, "cannot open BPF object %s", path);
	return obj;
}
