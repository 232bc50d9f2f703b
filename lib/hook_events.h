/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hook_events.h: snapshots of XDP hooks and bpf_links, and the events that turn one
 * snapshot into the next. lc_mon_snapshot_read reads the kernel (a netlink dump and the
 * link walk) and lc_mon_watch says when to read again; lc_mon_diff is pure (snapshots
 * in, events out, tested without a kernel); cmd/monitor.c prints.
 */
#ifndef LC_HOOK_EVENTS_H
#define LC_HOOK_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>
#include <net/if.h>
#include <linux/types.h>

#include "err.h"
#include "link_iter.h"
#include "xdp_devs.h"
#include "netns_all.h"
#include "owners.h"

/* One occupied XDP hook: a device and mode with a program. */
struct lc_mon_hook {
	__u32 netns_ino;        /* the device's namespace */
	__u32 ifindex;
	enum lc_xdp_mode mode;
	char devname[IF_NAMESIZE];
	__u32 prog_id;
	__u32 link_id;          /* the XDP link that owns the hook, 0 when netlink attached it */
	bool owner_unsettled;   /* a full read: an XDP link still being made owns it (link_id 0) */
};

struct lc_mon_link {
	__u32 id;
	__u32 type;
	__u32 prog_id;
	__u32 ifindex;          /* device-bound types only */
	int attach_type;        /* -1 when the type has none */
	__u32 netns_ino;        /* device-bound types: the device's netns, 0 when not known */
	bool defunct;
};

struct lc_mon_snapshot {
	struct lc_mon_hook *hooks;      /* sorted by (netns_ino, ifindex, mode) */
	size_t nhooks;
	struct lc_mon_link *links;      /* sorted by id */
	size_t nlinks;
	/* links being made were passed over (their IDs unknown, maybe below the highest one) */
	bool unsettled;
};

enum lc_mon_event_kind {
	LC_MON_XDP_ATTACH,
	LC_MON_XDP_DETACH,
	LC_MON_XDP_REPLACE,
	LC_MON_LINK_NEW,
	LC_MON_LINK_GONE,
	LC_MON_LINK_DETACHED,
	LC_MON_LINK_UPDATE,
};

struct lc_mon_event {
	enum lc_mon_event_kind kind;
	struct lc_mon_hook hook;        /* XDP events: the hook as it is now (prog 0 after detach) */
	__u32 old_prog_id;              /* XDP detach/replace, link update */
	__u32 old_link_id;              /* XDP detach/replace: who owned it before */
	struct lc_mon_link link;        /* link events (link-detached: the ifindex it left) */
};

struct lc_mon_events {
	struct lc_mon_event *v;
	size_t n, cap;
};

/*
 * Read the current state: one RTM_GETLINK dump per watched namespace (entered for it)
 * and one pass of the link iterator, which
 * also attributes the hooks to links exactly (lib/xdp_hooks.h); link info is read only for the
 * types whose attach type or detached state the iterator does not read (tracing, cgroup,
 * netns, tcx, netkit, sockmap, struct_ops). linkctl's own iterator links are left out.
 * Where the iterator cannot run: one walk over link IDs, attributing by the ifindex rule.
 * first: the monitor's first read, which has no earlier state to keep a releasing link as
 * owner from, attributes them as xdp show does. w (open) keeps the iterator's program
 * loaded from one read to the next.
 */
struct lc_mon_watch;
int lc_mon_snapshot_read(struct lc_mon_snapshot *s, struct lc_mon_watch *w, bool first,
			 struct lc_err *err);
/*
 * The hooks alone read again (one dump per watched namespace), the links taken from prev:
 * for a device change. A hook keeps prev's owner while it runs the same program; a new or
 * changed one is netlink's unless a new XDP link may own it (lc_mon_probe_new finds those:
 * lc_mon_hold_back keeps such hooks back until a full read attributes them).
 */
int lc_mon_hooks_read(struct lc_mon_snapshot *s, struct lc_mon_watch *w,
		      const struct lc_mon_snapshot *prev, struct lc_err *err);
/*
 * A full read's result (full: lc_mon_links_read, begun when the highest link ID seen was
 * seen_before) made current: the hooks read again now (the events handled since then are in
 * prev), each owned as full says while it runs the same program, then as prev says (as in
 * lc_mon_hooks_read); the links are full's, with those of prev above seen_before that it
 * lacks (probes found them while it ran).
 */
int lc_mon_full_apply(struct lc_mon_snapshot *s, struct lc_mon_watch *w,
		      const struct lc_mon_snapshot *prev, const struct lc_mon_snapshot *full,
		      __u32 seen_before, struct lc_err *err);
