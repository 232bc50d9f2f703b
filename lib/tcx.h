/* SPDX-License-Identifier: GPL-2.0-only */
/* tcx.h: a device's tcx chains (order, revision, owner of each), tc cls_bpf filters beside them; attach, replace, detach. */
#ifndef LC_TCX_H
#define LC_TCX_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "pins.h"
#include "prog_info.h"

enum lc_tcx_dir { LC_TCX_INGRESS, LC_TCX_EGRESS, LC_TCX_DIRS };
const char *lc_tcx_dir_str(enum lc_tcx_dir dir);
__u32 lc_tcx_attach_type(enum lc_tcx_dir dir);

/* ---- the chain (lib/tcx_query.c) ---- */

struct lc_tcx_entry {
	__u32 prog_id;
	__u32 link_id;              /* 0: attached with BPF_PROG_ATTACH (no owner) */
};

struct lc_tcx_chain {
	__u32 ifindex;
	enum lc_tcx_dir dir;
	__u64 revision;             /* bumped by every change of the chain */
	struct lc_tcx_entry *v;     /* in the order they run */
	size_t n;
};

/*
 * The chain of one hook by BPF_PROG_QUERY (program and link IDs, revision). A kernel
 * without tcx refuses the query (EINVAL, or E2BIG for the attr's newer tail): -EOPNOTSUPP,
 * "tcx is not supported by this kernel (needs 6.6)".
 */
int lc_tcx_chain_read(__u32 ifindex, enum lc_tcx_dir dir, struct lc_tcx_chain *c,
		      struct lc_err *err);
void lc_tcx_chain_free(struct lc_tcx_chain *c);
/* The entry of prog_id, NULL if it is not in the chain. */
const struct lc_tcx_entry *lc_tcx_chain_find(const struct lc_tcx_chain *c, __u32 prog_id);

/* ---- tc cls_bpf filters on clsact (lib/tc_filters.c) ---- */

struct lc_tc_filter {
	__u16 pref;                 /* priority */
	__u16 protocol;             /* ETH_P_*, host order */
	__u32 handle;
	__u32 chain;
	__u32 prog_id;
	bool direct_action;
	char name[64];              /* TCA_BPF_NAME: what tc loaded it from */
};

struct lc_tc_filters {
	struct lc_tc_filter *v;     /* in dump order (priority order) */
	size_t n, cap;
};

/* The cls_bpf filters of the clsact qdisc's ingress or egress hook (none without clsact). */
int lc_tc_filters_dump(__u32 ifindex, enum lc_tcx_dir dir, struct lc_tc_filters *f,
		       struct lc_err *err);
void lc_tc_filters_free(struct lc_tc_filters *f);

/* ---- attach and replace (lib/tcx_attach.c) ---- */

enum lc_tcx_where { LC_TCX_ANYWHERE, LC_TCX_BEFORE, LC_TCX_AFTER };

struct lc_tcx_attach_req {
	__u32 ifindex;
	const char *ifname;         /* for messages and the default pin */
	enum lc_tcx_dir dir;
	int prog_fd;
	enum lc_tcx_where where;    /* BEFORE/AFTER: relative to prog or link, or first/last */
	__u32 relative_prog_id;     /* before|after id ID */
	__u32 relative_link_id;     /* before|after link ID */
	__u64 expected_revision;    /* 0: any */
	bool replace;
	__u32 old_prog_id;          /* replace: the program to swap (0: the only one) */
	const char *pin_path;       /* new link: pinned here (NULL: the default pin) */
	const char *bpffs_root;
	bool allow_mount;
	bool keep_fd;               /* new link: not pinned; its fd is handed back */
};

struct lc_tcx_attach_res {
	__u32 prog_id, link_id;
	bool via_link;              /* replace of a prog-attach entry: false */
	bool link_updated;
	__u32 replaced_prog_id;
	__u64 revision;             /* the chain's revision afterwards */
	size_t position;            /* 1-based place in the chain afterwards (0: unknown) */
	char pin_path[PATH_MAX];
	int link_fd;                /* keep_fd: the new link, else -1 */
};

/*
 * A new tcx link at the place asked (pinned at the default
 * ROOT/linkctl/tcx/<netns inode>/<ifname>/<dir>/<link id>, at pin_path, or handed back), or
 * with replace a swap of one entry: BPF_LINK_UPDATE + BPF_F_REPLACE for a link,
 * BPF_PROG_ATTACH + BPF_F_REPLACE for a prog-attach entry. A stale old_prog_id or an
 * expected_revision the chain has moved past (-ESTALE) changes nothing.
 */
int lc_tcx_attach(const struct lc_tcx_attach_req *req, struct lc_tcx_attach_res *res,
		  struct lc_err *err);

/* ---- detach (lib/tcx_detach.c) ---- */

struct lc_tcx_detach_res {
	struct lc_tcx_entry entry;  /* what was (or would have been) detached */
	struct lc_prog prog;
	struct lc_pins unpinned;    /* force: the link's pins removed (caller frees) */
	bool link_owned;            /* refused: a link owns it and force was not given */
};

/* Detach prog_id from the chain: prog-attach by BPF_PROG_DETACH; a link only with force. */
int lc_tcx_detach(__u32 ifindex, enum lc_tcx_dir dir, __u32 prog_id, bool force,
		  struct lc_tcx_detach_res *res, struct lc_err *err);

#endif
