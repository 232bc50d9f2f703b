// SPDX-License-Identifier: GPL-2.0-only
/* link_list.c: `linkctl link list|show`: every bpf_link by ID, filtered, with pins and owners. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link.h"
#include "../lib/link_iter.h"
#include "../lib/grow.h"
#include "../lib/link_source.h"
#include "../lib/names.h"
#include "../lib/strbuf.h"

/* Filters of `link list`; all given ones must match. */
struct link_filter {
	bool by_type, by_dev, pinned;
	__u32 type;
	__u32 ifindex;              /* dev IFNAME, resolved in the current namespace */
	__u32 prog_id;              /* 0: any */
	pid_t owner;                /* 0: any */
	__u32 link_id;              /* pinned PATH: the link pinned there; 0: any */
};

/* A JSON list element built while the scans ran, waiting for its pins and owners. */
struct set_aside {
	char *elem;                 /* out_suspend's text of it */
	__u32 link_id;
};

/*
 * Elements built ahead at most: past that the walk waits for the scans (and its queue for
 * the printing), so that memory does not grow with the number of links.
 */
#define BUILD_AHEAD_MAX 512

struct link_list_state {
	struct lc_ctx *ctx;
	struct link_view view;
	struct link_filter filter;
	struct set_aside *aside;
	size_t naside, cap_aside;
	struct lc_err err;
};

static bool owned_by(const struct obj_scan *s, __u32 link_id, pid_t pid)
{
	const struct lc_owner *w;
	size_t n = lc_owners_find(&s->owners, link_id, &w);

	for (size_t i = 0; i < n; i++)
		if (w[i].pid == pid)
			return true;
	return false;
}

/* Filters the walking thread can apply: type and program. */
static bool early_match(const struct lc_link *l, const void *arg)
{
	const struct link_filter *f = arg;

	return (!f->by_type || l->info.type == f->type) && (!f->prog_id || l->info.prog_id == f->prog_id) &&
	       (!f->link_id || l->info.id == f->link_id);
}

/* Filters that need the scans or the device names: 1 match, 0 not, -errno on failure. */
static int late_match(struct link_list_state *st, const struct lc_link *l)
{
	const struct link_filter *f = &st->filter;
	const struct lc_pin *pin;
	struct lc_linkdev dev;

	/* the owner scan's own iterator link, walked while it ran: not the system's */
	if (st->view.scan.resolved && l->info.id == st->view.scan.owners.scanner_link_id)
		return 0;
	if (lc_link_is_linkctl_iter(l))     /* another linkctl's scan, or our device pass */
		return 0;
	if (f->pinned && !lc_pins_find(&st->view.scan.pins, LC_OBJ_LINK, l->info.id, &pin))
		return 0;
	if (f->owner && !owned_by(&st->view.scan, l->info.id, f->owner))
		return 0;
	if (!f->by_dev)
		return 1;
	if (lc_linkdev_resolve(&st->view.devs, l, &dev, &st->err))
		return st->err.code;
	return dev.where == LC_LINKDEV_HERE && dev.ifindex == f->ifindex;
}

static int print_if_match(struct link_list_state *st, const struct lc_link *l)
{
	int rc = late_match(st, l);

	return rc > 0 ? print_link(&st->ctx->out, &st->view, l, &st->err) : rc;
}

/*
 * While the scans run, the JSON elements of the links already walked are built as far as
 * they can be (all but pins and owners) and set aside: what is left to do once the scans
 * end, when printing is all that stands between the walk and the end, is then the less.
 * Not in text (printed at once), not with the filters that need the scans, and not when
 * the link iterator reads the links: its pass takes less than the scans, so building
 * ahead would hold nearly every element in memory until they end, for little overlap.
 */
static int build_ahead(struct link_list_state *st, struct lc_link_source *stream)
{
	struct out *o = &st->ctx->out;
	struct lc_link link;
	int rc = 0;

	if (!out_can_suspend(o) || st->filter.pinned || st->filter.owner ||
	    lc_link_source_is_iter(stream))
		return 0;
	while (!obj_scan_done(&st->view.scan) && st->naside < BUILD_AHEAD_MAX &&
	       (rc = lc_link_source_next(stream, &link, &st->err)) > 0) {
		struct set_aside *v;

		if ((rc = late_match(st, &link)) <= 0) {
			if (rc < 0)
				break;
			continue;
		}
		v = lc_grow(st->aside, &st->cap_aside, st->naside, sizeof(*v));
		if (!v) {
			rc = lc_err_set(&st->err, -ENOMEM, "cannot list links");
			break;
		}
		st->aside = v;
		if ((rc = print_link_begin(o, &st->view, &link, &st->err)))
			break;
		st->aside[st->naside].link_id = link.info.id;
		st->aside[st->naside++].elem = out_suspend(o);
	}
	return rc < 0 ? rc : 0;
}

