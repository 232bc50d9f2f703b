/* SPDX-License-Identifier: GPL-2.0-only */
/* netns_all.h: every network namespace of the node, named (/run/netns) or held by a process. */
#ifndef LC_NETNS_ALL_H
#define LC_NETNS_ALL_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

struct lc_netns {
	unsigned long long ino;         /* the namespace's nsfs inode: unique while it lives */
	char name[NAME_MAX + 1];        /* under /run/netns ("" when unnamed) */
	pid_t pid;                      /* the lowest pid in it (0: only a name keeps it) */
	char comm[16];                  /* that process's comm */
	bool self;                      /* the namespace linkctl runs in */
	int fd;                         /* open on the namespace: lc_netns_enter() */
	char *mount;                    /* an nsfs bind mount of it outside /run/netns (NULL: none) */
	/* when no name, process or mount keeps it: a process holding an fd on it */
	pid_t fd_pid;
	int fd_num;
	char fd_comm[16];
};

struct lc_netns_list {
	/* ours first, then named ones by name, unnamed by pid, by mount path, by fd holder */
	struct lc_netns *v;
	size_t n, cap;
	int home_fd;            /* our own namespace, to come back to */
};

/*
 * Every network namespace this process can see: the files under /run/netns, the
 * namespaces of /proc/PID/ns/net, nsfs mounts anywhere in our mount namespace
 * (/proc/self/mountinfo) and namespaces only an open fd keeps (/proc/PID/fd/N reading
 * "net:[INODE]"), one entry per inode, each with an fd to enter it by. A process that exits
 * meanwhile is skipped; a namespace nobody can be asked about is not listed. Needs to read
 * other processes' ns links and fds (CAP_SYS_PTRACE for other users').
 */
int lc_netns_list_read(struct lc_netns_list *l, struct lc_err *err);
/*
 * The same without the pass over every process's fds: the namespaces a name, a mount or a
 * process keeps, each entry as lc_netns_list_read makes it (that pass adds namespaces only
 * an fd keeps, and changes no entry of these).
 */
int lc_netns_list_read_kept(struct lc_netns_list *l, struct lc_err *err);
/*
 * The entry of namespace ino (ours when self) as lc_netns_list_read would make it, without
 * its pass over every process's fds: that pass adds namespaces only an fd keeps, and an
 * fd holder to one that has no name, mount or process. So only ours, a named one and a
 * mounted one are read here (with the names and mounts of the others, and the lowest pid
 * in ino); -ENOENT for another. Not for lc_netns_enter (no way home is kept).
 */
int lc_netns_one_read(struct lc_netns_list *l, unsigned long long ino, bool self,
		      struct lc_err *err);

/*
 * lc_netns_one_read begun before the namespace is known, on a thread of its own: the names,
 * the mounts and the walk over /proc, which keeps the lowest pid of each namespace it
 * meets until it has the one asked for. A caller starts it, does its own work meanwhile
 * (the load of the program that tells it the namespace), then finishes it with what
 * lc_netns_one_read would say then. Zero-initialised; _cancel (any time, twice too) joins
 * and frees.
 */
struct lc_netns_first {
	unsigned long long ino;
	pid_t pid;
	char comm[16];
};
struct lc_netns_scout {
	pthread_t thread;
	bool started;
	atomic_ullong want;             /* the namespace asked for; 0: not known yet */
	atomic_bool stop;
	struct lc_netns_list l;         /* the names and mounts */
	struct lc_netns_first *first;   /* the lowest pid of each namespace the walk met */
	size_t nfirst, cap;
	int rc;
	struct lc_err err;
};
/* false: no thread (lc_netns_one_read is left). */
bool lc_netns_scout_start(struct lc_netns_scout *s);
int lc_netns_scout_finish(struct lc_netns_scout *s, unsigned long long ino, bool self,
			  struct lc_netns_list *l, struct lc_err *err);
void lc_netns_scout_cancel(struct lc_netns_scout *s);
const struct lc_netns *lc_netns_list_find(const struct lc_netns_list *l, unsigned long long ino);
/* setns(CLONE_NEWNET) into ns, or back home (ns NULL). Nothing is remounted. */
int lc_netns_enter(const struct lc_netns_list *l, const struct lc_netns *ns, struct lc_err *err);
/*
 * "blue"; for an unnamed one "pid 4242 (containerd-shim)", else its mount path
 * ("/var/run/docker/netns/1a2b"), else "pid 4243 (python3) fd 3" (the process holding it).
 */
void lc_netns_label(const struct lc_netns *ns, char *buf, size_t len);
void lc_netns_list_free(struct lc_netns_list *l);

#endif
