// SPDX-License-Identifier: GPL-2.0-only
/* owners.c: map BPF object IDs to the (pid, fd, comm) triples that hold them. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "owners.h"

static const char *fdinfo_key(enum lc_obj_kind kind)
{
	switch (kind) {
	case LC_OBJ_LINK: return "link_id:";
	case LC_OBJ_PROG: return "prog_id:";
	case LC_OBJ_MAP: return "map_id:";
	default: return NULL;
	}
}

/* The object ID from /proc/<pid>/fdinfo/<fd>; 0 when unreadable (the fd went away). */
static __u32 fdinfo_id(int fdinfo_dirfd, const char *fd_name, const char *key)
{
	char buf[1024], *p;
	ssize_t len;
	int fd = openat(fdinfo_dirfd, fd_name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	p = strstr(buf, key);
	return p ? (__u32)strtoul(p + strlen(key), NULL, 10) : 0;
}

static void read_comm(int pid_dirfd, char *comm, size_t len)
{
	int fd = openat(pid_dirfd, "comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, comm, len - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		n = 0;
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
}

static int owners_push(struct lc_owners *o, const struct lc_owner *w)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		struct lc_owner *v = realloc(o->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = *w;
	return 0;
}

/* All fds of one process that are of kind; the process may exit under us. */
static int scan_pid(int proc_dirfd, pid_t pid, enum lc_obj_kind kind, struct lc_owners *o)
{
	char name[32], target[64];
	struct lc_owner w = { .pid = pid };
	int pid_dirfd, fd_dirfd, info_dirfd, rc = 0;
	struct dirent *de;
	DIR *fds;

	snprintf(name, sizeof(name), "%d", pid);
	pid_dirfd = openat(proc_dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pid_dirfd < 0)
		return 0;
	fd_dirfd = openat(pid_dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	info_dirfd = openat(pid_dirfd, "fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fds = fd_dirfd >= 0 ? fdopendir(fd_dirfd) : NULL;
	while (fds && info_dirfd >= 0 && !rc && (de = readdir(fds))) {
		ssize_t len = readlinkat(fd_dirfd, de->d_name, target, sizeof(target) - 1);

		if (len <= 0)
			continue;
		target[len] = '\0';
		if (lc_fd_kind_from_target(target) != kind)
			continue;
		w.obj_id = fdinfo_id(info_dirfd, de->d_name, fdinfo_key(kind));
		if (!w.obj_id)
			continue;
		w.fd = atoi(de->d_name);
		if (!w.comm[0])
			read_comm(pid_dirfd, w.comm, sizeof(w.comm));
		rc = owners_push(o, &w);
	}
	if (fds)
		closedir(fds);          /* closes fd_dirfd too */
	else if (fd_dirfd >= 0)
		close(fd_dirfd);
	if (info_dirfd >= 0)
		close(info_dirfd);
	close(pid_dirfd);
	return rc;
}

static int owner_cmp(const void *a, const void *b)
{
	const struct lc_owner *x = a, *y = b;

	if (x->obj_id != y->obj_id)
		return x->obj_id < y->obj_id ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd - y->fd;
}

int lc_owners_scan(enum lc_obj_kind kind, struct lc_owners *o, struct lc_err *err)
{
	pid_t self = getpid();
	struct dirent *de;
	DIR *proc;
	int rc = 0;

	memset(o, 0, sizeof(*o));
	if (!fdinfo_key(kind))
		return lc_err_msg(err, -EINVAL, "owners can only be found for links, programs and maps");
	proc = opendir("/proc");
	if (!proc)
		return lc_err_set(err, -errno, "cannot read /proc");
	while (!rc && (de = readdir(proc))) {
		pid_t pid;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = (pid_t)atoi(de->d_name);
		if (pid != self)
			rc = scan_pid(dirfd(proc), pid, kind, o);
	}
	closedir(proc);
	if (rc) {
		lc_owners_free(o);
		return lc_err_set(err, rc, "cannot record fd owners");
	}
	if (o->n)   /* qsort(NULL, 0, ...) is undefined behaviour */
		qsort(o->v, o->n, sizeof(*o->v), owner_cmp);
	return 0;
}

size_t lc_owners_find(const struct lc_owners *o, __u32 obj_id, const struct lc_owner **first)
{
	size_t lo = 0, hi = o->n, end;

	while (lo < hi) {           /* lower bound of obj_id */
		size_t mid = lo + (hi - lo) / 2;

		if (o->v[mid].obj_id < obj_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < o->n && o->v[end].obj_id == obj_id; end++)
		;
	*first = lo < o->n ? &o->v[lo] : NULL;
	return end - lo;
}

void lc_owners_free(struct lc_owners *o)
{
	free(o->v);
	memset(o, 0, sizeof(*o));
}
