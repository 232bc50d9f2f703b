/* SPDX-License-Identifier: GPL-2.0-only */
/* link.h: what the link verbs share: the per-command view (scans, device names) and the printer. */
#ifndef LC_CMD_LINK_H
#define LC_CMD_LINK_H

#include <stdbool.h>

#include "print_fields.h"
#include "../lib/link_info.h"
#include "../lib/linkdev.h"

/* Everything a link printer looks up, once per command. */
struct link_view {
	struct obj_scan scan;               /* pins, owners (unless --no-owners), program names */
	struct lc_linkdev_cache devs;       /* device names of xdp/tcx/netkit links */
	bool cgroup_tried;
	int cgroup_root_fd;                 /* cgroup v2 mount, opened on the first cgroup link */
	bool iter_cache;                    /* one link: its passes share their programs */
};

/*
 * Start the pin and owner scans (on a worker thread, unless --no-owners); link_view_ready
 * waits for them before the first print_link. Failures are recorded in ctx (exit code).
 */
int link_view_open(struct lc_ctx *ctx, struct link_view *v);
/* The same for printing link l, fd ours on it: owners of the others are not looked for. */
int link_view_open_one(struct lc_ctx *ctx, struct link_view *v, const struct lc_link *l, int fd);
int link_view_ready(struct lc_ctx *ctx, struct link_view *v);
void link_view_close(struct link_view *v);

/*
 * One link as an object: "ID: TYPE  prog ID NAME tag TAG", then tab-indented detail,
 * pin and owner lines. Fails only when a device lookup fails (netlink, setns).
 */
int print_link(struct out *o, struct link_view *v, const struct lc_link *l, struct lc_err *err);
/* print_link in two parts: all but pins and owners (opens the object), then those (closes it). */
int print_link_begin(struct out *o, struct link_view *v, const struct lc_link *l,
		    struct lc_err *err);
void print_link_end(struct out *o, struct link_view *v, __u32 link_id);

/* LINK := id N | pinned PATH: the two rows of every verb that names one link. */
struct link_ref {
	struct arg_u32 id;
	const char *pinned;
};
/* Opens the LINK of a verb's arguments (a pin of anything else is refused). */
int link_open_arg(const struct link_ref *ref, struct lc_err *err);

/* Read the link behind fd and print it as `link show` does; returns an exit code. */
int link_show_fd(struct lc_ctx *ctx, int fd);

/*
 * The options of the verbs below, filled by their rows (cmd/link.c). list and show
 * share one struct: show without id/pinned lists, with list's filters.
 */
struct link_list_opts {
	struct link_ref ref;                /* show: one link */
	const char *type;
	const char *dev;
	struct arg_u32 prog;
	struct arg_flag_path pinned;        /* list: pinned links, or the one pinned at PATH */
	struct arg_u32 owner;
};

struct link_pin_opts {
	struct link_ref ref;
	const char *path;
};

struct link_unpin_opts {
	const char *path;
};

struct link_detach_opts {
	struct link_ref ref;
};

struct link_update_opts {
	struct link_ref ref;
	struct lc_prog_spec prog;
	struct arg_u32 old_prog;
};

/* The verbs: list and show (cmd/link_list.c), the ones that change links (cmd/link_change.c). */
int do_link_list(struct lc_ctx *ctx, const void *opts);
int do_link_show(struct lc_ctx *ctx, const void *opts);
int do_link_pin(struct lc_ctx *ctx, const void *opts);
int do_link_unpin(struct lc_ctx *ctx, const void *opts);
int do_link_detach(struct lc_ctx *ctx, const void *opts);
int do_link_update(struct lc_ctx *ctx, const void *opts);

#endif
