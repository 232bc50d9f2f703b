// SPDX-License-Identifier: GPL-2.0-only
/* owners.c: map BPF object IDs to the (pid, fd, comm) triples that hold them. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/kcmp.h>

#include "grow.h"
#include "log.h"
#include "owners.h"
#include "owners_iter.h"

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

/* The process's name, unless it is the last one recorded (holders come process by process). */
static int add_proc(struct lc_owners *o, pid_t pid, const char *comm)
{
	struct lc_owner_proc *v;

	if (o->nprocs && o->procs[o->nprocs - 1].pid == pid)
		return 0;
	v = lc_grow(o->procs, &o->cap_procs, o->nprocs, sizeof(*v));
	if (!v)
		return -ENOMEM;
	o->procs = v;
	v = &o->procs[o->nprocs++];
	v->pid = pid;
	snprintf(v->comm, sizeof(v->comm), "%s", comm);
	return 0;
}

int lc_owners_add(struct lc_owners *o, __u32 obj_id, pid_t pid, int fd, const char *comm)
{
	struct lc_owner *v = lc_grow(o->v, &o->cap, o->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	o->v = v;
	o->v[o->n++] = (struct lc_owner){ .obj_id = obj_id, .pid = pid, .fd = fd };
	return add_proc(o, pid, comm);
}

/* One process being scanned; pidfd and fdinfo are opened when it has a matching fd. */
struct pid_scan {
	pid_t pid;
	int pid_dirfd, fd_dirfd;
	int pidfd;              /* -1: unavailable, -2: not tried yet */
	int info_dirfd;         /* -1: unavailable, -2: not opened yet */
	char comm[16];
};

/*
 * The object ID behind the process's fd. A copy of the fd (pidfd_getfd) answers with one
 * info call; reading fdinfo (open, read, close, parse) costs more and is the
 * fallback when the copy is refused (no ptrace access, kernels before 5.6).
 */
static __u32 fd_obj_id(struct pid_scan *p, const char *fd_name, int fd, enum lc_obj_kind kind)
{
	__u32 id = 0;
	int copy;

	if (p->pidfd == -2)
		p->pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
	if (p->pidfd >= 0 && (copy = (int)syscall(SYS_pidfd_getfd, p->pidfd, fd, 0)) >= 0) {
		id = lc_obj_id(copy, kind);
		close(copy);
		if (id)
			return id;
	}
	if (p->info_dirfd == -2)
		p->info_dirfd = openat(p->pid_dirfd, "fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return p->info_dirfd >= 0 ? fdinfo_id(p->info_dirfd, fd_name, fdinfo_key(kind)) : 0;
}

/* The fds of kind in the process's fd directory (which fdopendir took over). */
static int scan_fds(struct pid_scan *p, DIR *fds, enum lc_obj_kind kind, struct lc_owners *o)
{
	char target[64];
	struct dirent *de;
	int rc = 0;

	while (!rc && (de = readdir(fds))) {
		ssize_t len = readlinkat(p->fd_dirfd, de->d_name, target, sizeof(target) - 1);

		if (len <= 0)
			continue;
		target[len] = '\0';
		if (lc_fd_kind_from_target(target) != kind)
			continue;
		int fd = atoi(de->d_name);
		__u32 obj_id = fd_obj_id(p, de->d_name, fd, kind);

		if (!obj_id)
			continue;
		if (!p->comm[0])
			read_comm(p->pid_dirfd, p->comm, sizeof(p->comm));
		rc = lc_owners_add(o, obj_id, p->pid, fd, p->comm);
	}
	return rc;
}

/* The fds of kind in one fd directory (dir_fd, under pid_dirfd) of process pid. */
static int scan_fd_dir(struct pid_scan *p, int dir_fd, enum lc_obj_kind kind, struct lc_owners *o)
{
	DIR *fds;
	int rc;

	p->fd_dirfd = dir_fd;
	fds = fdopendir(dir_fd);
	if (!fds) {
		close(dir_fd);
		return 0;
	}
	rc = scan_fds(p, fds, kind, o);
	closedir(fds);          /* closes dir_fd too */
	return rc;
}

static void pid_scan_close(struct pid_scan *p)
{
	if (p->pidfd >= 0)
		close(p->pidfd);
	if (p->info_dirfd >= 0)
		close(p->info_dirfd);
	p->pidfd = -2;
	p->info_dirfd = -2;
}

/* Does thread tid of process pid have an fd table other than the process's? */
static bool own_fd_table(pid_t pid, pid_t tid)
{
	/* kcmp answers 0 for the same table; when it cannot answer, scan: duplicates drop */
	return syscall(SYS_kcmp, pid, tid, KCMP_FILES, 0, 0) != 0;
}

/*
 * Threads that unshared their fd table (unshare(CLONE_FILES)) hold fds the process's
 * /proc/PID/fd does not show: their own task/TID/fd, owned by the process (pid, comm).
 */
static int scan_threads(struct pid_scan *proc, enum lc_obj_kind kind, struct lc_owners *o)
{
	int task_dirfd = openat(proc->pid_dirfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *tasks;
	int rc = 0;

	if (task_dirfd < 0 || !(tasks = fdopendir(task_dirfd))) {
		if (task_dirfd >= 0)
			close(task_dirfd);
		return 0;
	}
	while (!rc && (de = readdir(tasks))) {
		struct pid_scan t = *proc;
		pid_t tid = (pid_t)atoi(de->d_name);
		int fd_dirfd;

		if (tid <= 0 || tid == proc->pid || !own_fd_table(proc->pid, tid))
			continue;
		if (!proc->comm[0])     /* the process's name, not the thread's */
			read_comm(proc->pid_dirfd, proc->comm, sizeof(proc->comm));
		memcpy(t.comm, proc->comm, sizeof(t.comm));
		t.pid_dirfd = openat(task_dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (t.pid_dirfd < 0)
			continue;
		t.pidfd = -1;           /* a pidfd copies from the process's table, not the thread's */
		t.info_dirfd = -2;
		fd_dirfd = openat(t.pid_dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd_dirfd >= 0)
			rc = scan_fd_dir(&t, fd_dirfd, kind, o);
		if (t.info_dirfd >= 0)
			close(t.info_dirfd);
		close(t.pid_dirfd);
	}
	closedir(tasks);
	return rc;
}

/* All fds of one process that are of kind, its threads' own included; it may exit under us. */
static int scan_pid(int proc_dirfd, pid_t pid, enum lc_obj_kind kind, struct lc_owners *o)
{
	struct pid_scan p = { .pid = pid, .pidfd = -2, .info_dirfd = -2 };
	char name[32];
	int fd_dirfd, rc = 0;

	snprintf(name, sizeof(name), "%d", pid);
	p.pid_dirfd = openat(proc_dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p.pid_dirfd < 0)
		return 0;
	fd_dirfd = openat(p.pid_dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd_dirfd >= 0)
		rc = scan_fd_dir(&p, fd_dirfd, kind, o);
	pid_scan_close(&p);
	if (!rc)
		rc = scan_threads(&p, kind, o);
	close(p.pid_dirfd);
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

static int proc_scan(enum lc_obj_kind kind, struct lc_owners *o, struct lc_err *err)
{
	pid_t self = getpid();
	struct dirent *de;
	DIR *proc;
	int rc = 0;

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
	return rc ? lc_err_set(err, rc, "cannot record fd owners") : 0;
}

static bool sorted(const struct lc_owners *o)
{
	for (size_t i = 1; i < o->n; i++)
		if (owner_cmp(&o->v[i - 1], &o->v[i]) > 0)
			return false;
	return true;
}

/* Move v[root] down the heap of the first n entries until both children are smaller. */
static void sift_down(struct lc_owner *v, size_t root, size_t n)
{
	for (size_t child; (child = 2 * root + 1) < n; root = child) {
		struct lc_owner swap;

		if (child + 1 < n && owner_cmp(&v[child], &v[child + 1]) < 0)
			child++;
		if (owner_cmp(&v[root], &v[child]) >= 0)
			return;
		swap = v[root];
		v[root] = v[child];
		v[child] = swap;
	}
}

/*
 * Heapsort, in place: glibc's qsort copies the whole table into a buffer of its own
 * first, which at 50,000 links was the listing's largest allocation.
 */
static void sort_owners(struct lc_owners *o)
{
	struct lc_owner *v = o->v, top;

	for (size_t i = o->n / 2; i-- > 0;)
		sift_down(v, i, o->n);
	for (size_t n = o->n; n > 1; n--) {
		top = v[0];
		v[0] = v[n - 1];
		v[n - 1] = top;
		sift_down(v, 0, n - 1);
	}
}

static int proc_cmp(const void *a, const void *b)
{
	const struct lc_owner_proc *x = a, *y = b;

	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The process names sorted by pid, each once (a process's threads may come apart). */
static void sort_procs(struct lc_owners *o)
{
	size_t kept = 0;

	if (o->nprocs > 1)
		qsort(o->procs, o->nprocs, sizeof(*o->procs), proc_cmp);
	for (size_t i = 0; i < o->nprocs; i++)
		if (!kept || o->procs[kept - 1].pid != o->procs[i].pid)
			o->procs[kept++] = o->procs[i];
	o->nprocs = kept;
}

/* A thread with an fd table of its own shows up beside its process: one entry will do. */
static void drop_duplicates(struct lc_owners *o)
{
	size_t kept = 0;

	for (size_t i = 0; i < o->n; i++)
		if (!kept || owner_cmp(&o->v[kept - 1], &o->v[i]))
			o->v[kept++] = o->v[i];
	o->n = kept;
}

int lc_owners_scan(enum lc_obj_kind kind, struct lc_owners *o, struct lc_err *err)
{
	return lc_owners_scan_one(kind, 0, o, err);
}

int lc_owners_scan_one(enum lc_obj_kind kind, __u32 obj_id, struct lc_owners *o,
		       struct lc_err *err)
{
	const char *force_proc = getenv("LINKCTL_OWNERS_PROC");
	struct lc_err iter_err = { 0 };
	int rc = -EOPNOTSUPP;

	memset(o, 0, sizeof(*o));
	if (!fdinfo_key(kind))
		return lc_err_msg(err, -EINVAL, "owners can only be found for links, programs and maps");
	if (kind == LC_OBJ_LINK && !(force_proc && *force_proc && strcmp(force_proc, "0")))
		rc = lc_owners_iter_links(o, obj_id, &o->scanner_link_id, &iter_err);
	else if (kind == LC_OBJ_LINK)
		lc_err_msg(&iter_err, rc, "LINKCTL_OWNERS_PROC=%s", force_proc);
	if (kind == LC_OBJ_LINK && rc)
		lc_log("link owners: read from /proc (%s)", iter_err.msg);
	else if (kind == LC_OBJ_LINK)
		lc_log("link owners: read by the owner iterator");
	if (rc)     /* what the iterator could not do, /proc does more slowly */
		rc = proc_scan(kind, o, err);
	if (rc) {
		lc_owners_free(o);
		return rc;
	}
	if (!sorted(o))     /* the iterator's are, when a process opened its links in ID order */
		sort_owners(o);
	drop_duplicates(o);
	sort_procs(o);
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

const char *lc_owners_comm(const struct lc_owners *o, pid_t pid)
{
	struct lc_owner_proc key = { .pid = pid };
	const struct lc_owner_proc *p = o->nprocs
		? bsearch(&key, o->procs, o->nprocs, sizeof(*o->procs), proc_cmp) : NULL;

	return p ? p->comm : "";
}

void lc_owners_free(struct lc_owners *o)
{
	free(o->v);
	free(o->procs);
	memset(o, 0, sizeof(*o));
}
