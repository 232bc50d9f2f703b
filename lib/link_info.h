/* SPDX-License-Identifier: GPL-2.0-only */
/* link_info.h: bpf_link info, the walk over every link ID, detach and update. */
#ifndef LC_LINK_INFO_H
#define LC_LINK_INFO_H

#include <stdbool.h>
#include <linux/types.h>

#include "err.h"
#include "uapi_compat.h"

#define LC_LINK_NAME_MAX 512

struct lc_link {
	struct lc_bpf_link_info info;
	/* tp_name / iter target / uprobe_multi path / perf_event name, when the type has one */
	char name[LC_LINK_NAME_MAX];
	bool defunct;               /* detached: the hook is gone but the link object lives on */
};

/* Open a link by ID (O_CLOEXEC); retries briefly while the kernel says EAGAIN. */
int lc_link_fd_by_id(__u32 id, struct lc_err *err);
/* Fill l from a link fd. */
int lc_link_info(int fd, struct lc_link *l, struct lc_err *err);
/* Whether l's info says it is detached (its hook is gone): sets nothing. */
bool lc_link_is_defunct(const struct lc_link *l);

struct lc_link_walk_stats {
	unsigned int visited;       /* links handed to the callback */
	unsigned int vanished;      /* gone between GET_NEXT_ID and GET_FD_BY_ID (skipped) */
	unsigned int unsettled;     /* still EAGAIN after retries (skipped) */
	__u32 unsettled_ids[16];    /* the first of those, for the note */
};

/*
 * Called once per link with an fd that is closed when it returns; a non-zero
 * return stops the walk and becomes lc_link_walk's return value.
 */
typedef int (*lc_link_visit_fn)(int fd, const struct lc_link *l, void *arg);
int lc_link_walk(lc_link_visit_fn visit, void *arg, struct lc_link_walk_stats *stats,
		 struct lc_err *err);
/* Whether the walk may run (CAP_SYS_ADMIN): 0, or -errno with err set as the walk sets it. */
int lc_link_walk_allowed(struct lc_err *err);
/*
 * The same walk for a thread with an fd table of its own (unshare(CLONE_FILES)): link fds
 * are closed in runs by close_range(2), one syscall for 64.
 */
int lc_link_walk_own_fds(lc_link_visit_fn visit, void *arg, struct lc_link_walk_stats *stats,
			 struct lc_err *err);

/* Whether links of this type are bound to a device (xdp, tcx, netkit). */
bool lc_link_type_dev_bound(__u32 type);
/* Hook the link is attached to, for link types bound to a device (0 otherwise). */
__u32 lc_link_ifindex(const struct lc_link *l);
/* Attach type, for link types whose info has one; -1 otherwise. */
int lc_link_attach_type(const struct lc_link *l);

int lc_link_detach(int link_fd, struct lc_err *err);
/* BPF_LINK_UPDATE; with old_prog_id set, BPF_F_REPLACE makes a concurrent change fail. */
int lc_link_update(int link_fd, int new_prog_fd, __u32 old_prog_id, struct lc_err *err);
/* lc_link_update of the link with this ID (a replace found it in the hook's listing). */
int lc_link_update_id(__u32 link_id, int new_prog_fd, __u32 old_prog_id, struct lc_err *err);

#endif
