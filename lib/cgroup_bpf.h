/* SPDX-License-Identifier: GPL-2.0-only */
/* cgroup_bpf.h: the programs attached to a cgroup, each link- or prog-attach-owned; attach, replace, detach. */
#ifndef LC_CGROUP_BPF_H
#define LC_CGROUP_BPF_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "pins.h"
#include "prog_info.h"

/* ---- attach types (lib/cgroup_types.c) ---- */

/* The cgroup attach types linkctl knows, in enum order: how many, and the i-th. */
size_t lc_cgroup_attach_type_count(void);
__u32 lc_cgroup_attach_type_at(size_t i);
/* The kernel's name ("cgroup_inet_ingress") or bpftool's short one ("ingress"); -1 if neither. */
int lc_cgroup_attach_type_parse(const char *name);
/* The program type an attach type takes. */
__u32 lc_cgroup_attach_prog_type(__u32 attach_type);
/* "multi", "override" or "none": how the cgroup lets descendants add programs. */
const char *lc_cgroup_mode_str(__u32 attach_flags);

/* ---- the programs of one cgroup (lib/cgroup_query.c) ---- */

struct lc_cgroup_prog {
	__u32 attach_type;
	__u32 attach_flags;     /* BPF_F_ALLOW_MULTI / BPF_F_ALLOW_OVERRIDE / 0 */
	__u32 prog_id;
	__u32 link_id;          /* 0: attached with BPF_PROG_ATTACH (no owner) */
	__u64 from_cgroup_id;   /* effective: the cgroup it is attached to (this one or an ancestor) */
};

struct lc_cgroup_progs {
	__u64 cgroup_id;
	struct lc_cgroup_prog *v;       /* by attach type, then in the order they run */
	size_t n, cap;
};

/* The cgroup ID (its kernfs inode) of a cgroup directory fd; 0 on failure. */
__u64 lc_cgroup_id(int cgroup_fd);

/*
 * Every program attached to the cgroup of cgroup_fd, of one attach type (only_type >= 0) or
 * of all, by BPF_PROG_QUERY; with effective, the programs that run there, inherited ones
 * included (from_cgroup_id says where each is attached). link_id is set where the kernel's
 * query returns link IDs; lc_cgroup_progs_attribute() settles the others.
 */
int lc_cgroup_progs_query(int cgroup_fd, int only_type, bool effective,
			  struct lc_cgroup_progs *p, struct lc_err *err);
void lc_cgroup_progs_free(struct lc_cgroup_progs *p);

/* The cgroup links of the system, as the link walk sees them. */
struct lc_cgroup_link_ref {
	__u64 cgroup_id;
	__u32 attach_type, prog_id, link_id;
};
struct lc_cgroup_links {
	struct lc_cgroup_link_ref *v;   /* by ascending link ID */
	size_t n, cap;
};
int lc_cgroup_links_read(struct lc_cgroup_links *links, struct lc_err *err);
void lc_cgroup_links_free(struct lc_cgroup_links *links);
/* Whether any program of p still needs the link walk to tell who owns it. */
bool lc_cgroup_progs_need_links(const struct lc_cgroup_progs *p);
/*
 * The rule of linkctl-cgroup(8): a program the query gave no link ID is link-owned iff a
 * cgroup link has the cgroup's ID (where the program is attached), the attach type and the
 * program. (One program can be in the list twice, once by a link and once by prog-attach:
 * each link accounts for one entry, the first it can.)
 */
void lc_cgroup_progs_attribute(struct lc_cgroup_progs *p, const struct lc_cgroup_links *links);
/* Query, then the walk when the query left owners open: what attach and detach act on. */
int lc_cgroup_progs_read(int cgroup_fd, int only_type, struct lc_cgroup_progs *p,
			 struct lc_err *err);
/* The entry of prog_id at attach_type, NULL if it is not attached there. */
const struct lc_cgroup_prog *lc_cgroup_progs_find(const struct lc_cgroup_progs *p,
						  __u32 attach_type, __u32 prog_id);
/* How many programs of attach_type there are; *first points at the first of them. */
size_t lc_cgroup_progs_of(const struct lc_cgroup_progs *p, __u32 attach_type,
			  const struct lc_cgroup_prog **first);

/* ---- attach and replace (lib/cgroup_attach.c) ---- */

enum lc_cgroup_via { LC_CGROUP_VIA_ANY, LC_CGROUP_VIA_LINK, LC_CGROUP_VIA_PROG_ATTACH };
const char *lc_cgroup_via_str(enum lc_cgroup_via via);

struct lc_cgroup_attach_req {
	int cgroup_fd;
	const char *cgroup_path;    /* for messages */
	__u32 attach_type;
	int prog_fd;
	enum lc_cgroup_via via;     /* ANY: link for a new attachment, as attached for replace */
	__u32 mode_flags;           /* prog-attach: BPF_F_ALLOW_MULTI, BPF_F_ALLOW_OVERRIDE or 0 */
	bool replace;
	__u32 old_prog_id;          /* replace: the program to swap out (0: the only one) */
	__u64 cgroup_id;
	const char *pin_path;       /* new link: pinned here (NULL: the default pin) */
	const char *bpffs_root;
	bool allow_mount;
	bool keep_fd;               /* new link: not pinned; its fd is handed back in link_fd */
};

struct lc_cgroup_attach_res {
	enum lc_cgroup_via via;
	__u32 prog_id;              /* the program now attached */
	__u32 link_id;              /* the new or updated link */
	__u32 attach_flags;         /* the cgroup's mode for the type afterwards */
	__u32 replaced_prog_id;
	bool link_updated;          /* an existing link now runs the program; its pins are as they were */
	char pin_path[PATH_MAX];    /* new pinned link: its pin */
	int link_fd;                /* keep_fd: the new link (the caller owns it), else -1 */
	bool refused;               /* the kernel turned the attach down: the occupants say why */
};

/*
 * Attach via a new cgroup link (pinned, or handed back) or BPF_PROG_ATTACH; with replace,
 * swap one program atomically: BPF_LINK_UPDATE + BPF_F_REPLACE on a link, BPF_F_REPLACE +
 * replace_bpf_fd on a prog-attach MULTI list. A stale old_prog_id changes nothing.
 */
int lc_cgroup_attach(const struct lc_cgroup_attach_req *req, struct lc_cgroup_attach_res *res,
		     struct lc_err *err);
/* The default pin of a new cgroup link: ROOT/linkctl/cgroup/<cgroup id>/<attach type>/<link id>. */

/* ---- detach (lib/cgroup_detach.c) ---- */

struct lc_cgroup_detach_res {
	struct lc_cgroup_prog att;  /* what was (or, refused, would have been) detached */
	struct lc_prog prog;        /* its info, read before the detach may free it */
	struct lc_pins unpinned;    /* force: the link's pins removed (caller frees) */
	bool link_owned;            /* refused: a link owns it and force was not given */
};

/*
 * Detach exactly prog_id from attach_type: a prog-attach attachment by BPF_PROG_DETACH; a
 * link-owned one is refused (-EBUSY, link_owned) unless force, which removes the link's
 * pins and detaches the link (holders keep a defunct link fd).
 */
int lc_cgroup_detach(int cgroup_fd, __u32 attach_type, __u32 prog_id, bool force,
		     struct lc_cgroup_detach_res *res, struct lc_err *err);

#endif
