/* SPDX-License-Identifier: GPL-2.0-only */
/* linkdev.h: which device, in which network namespace, a device-bound link (xdp, tcx, netkit) is on. */
#ifndef LC_LINKDEV_H
#define LC_LINKDEV_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "link_info.h"
#include "link_iter.h"
#include "xdp_devs.h"
#include "netns_all.h"

/*
 * A link's info holds only an ifindex, and ifindexes are per namespace. The link iterator
 * (lib/link_iter.h) reads the device's namespace too: where it runs, a link is here when
 * its device's namespace is ours, and elsewhere in the namespace under /run/netns with
 * that inode. Where it cannot run (or for a link newer than its pass), a device of the
 * current namespace is named only when it really runs the link: for tcx/netkit its
 * BPF_PROG_QUERY lists the link's ID; for xdp (which reports no link IDs) it runs the
 * link's program in some mode.
 */
enum lc_linkdev_where {
	LC_LINKDEV_NONE,        /* not a device-bound link type */
	LC_LINKDEV_HERE,        /* on devname, in the current namespace */
	LC_LINKDEV_DETACHED,    /* ifindex 0: detached, or its device is gone */
	LC_LINKDEV_ELSEWHERE,   /* in another namespace; netns_ino says which when known */
};

struct lc_linkdev {
	enum lc_linkdev_where where;
	__u32 ifindex;
	char devname[IF_NAMESIZE];
	unsigned long long netns_ino;   /* the device's namespace; 0: not known (detached, or
					 * elsewhere and found by neither the iterator nor a name) */
	const struct lc_netns *ns;      /* -A: the device's namespace (devname is named there) */
};

/* BPF_PROG_QUERY's answer for one (namespace, ifindex, attach type). */
#define LC_DEV_QUERY_MAX 64     /* the kernel's limit of programs per tcx/netkit hook */
struct lc_dev_query {
	int ns;                 /* -1: the current namespace, else index into others */
	__u32 ifindex, attach_type;
	bool by_link;           /* link_ids are filled (6.6+); else match by program */
	__u32 count;
	__u32 prog_ids[LC_DEV_QUERY_MAX];
	__u32 link_ids[LC_DEV_QUERY_MAX];   /* 0 for a program attached without a link */
};

struct lc_netns_devs {
	char name[NAME_MAX + 1];        /* under /run/netns */
	int fd;                         /* for setns */
	struct lc_xdp_devs devs;
};

/* Zero-initialise; everything is looked up on first need, once per command. */
struct lc_linkdev_cache {
	bool recs_tried;                /* the link iterator ran (or failed) once */
	struct lc_link_recs recs;       /* its records; none when it failed */
	unsigned long long here_ino;    /* our network namespace's inode */
	bool here_dumped;
	struct lc_xdp_devs here;
	bool others_scanned;
	int home_fd;                    /* our own namespace, to come back to */
	struct lc_netns_devs *others;
	size_t nothers;
	struct lc_dev_query *queries;
	size_t nqueries, cap_queries;
	/* -A (lc_linkdev_cache_all): a device elsewhere is named in its own namespace */
	struct lc_netns_list *all;
	struct lc_xdp_devs *all_devs;   /* per namespace of all, dumped on first need */
	bool *all_dumped;
	/*
	 * without -A: the node's namespaces, read on the first lc_linkdev_netns(): those a
	 * name, a mount or a process keeps, then, for a namespace none of them does, all
	 */
	bool names_tried, names_fds_tried;
	struct lc_netns_list names, names_fds;
	/* one link shown (lc_linkdev_cache_one): read through our own fd (lib/linkdev_one.c) */
	__u32 one_link_id;
	int one_link_fd;                /* the caller's on it (borrowed); -1: open one */
	bool one_read;                  /* recs holds its record alone, from that read */
	bool one_ns_tried;
	struct lc_netns_list one_ns;    /* its device's namespace, read alone */
	struct lc_netns_scout one_scout;    /* that read, begun before the device's read */
};

int lc_linkdev_resolve(struct lc_linkdev_cache *c, const struct lc_link *l, struct lc_linkdev *out,
		       struct lc_err *err);
/*
 * A caller running the link iterator itself hands its device links' records over, in
 * ascending ID order, instead of the cache running its own pass: begin (false: the cache
 * cannot use them, or already has its own), then add each (-errno: not added).
 */
bool lc_linkdev_recs_begin(struct lc_linkdev_cache *c);
int lc_linkdev_recs_add(struct lc_linkdev_cache *c, const struct lc_link_rec *r);
/* The current namespace's devices, from one RTM_GETLINK dump per command. */
const struct lc_xdp_devs *lc_linkdev_here(struct lc_linkdev_cache *c, struct lc_err *err);
void lc_linkdev_cache_free(struct lc_linkdev_cache *c);
/*
 * The namespace whose inode is ino, with its name under /run/netns or its lowest pid
 * (lib/netns_all.h), from one read of the node's namespaces per command (-A's own list
 * when there is one). NULL when ino is 0 or no name or process holds that namespace.
 */
const struct lc_netns *lc_linkdev_netns(struct lc_linkdev_cache *c, unsigned long long ino);
/*
 * -A: read every network namespace of the node (lib/netns_all.h) so that a link whose
 * iterator record puts its device in another namespace gets its device named there, and
 * that namespace in out->ns. lib/linkdev_all.c.
 */
int lc_linkdev_cache_all(struct lc_linkdev_cache *c, struct lc_err *err);
int lc_linkdev_in_netns(struct lc_linkdev_cache *c, __u32 ifindex, unsigned long long netns_ino,
			struct lc_linkdev *out, struct lc_err *err);
void lc_linkdev_all_free(struct lc_linkdev_cache *c);

/*
 * Only link link_id will be resolved: its device is read through an fd of ours on it
 * (lib/self_iter.h), whatever the host holds, and not by the link iterator's pass over
 * every link (which stays where that read cannot run; -d says why). lib/linkdev_one.c.
 */
void lc_linkdev_cache_one(struct lc_linkdev_cache *c, __u32 link_id, int link_fd);
/* For link_rec: 0 with c->recs holding l's record alone; -errno: read every link. */
int lc_linkdev_one_rec(struct lc_linkdev_cache *c, const struct lc_link *l);
/* When l is that link: its device's namespace looked for already (lc_netns_scout_start). */
void lc_linkdev_one_scout(struct lc_linkdev_cache *c, const struct lc_link *l);
/*
 * l's device read now rather than at its first lc_linkdev_resolve (nothing for a link
 * that is not device-bound): the caller overlaps that read, and the load of its program,
 * with work of its own (the pin scan of `link show`).
 */
void lc_linkdev_read_early(struct lc_linkdev_cache *c, const struct lc_link *l);
/*
 * That link's device's namespace as lc_netns_list_read describes it, read alone
 * (lc_netns_one_read) where that can be exact; NULL: read the node's namespaces.
 */
const struct lc_netns *lc_linkdev_one_netns(struct lc_linkdev_cache *c, unsigned long long ino);

/* BPF_PROG_QUERY of a tcx/netkit hook of a device of the current namespace. */
int lc_dev_query(__u32 ifindex, __u32 attach_type, struct lc_dev_query *q, struct lc_err *err);

#endif
