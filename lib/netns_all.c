// SPDX-License-Identifier: GPL-2.0-only
/*
 * netns_all.c: list every network namespace of the node. Containers rarely name theirs
 * under /run/netns, so the processes' /proc/PID/ns/net links are read too; one entry per
 * inode, named after its lowest pid when it has no name.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "grow.h"
#include "netns_all.h"

#define NETNS_RUN_DIR "/run/netns"
#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

static struct lc_netns *find_mut(struct lc_netns_list *l, unsigned long long ino)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].ino == ino)
			return &l->v[i];
	return NULL;
}

const struct lc_netns *lc_netns_list_find(const struct lc_netns_list *l, unsigned long long ino)
{
	return find_mut((struct lc_netns_list *)l, ino);
}

/* Keep fd (an open namespace) as a new entry, or close it when its inode is known. */
static struct lc_netns *add_fd(struct lc_netns_list *l, int fd, struct lc_err *err)
{
	struct lc_netns *v, *known;
	struct statfs sfs;
	struct stat st;

	/* a /run/netns file whose namespace `ip netns del` just unmounted is a plain file */
	if (fstatfs(fd, &sfs) || (unsigned long)sfs.f_type != NSFS_MAGIC || fstat(fd, &st)) {
		close(fd);
		return NULL;
	}
	known = find_mut(l, st.st_ino);
	if (known) {
		close(fd);
		return known;
	}
	v = lc_grow(l->v, &l->cap, l->n, sizeof(*v));
	if (!v) {
		close(fd);
		lc_err_set(err, -ENOMEM, "cannot list network namespaces");
		return NULL;
	}
	l->v = v;
	v = &l->v[l->n++];
	memset(v, 0, sizeof(*v));
	v->ino = st.st_ino;
	v->fd = fd;
	return v;
}

static int read_named(struct lc_netns_list *l, struct lc_err *err)
{
	DIR *run = opendir(NETNS_RUN_DIR);
	struct lc_netns *ns;
	struct dirent *de;
	int fd;

	while (run && (de = readdir(run))) {
		if (de->d_name[0] == '.')
			continue;
		fd = openat(dirfd(run), de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;       /* a stale file (`ip netns add` half done): no namespace */
		ns = add_fd(l, fd, err);
		if (!ns && err->code)
			break;
		/* two names for one namespace: the first by name wins, as ip's listing sorts */
		if (ns && (!ns->name[0] || strcmp(de->d_name, ns->name) < 0))
			snprintf(ns->name, sizeof(ns->name), "%s", de->d_name);
	}
	if (run)
		closedir(run);
	return err->code;
}

static void read_comm(pid_t pid, char *comm, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f || !fgets(comm, (int)len, f))
		comm[0] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* One process: its namespace is opened only when the inode is new. */
static int read_pid(struct lc_netns_list *l, pid_t pid, struct lc_err *err)
{
	struct lc_netns *ns;
	char path[64];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (stat(path, &st))
		return 0;               /* gone, a kernel thread, or not ours to read */
	ns = find_mut(l, st.st_ino);
	if (!ns) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return 0;
		ns = add_fd(l, fd, err);
		if (!ns)
			return err->code;
	}
	if (!ns->pid || pid < ns->pid) {
		ns->pid = pid;
		read_comm(pid, ns->comm, sizeof(ns->comm));
	}
	return 0;
}

/* linkctl itself is left out: under -n it would be the holder it reports of the namespace. */
static int read_procs(struct lc_netns_list *l, struct lc_err *err)
{
	DIR *proc = opendir("/proc");
	pid_t self = getpid(), pid;
	struct dirent *de;
	int rc = 0;

	if (!proc)
		return lc_err_set(err, -errno, "cannot read /proc");
	while (!rc && (de = readdir(proc))) {
		pid = isdigit((unsigned char)de->d_name[0]) ? (pid_t)atoi(de->d_name) : 0;
		if (pid && pid != self)
			rc = read_pid(l, pid, err);
	}
	closedir(proc);
	return rc;
}

/* Ours, then named by name, then unnamed by pid. */
static int cmp_netns(const void *pa, const void *pb)
{
	const struct lc_netns *a = pa, *b = pb;

	if (a->self != b->self)
		return a->self ? -1 : 1;
	if (!a->name[0] != !b->name[0])
		return a->name[0] ? -1 : 1;
	if (a->name[0])
		return strcmp(a->name, b->name);
	return (a->pid > b->pid) - (a->pid < b->pid);
}

int lc_netns_list_read(struct lc_netns_list *l, struct lc_err *err)
{
	struct lc_netns *self;
	int rc;

	memset(l, 0, sizeof(*l));
	l->home_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (l->home_fd < 0)
		return lc_err_set(err, -errno, "cannot open our network namespace");
	self = add_fd(l, dup(l->home_fd), err);
	if (!self) {
		lc_netns_list_free(l);
		return err->code ? err->code : lc_err_set(err, -EBADF, "cannot read our namespace");
	}
	self->self = true;
	rc = read_named(l, err);
	if (!rc)
		rc = read_procs(l, err);
	if (rc) {
		lc_netns_list_free(l);
		return rc;
	}
	qsort(l->v, l->n, sizeof(*l->v), cmp_netns);
	return 0;
}

int lc_netns_enter(const struct lc_netns_list *l, const struct lc_netns *ns, struct lc_err *err)
{
	char label[NAME_MAX + 40];

	if (!ns) {
		if (setns(l->home_fd, CLONE_NEWNET))
			return lc_err_set(err, -errno, "cannot return to our network namespace");
		return 0;
	}
	if (setns(ns->fd, CLONE_NEWNET)) {
		lc_netns_label(ns, label, sizeof(label));
		return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN",
				      "cannot enter network namespace %s", label);
	}
	return 0;
}

void lc_netns_label(const struct lc_netns *ns, char *buf, size_t len)
{
	if (ns->name[0])
		snprintf(buf, len, "%s", ns->name);
	else if (ns->pid)
		snprintf(buf, len, "pid %d (%s)", (int)ns->pid, ns->comm);
	else
		snprintf(buf, len, "netns %llu", ns->ino);
}

void lc_netns_list_free(struct lc_netns_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		close(l->v[i].fd);
	free(l->v);
	if (l->home_fd > 0)
		close(l->home_fd);
	memset(l, 0, sizeof(*l));
}