void lc_mon_snapshot_free(struct lc_mon_snapshot *s);
/* Sort a snapshot built by hand (tests) the way lc_mon_snapshot_read leaves it. */
void lc_mon_snapshot_sort(struct lc_mon_snapshot *s);
/* Whether link id is among s's links (sorted by ID). */
bool lc_mon_snapshot_has_link(const struct lc_mon_snapshot *s, __u32 id);

/*
 * A released XDP link leaves the link ID space a moment before its program leaves the
 * hook; in between the hook looks netlink-attached. Keep the link as owner of a hook that
 * still runs the same program, so the release reads as one detach, not a replace.
 */
void lc_mon_snapshot_inherit(const struct lc_mon_snapshot *old, struct lc_mon_snapshot *new);

/* Append to ev the events that lead from old to new (XDP events first, then links). */
int lc_mon_diff(const struct lc_mon_snapshot *old, const struct lc_mon_snapshot *new,
		struct lc_mon_events *ev);
int lc_mon_events_push(struct lc_mon_events *ev, const struct lc_mon_event *e);
void lc_mon_events_free(struct lc_mon_events *ev);

const char *lc_mon_event_str(enum lc_mon_event_kind kind);

/* One network namespace watched: a socket subscribed to its RTNLGRP_LINK, opened inside it. */
struct lc_mon_ns {
	unsigned long long ino;
	struct mnl_socket *sock;        /* a hint that XDP state may have changed there */
	struct lc_nl dump;              /* its devices are dumped through this one */
};

struct lc_mon_watch {
	struct lc_mon_ns *ns;           /* without all_netns: ours alone */
	size_t nns;
	bool all_netns;                 /* -A: every namespace of the node (lib/netns_all.h) */
	struct lc_netns_list netns;     /* all_netns: the namespaces, as the last rescan found them */
	struct lc_netns *gone;          /* all_netns: those that rescan dropped (fd -1), kept for */
	size_t ngone;                   /* the labels of their last events */
	/* loaded by the first snapshot and kept: every tick would load it again */
	struct lc_link_iter_prog *link_iter;
	bool link_iter_tried;
	__u32 max_link_id;      /* the highest link ID looked at: lc_mon_probe_new starts above */
	__u32 logged_link_id;   /* the highest new device link -d told about (a pending one is
				 * looked at again by every probe) */
	__u32 retry_link_id;    /* the highest one a probe soon was asked for (once a link) */
};

/* all_netns: one socket per namespace of the node (lc_mon_watch_rescan), else ours alone. */
int lc_mon_watch_open(struct lc_mon_watch *w, bool all_netns, struct lc_err *err);
/*
 * all_netns: read the node's namespaces again; open a socket in each new one and close
 * those of the namespaces that went away (the monitor's socket and fd kept a deleted
 * namespace alive until then), which move to w->gone. Returns 1 when the set changed.
 */
int lc_mon_watch_rescan(struct lc_mon_watch *w, struct lc_err *err);
/*
 * all_netns: close the fds the namespace list keeps (the sockets are all the monitor
 * needs until the next rescan): an fd on a namespace keeps it alive, and another linkctl
 * -A finds namespaces held by fds, so two monitors would keep a deleted one between them.
 */
void lc_mon_watch_settle(struct lc_mon_watch *w);
/* The namespace of inode ino, watched or dropped by the last rescan; NULL without -A. */
const struct lc_netns *lc_mon_watch_netns(const struct lc_mon_watch *w, unsigned long long ino);
/*
 * Read every pending notification of namespace i without blocking. Returns 1 when a
 * link message arrived, 0 when none did, -ENOBUFS when the kernel dropped notifications
 * (state must be re-read), another -errno on failure.
 */
int lc_mon_watch_drain(struct lc_mon_watch *w, size_t i, struct lc_err *err);
void lc_mon_watch_close(struct lc_mon_watch *w);

/* The devices of every watched namespace (one dump each), for lc_mon_links_read. */
int lc_mon_dump(const struct lc_mon_watch *w, struct lc_xdp_devs **devs, struct lc_err *err);
void lc_mon_devs_free(struct lc_xdp_devs *devs, size_t n);
/*
 * What a full read does after the dump: the links read (prog's pass, attributing the
 * hooks of devs exactly; the walk by ID where prog is NULL or cannot run) into s, with
 * the hooks of devs (one per namespace of ns, which are freed). It reads only the inodes
 * of ns and enters no namespace: the worker of lc_mon_full runs it on a thread.
 */
