// SPDX-License-Identifier: GPL-2.0-only
/*
 * netns_all.c: list every network namespace of the node. Containers rarely name theirs
 * under /run/netns, so the processes' /proc/PID/ns/net links are read too, then nsfs mounts
 * elsewhere (docker's /var/run/docker/netns) and fds that keep one alive; one entry per
 * inode, named after its lowest pid when it has no name, else its mount, else its holder.
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
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "grow.h"
#include "log.h"
#include "mountinfo.h"
#include "netns_all.h"
#include "nsfs_fds_iter.h"

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

/*
 * pid's network namespace. The link read, not followed: the kernel checks the same access
 * for both and names the inode stat would return, but stat has it make (and drop again)
 * an nsfs inode for every pid.
 */
static int pid_netns_ino(pid_t pid, unsigned long long *ino)
{
	char path[64], target[64];
	ssize_t len;

	*ino = 0;       /* scan-build cannot see sscanf fill it */
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return -errno;          /* gone, a kernel thread, or not ours to read */
	target[len] = '\0';
	return sscanf(target, "net:[%llu]", ino) == 1 ? 0 : -EINVAL;
}

/* One process: its namespace is opened only when the inode is new. */
static int read_pid(struct lc_netns_list *l, pid_t pid, struct lc_err *err)
{
	struct lc_netns *ns;
	unsigned long long ino;
	char path[64];
	int fd;

	if (pid_netns_ino(pid, &ino))
		return 0;               /* gone, a kernel thread, or not ours to read */
	ns = find_mut(l, ino);
	if (!ns) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
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

/*
 * fn on every process in /proc order (ascending pids) until it returns non-zero: 1 stops,
 * -errno fails. linkctl itself is left out: under -n it would be the holder it reports of
 * the namespace.
 */
static int each_pid(int (*fn)(pid_t pid, void *arg, struct lc_err *err), void *arg,
		    struct lc_err *err)
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
			rc = fn(pid, arg, err);
	}
	closedir(proc);
	return rc < 0 ? rc : 0;
}

static int read_pid_of(pid_t pid, void *l, struct lc_err *err)
{
	return read_pid(l, pid, err);
}

static int read_procs(struct lc_netns_list *l, struct lc_err *err)
{
	return each_pid(read_pid_of, l, err);
}

/*
 * An nsfs mount outside /run/netns (those are the names): recorded on the namespace it
 * keeps (the first path by order wins), and a namespace nothing else keeps is added by it.
 */
struct mount_walk {
	struct lc_netns_list *l;
	struct lc_err *err;
};

static int visit_nsfs_mount(const struct lc_mount *m, void *arg)
{
	struct mount_walk *w = arg;
	struct lc_netns_list *l = w->l;
	struct lc_netns *ns;
	struct stat st;
	int fd;

	if (!strncmp(m->path, NETNS_RUN_DIR "/", strlen(NETNS_RUN_DIR "/")) || stat(m->path, &st))
		return 0;
	/* nsfs inodes come from one counter for every type: a known one is a network namespace */
	ns = find_mut(l, st.st_ino);
	if (!ns) {
		fd = open(m->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return 0;
		if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
			close(fd);
			return 0;       /* a mount, uts, ... namespace kept the same way */
		}
		ns = add_fd(l, fd, w->err);
		if (!ns)
			return w->err->code;
	}
	if (ns->mount && strcmp(m->path, ns->mount) >= 0)
		return 0;
	free(ns->mount);
	ns->mount = strdup(m->path);
	return ns->mount ? 0 : lc_err_set(w->err, -ENOMEM, "cannot list network namespaces");
}

static int read_mounts(struct lc_netns_list *l, struct lc_err *err)
{
	struct mount_walk w = { .l = l, .err = err };
	struct lc_err walk_err = { 0 };

	/* without mountinfo the other sources still stand: only a visit's error counts */
	if (lc_mountinfo_walk("nsfs", visit_nsfs_mount, &w, &walk_err) && err->code)
		return err->code;
	return 0;
}

