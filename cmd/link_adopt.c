// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_adopt.c: `link adopt pinned PATH [pin NEWPATH | exec -- CMD...]`: take over a
 * pinned link. The new owner always exists before the old pin goes: a new pin is made
 * before the old one is removed, and this process holds the link before it unpins.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "link_handover.h"
#include "../lib/bpffs.h"
#include "../lib/link_info.h"
#include "../lib/objfd.h"

static void print_adopted(struct out *o, const struct lc_link *l, const char *old_path,
			  const struct owner_plan *plan, int fd)
{
	out_open_object(o, NULL);
	print_link_head(o, "adopted", l->info.id, l->info.type, l->info.prog_id);
	out_open_array(o, "unpinned");
	out_str(o, NULL, "\n\tunpinned %s", old_path);
	out_close_array(o);
	owner_plan_print(o, plan, fd);
	out_close_object(o);
}

static int adopt_repin(struct lc_ctx *ctx, int fd, const struct lc_link *l, const char *old_path,
		       const struct owner_plan *plan)
{
	struct lc_err err = { 0 };

	if (lc_bpffs_pin_fd(fd, plan->pin_path, &err))
		return cmd_fail_errno(ctx, err.code, "%s; %s left as it was", err.msg, old_path);
	if (lc_bpffs_unpin(old_path, &err)) {
		unlink(plan->pin_path);
		return cmd_fail_errno(ctx, err.code, "%s; removed %s again, nothing changed", err.msg, plan->pin_path);
	}
	print_adopted(&ctx->out, l, old_path, plan, fd);
	return EXIT_OK;
}

/* On a failed exec the link is still ours: put the pin back where it was. */
static int adopt_exec_failed(struct lc_ctx *ctx, int fd, const char *old_path,
			     const struct lc_err *why)
{
	struct lc_err err = { 0 };

	if (lc_bpffs_pin_fd(fd, old_path, &err))
		return cmd_fail_errno(ctx, why->code, "%s; could not re-pin the link at %s either: %s",
				why->msg, old_path, err.msg);
	return cmd_fail_errno(ctx, why->code, "%s; link re-pinned at %s", why->msg, old_path);
}

/* This process becomes the owner (holding the fd) before the pin is removed. */
static int adopt_take(struct lc_ctx *ctx, int fd, const struct lc_link *l, const char *old_path,
		      const struct owner_plan *plan)
{
	struct lc_term_signals ts;
	struct lc_err err = { 0 };
	int rc;

	rc = term_signals_block(ctx, &ts, false);
	if (rc)
		return rc;
	if (lc_bpffs_unpin(old_path, &err)) {
		rc = cmd_fail_err(ctx, &err);
	} else {
		print_adopted(&ctx->out, l, old_path, plan, fd);
		if (plan->mode == OWNER_HOLD)
			rc = owner_hold(ctx, &ts);
		else if (owner_exec(ctx, fd, plan, &ts, &err))
			rc = adopt_exec_failed(ctx, fd, old_path, &err);
	}
	lc_term_signals_restore(&ts);
	return rc;
}

/* The options of adopt, filled by the rows of its table (below). */
struct link_adopt_opts {
	const char *pinned;
	const char *pin;
	struct arg_rest exec;
};

int do_link_adopt(struct lc_ctx *ctx, const void *opts)
{
	const struct link_adopt_opts *opt = opts;
	const char *old_path = opt->pinned;
	struct owner_plan plan;
	struct lc_err err = { 0 };
	struct lc_link l;
	int fd, rc;

	rc = owner_plan_parse(ctx, opt->pin, &opt->exec, &plan);
	if (rc) {
		owner_plan_free(&plan);
		return rc;
	}
	fd = lc_obj_get_kind(old_path, LC_OBJ_LINK, &err);
	if (fd < 0) {
		rc = cmd_fail_err(ctx, &err);
	} else if (lc_link_info(fd, &l, &err)) {
		rc = cmd_fail_err(ctx, &err);
	} else if (plan.mode == OWNER_PIN) {
		rc = adopt_repin(ctx, fd, &l, old_path, &plan);
	} else {
		rc = adopt_take(ctx, fd, &l, old_path, &plan);
	}
	if (fd >= 0)
		close(fd);
	owner_plan_free(&plan);
	return rc;
}

const struct arg_spec link_adopt_args[] = {
	ROW_STR(struct link_adopt_opts, "pinned", pinned, "PATH", VAL_PIN, ARG_REQUIRED, 0),
	ROW_STR(struct link_adopt_opts, "pin", pin, "NEWPATH", VAL_PIN, 0, 1),
	ROW_REST(struct link_adopt_opts, "exec", exec, "CMD [ARGS...]", 0, 1),
	{ 0 }
};