/* The scans are done: pins and owners complete what was set aside, in order. */
static void finish_set_aside(struct link_list_state *st)
{
	struct out *o = &st->ctx->out;

	for (size_t i = 0; i < st->naside; i++) {
		struct set_aside *a = &st->aside[i];

		if (a->link_id == st->view.scan.owners.scanner_link_id) {
			out_discard(a->elem);       /* the scan's own iterator link */
		} else {
			out_resume(o, a->elem);
			print_link_end(o, &st->view, a->link_id);
		}
		a->elem = NULL;
	}
	st->naside = 0;
}

static void free_set_aside(struct link_list_state *st)
{
	for (size_t i = 0; i < st->naside; i++)
		out_discard(st->aside[i].elem);
	free(st->aside);
	st->aside = NULL;
	st->naside = st->cap_aside = 0;
}

/* Print the links as the walking thread hands them over (after the scans, if any). */
static int print_stream(struct link_list_state *st, struct lc_link_source *stream)
{
	struct lc_link link;
	int rc;

	while ((rc = lc_link_source_next(stream, &link, &st->err)) > 0)
		if ((rc = print_if_match(st, &link)) < 0)
			break;
	return rc;
}

/* "xdp, tcx, ...": the link types a `type` filter accepts. */
static void link_type_list(char *buf, size_t len)
{
	unsigned int n;
	const char *const *names = lc_link_type_names(&n);
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, buf, len);
	for (unsigned int i = 1; i < n; i++)
		if (names[i]) {
			lc_strbuf_sep(&sb, ", ");
			lc_strbuf_addf(&sb, "%s", names[i]);
		}
}

/* pinned PATH in list: the link pinned there, as `link show pinned PATH` names it. */
static int pinned_path_filter(struct lc_ctx *ctx, const char *path, struct link_filter *f)
{
	struct lc_err err = { 0 };
	struct lc_link link;
	int fd = link_open_arg(&(struct link_ref){ .pinned = path }, &err), rc;

	if (fd < 0)
		return cmd_fail_err(ctx, &err);
	rc = lc_link_info(fd, &link, &err);
	close(fd);
	if (rc)
		return cmd_fail_err(ctx, &err);
	f->link_id = link.info.id;
	return EXIT_OK;
}

/* The filters that need no lookup; `pinned` is a filter only in list's table. */
static int parse_filter(struct lc_ctx *ctx, const struct link_list_opts *opt,
			struct link_filter *f)
{
	const char *type = opt->type;
	char names[256];
	int t;

	memset(f, 0, sizeof(*f));
	/* 0 means "not given" below: a given 0 (or a pid past INT_MAX) matches nothing real */
	if (opt->prog.given && !opt->prog.val)
		return cmd_usage(ctx, "link: invalid program ID '0' for 'prog'");
	if (opt->owner.given && (!opt->owner.val || opt->owner.val > INT_MAX))
		return cmd_usage(ctx, "link: invalid PID '%s' for 'owner'", opt->owner.word);
	f->pinned = opt->pinned.given && !opt->pinned.path;
	f->prog_id = opt->prog.val;
	f->owner = (pid_t)opt->owner.val;
	if (type) {
		t = lc_link_type_parse(type);
		if (t <= 0 && !parse_u32(type, &f->type)) {
			link_type_list(names, sizeof(names));
			return cmd_usage(ctx, "link: unknown link type '%s' (one of: %s)", type, names);
		}
		f->type = t > 0 ? (__u32)t : f->type;
		f->by_type = true;
	}
	if ((f->pinned || f->owner) && ctx->no_owners)
		return cmd_usage(ctx, "link: the '%s' filter needs the pin and owner scans that "
				 "--no-owners skips", f->pinned ? "pinned" : "owner");
	if (f->owner && kill(f->owner, 0) && errno == ESRCH)
		return cmd_fail_class(ctx, LC_ERRC_NOT_FOUND, "no process with pid %d", (int)f->owner);
	if (opt->pinned.path)
		return pinned_path_filter(ctx, opt->pinned.path, f);
	return EXIT_OK;
}