/* fd of pid, a "net:[INODE]" link: a namespace not seen yet is kept by it alone. */
static int read_fd(struct lc_netns_list *l, pid_t pid, int fd_dir, const char *fd_name,
		   struct lc_err *err)
{
	unsigned long long ino;
	char target[64];
	struct lc_netns *ns;
	ssize_t len = readlinkat(fd_dir, fd_name, target, sizeof(target) - 1);
	int fd;

	if (len < 0)
		return 0;
	target[len] = '\0';
	if (sscanf(target, "net:[%llu]", &ino) != 1 || find_mut(l, ino))
		return 0;
	fd = openat(fd_dir, fd_name, O_RDONLY | O_CLOEXEC);     /* follows the magic link */
	if (fd < 0)
		return 0;       /* closed meanwhile */
	ns = add_fd(l, fd, err);
	if (!ns)
		return err->code;
	/* the fd may have been reused meanwhile for a namespace something else keeps */
	if (!ns->self && !ns->name[0] && !ns->pid && !ns->mount && !ns->fd_pid) {
		ns->fd_pid = pid;
		ns->fd_num = atoi(fd_name);
		read_comm(pid, ns->fd_comm, sizeof(ns->fd_comm));
	}
	return 0;
}

static int read_pid_fds(struct lc_netns_list *l, pid_t pid, struct lc_err *err)
{
	char path[64];
	struct dirent *de;
	DIR *fds;
	int rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	fds = opendir(path);
	if (!fds)
		return 0;       /* gone, or not ours to read */
	while (!rc && (de = readdir(fds)))
		if (isdigit((unsigned char)de->d_name[0]))
			rc = read_fd(l, pid, dirfd(fds), de->d_name, err);
	closedir(fds);
	return rc;
}

static int read_proc_fds(struct lc_netns_list *l, struct lc_err *err)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	int rc = 0;

	if (!proc)
		return lc_err_set(err, -errno, "cannot read /proc");
	while (!rc && (de = readdir(proc)))
		if (isdigit((unsigned char)de->d_name[0]))
			rc = read_pid_fds(l, (pid_t)atoi(de->d_name), err);
	closedir(proc);
	return rc;
}

/*
 * One nsfs fd from the iterator: a namespace not seen yet, if it is a network one, is kept
 * by this fd alone. others: inodes of other namespace types already opened once.
 */
static int take_nsfs_fd(struct lc_netns_list *l, const struct lc_nsfs_fd *h,
			struct lc_nsfs_fds *others, struct lc_err *err)
{
	struct lc_netns *ns;
	char path[64];
	int fd;

	if (find_mut(l, h->ino))
		return 0;
	for (size_t i = 0; i < others->n; i++)
		if (others->v[i].ino == h->ino)
			return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)h->pid, h->fd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;       /* closed meanwhile */
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		close(fd);
		/* remembered, or every fd on one mount namespace would be opened */
		others->v[others->n++] = *h;
		return 0;
	}
	ns = add_fd(l, fd, err);
	if (!ns)
		return err->code;
	if (!ns->self && !ns->name[0] && !ns->pid && !ns->mount && !ns->fd_pid) {
		ns->fd_pid = h->pid;
		ns->fd_num = h->fd;
		memcpy(ns->fd_comm, h->comm, sizeof(ns->fd_comm));
	}
	return 0;
}

/* Namespaces only an fd keeps: by the nsfs fd iterator, else a readlink of every fd in /proc. */
static int read_held_fds(struct lc_netns_list *l, struct lc_err *err)
{
	struct lc_err iter_err = { 0 };
	struct lc_nsfs_fds fds, others = { 0 };
	/* ours is the first entry until the list is sorted */
	int rc = lc_nsfs_fds_read(&fds, l->v[0].ino, &iter_err);

	if (rc) {
		lc_log("namespaces held by fds: read from /proc (%s)", iter_err.msg);
		return read_proc_fds(l, err);
	}
	/* at most one "other" per fd: room for all of them at once */
	others.v = calloc(fds.n ? fds.n : 1, sizeof(*others.v));
	if (!others.v)
		rc = lc_err_set(err, -ENOMEM, "cannot list network namespaces");
	for (size_t i = 0; !rc && i < fds.n; i++)
		rc = take_nsfs_fd(l, &fds.v[i], &others, err);
	lc_nsfs_fds_free(&others);
	lc_nsfs_fds_free(&fds);
	return rc;
}

