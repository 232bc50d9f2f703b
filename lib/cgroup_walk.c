// SPDX-License-Identifier: GPL-2.0-only
/* cgroup_walk.c: every cgroup under a cgroup v2 directory, parents first, one open fd per level. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_fs.h"

struct walk {
	lc_cgroup_visit_fn visit;
	void *arg;
	char path[PATH_MAX];    /* the cgroup being visited, extended and cut back in place */
};

static int walk_dir(struct walk *w, int fd);

/* The child called name of the cgroup at fd (w->path), then back to it. */
static int walk_child(struct walk *w, int fd, const char *name)
{
	size_t len = strlen(w->path);
	int child, rc;

	if (snprintf(w->path + len, sizeof(w->path) - len, "%s%s", len > 1 ? "/" : "", name) >=
	    (int)(sizeof(w->path) - len)) {
		w->path[len] = '\0';
		return 0;       /* deeper than a path can name: nobody can open it by path either */
	}
	child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	rc = child < 0 ? 0 : walk_dir(w, child);   /* removed meanwhile: skipped */
	w->path[len] = '\0';
	return rc;
}

/* Visit the cgroup at fd (consumed), then its children. */
static int walk_dir(struct walk *w, int fd)
{
	int rc = w->visit(fd, w->path, w->arg), list_fd;
	struct dirent *e;
	DIR *dir;

	list_fd = rc ? -1 : dup(fd);
	dir = list_fd < 0 ? NULL : fdopendir(list_fd);
	if (!dir && list_fd >= 0)
		close(list_fd);
	while (dir && !rc && (e = readdir(dir)))
		if (e->d_type == DT_DIR && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rc = walk_child(w, fd, e->d_name);
	if (dir)
		closedir(dir);
	close(fd);
	return rc;
}

int lc_cgroup_walk(int root_fd, lc_cgroup_visit_fn visit, void *arg)
{
	struct walk w = { .visit = visit, .arg = arg, .path = "/" };
	int fd = dup(root_fd);

	return fd < 0 ? -errno : walk_dir(&w, fd);
}
