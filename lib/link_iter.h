/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * link_iter.h: every bpf_link of the host read in one pass by a BPF iterator
 * (bpf/link_iter.bpf.c): ID, type, program, and for a device link (xdp, tcx, netkit)
 * the device's ifindex AND network namespace inode, which no info call gives.
 */
#ifndef LC_LINK_ITER_H
#define LC_LINK_ITER_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "link_info.h"
#include "prog_info.h"

struct lc_link_rec {
	__u32 link_id;          /* 0: being created, its ID not settled yet */
	__u32 type;             /* LC_LINK_TYPE_* */
	__u32 prog_id;
	__u32 ifindex;          /* device links: 0 when detached */
	__u32 netns_ino;        /* device links: the device's network namespace */
	__u32 xdp_flags;        /* xdp: XDP_FLAGS_* the link was created with */
	__u32 xdp_hook;         /* xdp: 1 + the LC_XDP_MODE_* whose hook holds the link; 0: unknown */
	bool dev_bound;         /* xdp, tcx, netkit (those this kernel has) */
	bool detached;          /* dev_bound and without a device */
};

struct lc_link_recs {
	struct lc_link_rec *v;  /* ascending link_id (unsettled ones, ID 0, wherever they came) */
	size_t n, cap;
	unsigned int unsettled; /* records with link_id 0 */
};

/*
 * Fill r (the caller's; zeroed here) with every link of the host except linkctl's own
 * iterator links (this one's and any other linkctl's). Fails (-errno, reason in err)
 * where the iterator cannot run: a kernel without iter/bpf_link, BPF refused, or
 * LINKCTL_BPF_ITER=0; callers then fall back to the walk over link IDs.
 */
int lc_link_iter_read(struct lc_link_recs *r, struct lc_err *err);
/* The same with the device links (xdp, tcx, netkit) alone: the program drops the others. */
int lc_link_iter_read_dev(struct lc_link_recs *r, struct lc_err *err);
/*
 * The iterator program loaded once and run many times (the monitor's tick): loading it
 * (the kernel verifies it) costs as much as a read. prog_read fills r as
 * lc_link_iter_read does (or the device links alone, as opened).
 */
struct lc_link_iter_prog;
int lc_link_iter_prog_open(struct lc_link_iter_prog **p, bool dev_links_only, struct lc_err *err);
int lc_link_iter_prog_read(struct lc_link_iter_prog *p, struct lc_link_recs *r,
			   struct lc_err *err);
void lc_link_iter_prog_close(struct lc_link_iter_prog *p);   /* NULL: nothing */
/* The programs lc_link_iter_read and _read_dev keep under lc_iter_cache_begin: unload them. */
void lc_link_iter_cache_release(void);

/*
 * `link list`'s pass (bpf/link_info_iter.bpf.c): every link with the info of its type
 * where the program reads all of it (raw_tracepoint, cgroup, netns, xdp, tcx), and its
 * program's name, tag and type. Read as it comes through one buffer, so that memory does
 * not grow with the number of links.
 */
struct lc_link_iter_full {
	struct lc_link_rec rec;
	bool linkctl;           /* an iter link of linkctl's own iterators */
	bool has_info;          /* link is what lc_link_info would fill; else read it by ID */
	struct lc_link link;    /* info.id, type, prog_id and the name are always filled */
	struct lc_prog prog;    /* id, type, name and tag, as lc_prog_info_id fills them */
};
struct lc_link_iter_stream;
int lc_link_iter_stream_open(struct lc_link_iter_stream **s, struct lc_err *err);
/* 1 with *out filled, 0 at the end, -errno (err set). */
int lc_link_iter_stream_next(struct lc_link_iter_stream *s, struct lc_link_iter_full *out,
			     struct lc_err *err);
/* The pass's own iter link (which its records leave out as linkctl's). */
__u32 lc_link_iter_stream_link_id(const struct lc_link_iter_stream *s);
void lc_link_iter_stream_close(struct lc_link_iter_stream *s);   /* NULL: nothing */

/* For the readers of the iterators' records (lib/ only). */
struct lc_link_iter_rec;
struct lc_link_rec lc_link_rec_of(const struct lc_link_iter_rec *in);

/*
 * An iter link of one of linkctl's own iterators (this process's or another linkctl's),
 * for a walk over link IDs to leave out: the iterator passes leave them out themselves.
 */
bool lc_link_is_linkctl_iter(const struct lc_link *l);
/* The record of link_id, or NULL. */
const struct lc_link_rec *lc_link_recs_find(const struct lc_link_recs *r, __u32 link_id);
void lc_link_recs_free(struct lc_link_recs *r);

#endif