/* Unnamed ones: a process in it first (by pid), then a mount (by path), then an fd holder. */
static int cmp_unnamed(const struct lc_netns *a, const struct lc_netns *b)
{
	if (!a->pid != !b->pid)
		return a->pid ? -1 : 1;
	if (a->pid)
		return (a->pid > b->pid) - (a->pid < b->pid);
	if (!a->mount != !b->mount)
		return a->mount ? -1 : 1;
	if (a->mount)
		return strcmp(a->mount, b->mount);
	if (a->fd_pid != b->fd_pid)
		return (a->fd_pid > b->fd_pid) - (a->fd_pid < b->fd_pid);
	return (a->fd_num > b->fd_num) - (a->fd_num < b->fd_num);
}

/* Ours, then named by name, then unnamed (cmp_unnamed). */
static int cmp_netns(const void *pa, const void *pb)
{
	const struct lc_netns *a = pa, *b = pb;

	if (a->self != b->self)
		return a->self ? -1 : 1;
	if (!a->name[0] != !b->name[0])
		return a->name[0] ? -1 : 1;
	if (a->name[0])
		return strcmp(a->name, b->name);
	return cmp_unnamed(a, b);
}

static int list_read(struct lc_netns_list *l, bool held_fds, struct lc_err *err)
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
	if (!rc)
		rc = read_mounts(l, err);
	if (!rc && held_fds)
		rc = read_held_fds(l, err);
	if (rc) {
		lc_netns_list_free(l);
		return rc;
	}
	qsort(l->v, l->n, sizeof(*l->v), cmp_netns);
	return 0;
}

int lc_netns_list_read(struct lc_netns_list *l, struct lc_err *err)
{
	return list_read(l, true, err);
}

int lc_netns_list_read_kept(struct lc_netns_list *l, struct lc_err *err)
{
	return list_read(l, false, err);
}

/* pid, if it is in namespace ns: its lowest (each_pid goes in ascending order), and the end. */
static int lowest_pid_in(pid_t pid, void *arg, struct lc_err *err)
{
	struct lc_netns *ns = arg;
	unsigned long long ino;

	(void)err;
	if (pid_netns_ino(pid, &ino) || ino != ns->ino)
		return 0;
	ns->pid = pid;
	read_comm(pid, ns->comm, sizeof(ns->comm));
	return 1;
}

/* Ours, as the first entry of the full list. */
static int add_self(struct lc_netns_list *l, unsigned long long ino, struct lc_err *err)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	struct lc_netns *self;

	if (fd < 0)
		return lc_err_set(err, -errno, "cannot open our network namespace");
	self = add_fd(l, fd, err);
	if (!self)
		return err->code ? err->code : lc_err_set(err, -EBADF, "cannot read our namespace");
	if (self->ino != ino)
		return lc_err_msg(err, -ESTALE, "our network namespace changed");
	self->self = true;
	return 0;
}

/*
 * Namespace ino's entry among the names and mounts l holds (ours added first, when self):
 * -ENOENT when neither names it.
 */
static int one_entry(struct lc_netns_list *l, unsigned long long ino, bool self,
		     struct lc_netns **ns, struct lc_err *err)
{
	int rc = self ? add_self(l, ino, err) : 0;

	*ns = rc ? NULL : find_mut(l, ino);
	if (!rc && !*ns)
		rc = lc_err_msg(err, -ENOENT, "neither a name under /run/netns nor an nsfs mount "
				"holds it");
	return rc;
}

int lc_netns_one_read(struct lc_netns_list *l, unsigned long long ino, bool self,
		      struct lc_err *err)
{
	struct lc_netns *ns;
	int rc;

