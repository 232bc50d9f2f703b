// SPDX-License-Identifier: GPL-2.0-only
/* attach_owner.c: the owner part of the cgroup and tcx attach reports, and the exec hand-off. */
#include <unistd.h>

#include "attach_owner.h"

void print_attach_owner(struct lc_ctx *ctx, const struct attach_outcome *res, const char *via_legacy)
{
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	struct out *o = &ctx->out;

	if (res->replaced_prog_id)
		out_u32(o, "replaced_prog_id", "  replaced prog %u", res->replaced_prog_id);
	out_str(o, "attached", "  attached %s", res->link_id ? "link" : via_legacy);
	if (!res->link_id) {
		out_null(o, "link_id", NULL);
		out_text(o, "\n");
		return;
	}
	out_u32(o, "link_id", " %u", res->link_id);
	if (res->link_updated && !obj_scan_open_one(ctx, LC_OBJ_LINK, res->link_id, &scan)) {
		print_pins(o, &scan, res->link_id);
		print_owners(o, &scan, res->link_id);
		obj_scan_close(&scan);
	} else if (res->pin_path) {
		out_open_array(o, "pinned");
		out_str(o, NULL, "\n\tpinned %s", res->pin_path);
		out_close_array(o);
	}
	if (res->exec && res->exec->mode == OWNER_EXEC) {
		owner_plan_print(o, res->exec, -1);     /* pids: the command; ends the text line */
	} else {
		if (!res->link_updated) {   /* a new pinned link: once linkctl exits the pin holds it */
			out_open_array(o, "pids");
			out_close_array(o);
		}
		out_text(o, "\n");
	}
}

int attach_exec(struct lc_ctx *ctx, int link_fd, const struct owner_plan *plan)
{
	struct lc_term_signals no_signals = { .fd = -1 };
	struct lc_err err = { 0 };

	owner_exec(ctx, link_fd, plan, &no_signals, &err);
	close(link_fd);             /* its last reference: the program detaches again */
	return cmd_fail_errno(ctx, err.code, "%s (link closed: nothing attached)", err.msg);
}