/* dev IFNAME: a device of the current namespace (the one -n selects), resolved as every verb does. */
static int dev_filter(struct lc_ctx *ctx, const char *ifname, struct link_filter *f)
{
	int rc = cmd_dev_resolve(ctx, ifname, &f->ifindex, NULL);

	f->by_dev = !rc;
	return rc;
}

static void warn_unsettled(struct lc_ctx *ctx, const struct lc_link_walk_stats *stats)
{
	char ids[160];
	struct lc_strbuf sb;
	unsigned int shown = stats->unsettled < 16 ? stats->unsettled : 16;

	lc_strbuf_init(&sb, ids, sizeof(ids));
	for (unsigned int i = 0; i < shown; i++) {
		lc_strbuf_sep(&sb, ", ");
		lc_strbuf_addf(&sb, "%u", stats->unsettled_ids[i]);
	}
	cmd_warn(ctx, "skipped %u link%s still being set up by the kernel (ID %s%s)",
		 stats->unsettled, stats->unsettled == 1 ? "" : "s", ids,
		 stats->unsettled > shown ? ", ..." : "");
}

/*
 * Three things overlap: the walk (a thread), the pin and owner scans (another, unless
 * --no-owners) and the printing here, which builds ahead while the scans run.
 */
static int list_links(struct lc_ctx *ctx, const struct link_list_opts *opt)
{
	struct link_list_state st = { .ctx = ctx };
	struct lc_link_source *stream = NULL;
	int rc;

	rc = parse_filter(ctx, opt, &st.filter);
	if (!rc && opt->dev)
		rc = dev_filter(ctx, opt->dev, &st.filter);
	if (rc)
		return rc;
	rc = link_view_open(ctx, &st.view);
	out_open_array(&ctx->out, NULL);
	if (!rc && lc_link_source_start(&stream, early_match, &st.filter, &st.view.scan.progs,
					  &st.view.devs, &st.err))
		rc = cmd_fail_err(ctx, &st.err);
	if (!rc && build_ahead(&st, stream))
		rc = cmd_fail_err(ctx, &st.err);
	if (!rc)
		rc = link_view_ready(ctx, &st.view);
	if (!rc)
		finish_set_aside(&st);
	if (!rc && print_stream(&st, stream))
		rc = cmd_fail_err(ctx, &st.err);
	free_set_aside(&st);
	out_close_array(&ctx->out);
	if (!rc && lc_link_source_stats(stream)->unsettled)
		warn_unsettled(ctx, lc_link_source_stats(stream));
	lc_link_source_free(stream);
	link_view_close(&st.view);
	return rc;
}

int do_link_list(struct lc_ctx *ctx, const void *opts)
{
	return list_links(ctx, opts);
}

int link_show_fd(struct lc_ctx *ctx, int fd)
{
	struct link_view view;
	struct lc_link link;
	struct lc_err err = { 0 };
	int rc;

	if (lc_link_info(fd, &link, &err))
		return cmd_fail_err(ctx, &err);
	rc = link_view_open_one(ctx, &view, &link, fd);
	if (!rc)
		rc = link_view_ready(ctx, &view);
	if (rc) {
		link_view_close(&view);
		return rc;
	}
	if (print_link(&ctx->out, &view, &link, &err))
		rc = cmd_fail_err(ctx, &err);
	link_view_close(&view);
	return rc;
}

int do_link_show(struct lc_ctx *ctx, const void *opts)
{
	const struct link_list_opts *opt = opts;
	struct lc_err err = { 0 };
	int fd, rc;

	if (!opt->ref.id.given && !opt->ref.pinned)
		return list_links(ctx, opt);
	if (opt->type || opt->dev || opt->prog.given || opt->owner.given)
		return cmd_usage(ctx, "link show: filters apply to the list; 'id' and 'pinned' "
				 "name one link");
	fd = link_open_arg(&opt->ref, &err);
	if (fd < 0)
		return cmd_fail_err(ctx, &err);
	rc = link_show_fd(ctx, fd);
	close(fd);
	return rc;
}