int lc_mon_links_read(struct lc_mon_snapshot *s, const struct lc_mon_ns *ns, size_t nns,
		      struct lc_link_iter_prog *prog, struct lc_xdp_devs *devs, struct lc_err *err);

/*
 * A full read off the event thread, so that XDP events and new links (read by the event
 * thread from notifications and probes) never wait behind a pass over every link.
 * lc_mon_full_begin dumps the devices (cheap) and starts a thread that reads the links;
 * done_fd turns readable when it has finished; lc_mon_full_end joins it and makes its
 * result current (lc_mon_full_apply). The handoff needs no lock: the worker reads only
 * what begin gave it before pthread_create and writes only its own fields of the job,
 * which the event thread reads after pthread_join. While a job runs, the watch's
 * namespaces must not change (no rescan) and its iterator program belongs to the worker.
 */
struct lc_mon_full {
	int done_fd;                    /* an eventfd, -1 until the first job */
	bool running;                   /* begun, not yet ended */
	__u32 seen_before;              /* w->max_link_id when the job began */
	long long cpu_ms;               /* the worker's CPU time for the last job's read */
	long long owners_cpu_ms;        /* and for its owner scan (0: none) */
	/* the worker's, between begin and end */
	pthread_t thread;
	bool threaded;                  /* false: pthread_create failed and begin read it all */
	struct lc_mon_ns *ns;           /* a copy: only the inodes are read */
	size_t nns;
	struct lc_xdp_devs *devs;
	struct lc_link_iter_prog *prog;
	struct lc_mon_snapshot got;
	int rc;
	struct lc_err err;
	/* an owner scan of every link after the read, when begin was asked for one */
	bool want_owners;
	__u32 owners_upto;              /* the highest link ID the read found (before the scan) */
	struct lc_owners owners;
	int owners_rc;
	struct lc_err owners_err;
};

void lc_mon_full_init(struct lc_mon_full *f);
/* owners: the worker also scans the owners of every link (lib/owners.h) after its read. */
int lc_mon_full_begin(struct lc_mon_full *f, struct lc_mon_watch *w, bool owners,
		      struct lc_err *err);
/*
 * After done_fd turned readable: the current state into s (prev: the one kept until now).
 * The read's own result stays in f->got until the next begin (lc_mon_hold_back's seen),
 * the owner scan's in f->owners (f->owners_rc says whether it ran: -ENODATA when not asked).
 */
int lc_mon_full_end(struct lc_mon_full *f, struct lc_mon_watch *w,
		    const struct lc_mon_snapshot *prev, struct lc_mon_snapshot *s,
		    struct lc_err *err);
/* Wait for a running job and drop its result; close done_fd. */
void lc_mon_full_close(struct lc_mon_full *f);

/*
 * After a full read into s: the links above s's highest ID are the new ones, unless s
 * passed over links being made (their IDs may be lower: the next look starts where the
 * last one stopped, or it would never see them).
 */
void lc_mon_seen_upto(struct lc_mon_watch *w, const struct lc_mon_snapshot *s);
/*
 * Device links (xdp, tcx, netkit) a probe found above the highest link ID taken: their hook
 * changed too, and only a full read attributes it (the link's info has no namespace); and
 * links still being made (type 0), which only a full read can read.
 */
struct lc_mon_pending {
	struct lc_mon_link *v;
	size_t n, cap;
	/*
	 * of them, device links read whose hook was not among the hooks read (attached after
	 * that read, or a notification sent before the attach): a probe soon finds it
	 */
	size_t retry;
};

/*
 * The links created since the last look (IDs above w->max_link_id), without a full read:
 * each is appended to s (which stays sorted) with a link-new event in ev, unless s has it
 * already. Device links, and links still being created, go to pending instead (the caller
 * asks for a full read), and the next look starts again below the first of them.
 * linkctl's own iterator links are passed over.
 */
int lc_mon_probe_new(struct lc_mon_watch *w, struct lc_mon_snapshot *s,
		     struct lc_mon_events *ev, struct lc_mon_pending *pending, struct lc_err *err);
void lc_mon_pending_free(struct lc_mon_pending *p);
/*
 * Hooks that a pending XDP link may own (its device's ifindex and its program) are left
 * in s as prev has them, to be reported once a full read has attributed them; so are all
 * the hooks that changed while a link is still being made (its type unknown), except
 * those seen (a full read's result, or NULL) has as they are. Every other change stays.
 */
int lc_mon_hold_back(struct lc_mon_snapshot *s, const struct lc_mon_snapshot *prev,
		     const struct lc_mon_snapshot *seen, const struct lc_mon_pending *pending);

#endif