	memset(l, 0, sizeof(*l));
	l->home_fd = -1;
	rc = read_named(l, err);
	if (!rc)
		rc = read_mounts(l, err);
	if (!rc)
		rc = one_entry(l, ino, self, &ns, err);
	if (!rc)
		rc = each_pid(lowest_pid_in, ns, err);
	if (rc)
		lc_netns_list_free(l);
	return rc;
}

static const struct lc_netns_first *first_find(const struct lc_netns_scout *s,
					       unsigned long long ino)
{
	for (size_t i = 0; i < s->nfirst; i++)
		if (s->first[i].ino == ino)
			return &s->first[i];
	return NULL;
}

/* pid, when the walk meets its namespace for the first time: the lowest pid there. */
static int scout_pid(pid_t pid, void *arg, struct lc_err *err)
{
	struct lc_netns_scout *s = arg;
	struct lc_netns_first *v;
	unsigned long long ino, want;

	if (atomic_load(&s->stop))
		return 1;
	if (!pid_netns_ino(pid, &ino) && !first_find(s, ino)) {
		v = lc_grow(s->first, &s->cap, s->nfirst, sizeof(*v));
		if (!v)
			return lc_err_set(err, -ENOMEM, "cannot list network namespaces");
		s->first = v;
		v = &s->first[s->nfirst++];
		v->ino = ino;
		v->pid = pid;
		read_comm(pid, v->comm, sizeof(v->comm));
	}
	want = atomic_load(&s->want);
	return want && first_find(s, want) ? 1 : 0;
}

static void *scout_run(void *arg)
{
	struct lc_netns_scout *s = arg;

	s->rc = read_named(&s->l, &s->err);
	if (!s->rc)
		s->rc = read_mounts(&s->l, &s->err);
	if (!s->rc)
		s->rc = each_pid(scout_pid, s, &s->err);
	return NULL;
}

bool lc_netns_scout_start(struct lc_netns_scout *s)
{
	memset(s, 0, sizeof(*s));
	s->l.home_fd = -1;
	s->started = !pthread_create(&s->thread, NULL, scout_run, s);
	return s->started;
}

void lc_netns_scout_cancel(struct lc_netns_scout *s)
{
	if (s->started) {
		atomic_store(&s->stop, true);
		pthread_join(s->thread, NULL);
	}
	lc_netns_list_free(&s->l);
	free(s->first);
	memset(s, 0, sizeof(*s));
}

int lc_netns_scout_finish(struct lc_netns_scout *s, unsigned long long ino, bool self,
			  struct lc_netns_list *l, struct lc_err *err)
{
	const struct lc_netns_first *f;
	struct lc_netns *ns = NULL;
	int rc;

	if (!s->started)
		return lc_netns_one_read(l, ino, self, err);
	atomic_store(&s->want, ino);
	pthread_join(s->thread, NULL);
	s->started = false;
	*l = s->l;
	memset(&s->l, 0, sizeof(s->l));
	rc = s->rc;
	if (rc)
		*err = s->err;
	if (!rc)
		rc = one_entry(l, ino, self, &ns, err);
	f = rc ? NULL : first_find(s, ino);
	if (f) {
		ns->pid = f->pid;
		memcpy(ns->comm, f->comm, sizeof(ns->comm));
	}
	lc_netns_scout_cancel(s);
	if (rc)
		lc_netns_list_free(l);
	return rc;
}

int lc_netns_enter(const struct lc_netns_list *l, const struct lc_netns *ns, struct lc_err *err)
{
	char label[PATH_MAX + 40];

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
	else if (ns->mount)
		snprintf(buf, len, "%s", ns->mount);
	else if (ns->fd_pid)
		snprintf(buf, len, "pid %d (%s) fd %d", (int)ns->fd_pid, ns->fd_comm, ns->fd_num);
	else
		snprintf(buf, len, "netns %llu", ns->ino);
}

void lc_netns_list_free(struct lc_netns_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		close(l->v[i].fd);
		free(l->v[i].mount);
	}
	free(l->v);
	if (l->home_fd > 0)
		close(l->home_fd);
	memset(l, 0, sizeof(*l));
}
