/* SPDX-License-Identifier: GPL-2.0-only */
/* attach_owner.h: who owns the link an attach verb made or updated (cgroup, tcx), printed alike. */
#ifndef LC_ATTACH_OWNER_H
#define LC_ATTACH_OWNER_H

#include "link_handover.h"
#include "print_fields.h"

/* What an attach verb did with a link, for the report. */
struct attach_outcome {
	__u32 link_id;              /* 0: no link (prog-attach) */
	bool link_updated;          /* an existing link: its pins and holders are shown */
	const char *pin_path;       /* a new pinned link: its pin */
	const struct owner_plan *exec;
	__u32 replaced_prog_id;     /* a replace: the program it swapped out */
};

/*
 * The owner fields of an attach report: "replaced_prog_id" after a replace, "attached",
 * "link_id", then "pinned" (the new pin, or an updated link's pins) and "pids" (an
 * updated link's holders), or the exec plan; ends the text line. via_legacy names an attachment without a link ("prog-attach").
 */
void print_attach_owner(struct lc_ctx *ctx, const struct attach_outcome *res, const char *via_legacy);

/* exec: the command becomes the link's only owner; returns only if the exec failed. */
int attach_exec(struct lc_ctx *ctx, int link_fd, const struct owner_plan *plan);

#endif
