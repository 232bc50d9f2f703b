/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * owners.h: which processes hold an fd to which BPF object, for every object of a kind
 * at once: links from one BPF iterator pass where the kernel allows it, otherwise (and
 * for maps and programs) from one pass over /proc/<pid>/fd.
 */
#ifndef LC_OWNERS_H
#define LC_OWNERS_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "err.h"
#include "objfd.h"

struct lc_owner {
	__u32 obj_id;           /* link_id / prog_id / map_id of the object behind the fd */
	pid_t pid;              /* its name: lc_owners_comm() */
	int fd;
};

/* A holding process's name, kept once per process (a holder of 10,000 links is one). */
struct lc_owner_proc {
	pid_t pid;
	char comm[16];
};

struct lc_owners {
	struct lc_owner *v;     /* sorted by obj_id, then pid, then fd */
	size_t n, cap;
	struct lc_owner_proc *procs;    /* sorted by pid */
	size_t nprocs, cap_procs;
	__u32 scanner_link_id;  /* the link of the scan's own BPF iterator (gone now); 0: none */
};

/*
 * Scan every process (ourselves excluded) for fds of the given kind. Links are found by
 * a BPF iterator where the kernel allows it (lib/owners_iter.c), else, and for the other
 * kinds, from /proc; LINKCTL_OWNERS_PROC=1 in the environment forces /proc.
 */
int lc_owners_scan(enum lc_obj_kind kind, struct lc_owners *o, struct lc_err *err);
/*
 * The same for one object (obj_id 0: every one). The link iterator then leaves the other
 * links' holders out in the kernel; /proc still yields every holder of the kind.
 */
int lc_owners_scan_one(enum lc_obj_kind kind, __u32 obj_id, struct lc_owners *o,
		       struct lc_err *err);
/* The holders of obj_id: returns how many, *first points at the first. */
size_t lc_owners_find(const struct lc_owners *o, __u32 obj_id, const struct lc_owner **first);
/* The name of holder pid ("" if it is not one). */
const char *lc_owners_comm(const struct lc_owners *o, pid_t pid);
void lc_owners_free(struct lc_owners *o);

/* For the scanners (owners.c, owners_iter.c): record one holder; 0 or -ENOMEM. */
int lc_owners_add(struct lc_owners *o, __u32 obj_id, pid_t pid, int fd, const char *comm);

#endif
