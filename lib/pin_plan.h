/* SPDX-License-Identifier: GPL-2.0-only */
/* pin_plan.h: the pin of a new multi-attach link (cgroup, tcx), checked before it is made. */
#ifndef LC_PIN_PLAN_H
#define LC_PIN_PLAN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"

/*
 * A hook of these kinds takes several links, so a default pin is named by the new link's
 * ID inside a directory of the hook: DIR/<link id>. The ID is known only once the link
 * exists, so the checks run first on the directory (is it on a bpffs, mounted if allowed).
 */
struct lc_pin_plan {
	const char *path;           /* pin exactly here (NULL: the default, under dir) */
	char dir[PATH_MAX];         /* the default pin's directory */
	const char *bpffs_root;     /* mounted as a bpffs if allow_mount and it is not one */
	bool allow_mount;
	bool mounted;               /* lc_pin_plan_check mounted it */
};

/*
 * Plan the pin at path, or by default under ROOT/linkctl/<rest>/, and refuse one that
 * cannot be made before anything is attached.
 */
int lc_pin_plan_start(struct lc_pin_plan *plan, const char *path, const char *bpffs_root,
		      bool allow_mount, const char *rest, struct lc_err *err);
/* Refuse a path that cannot be pinned before anything is attached. */
int lc_pin_plan_check(struct lc_pin_plan *plan, struct lc_err *err);
/*
 * Pin the new link (its path goes to out) and close link_fd: the pin holds the link from
 * then on. A failed pin leaves nothing holding it, so it detaches; the plan is aborted.
 */
int lc_pin_plan_pin(struct lc_pin_plan *plan, int link_fd, __u32 link_id, char *out,
		    size_t len, struct lc_err *err);
/* A replace keeps the old entry's link or prog-attach, so it makes no pin: refuse pin_path. */
int lc_pin_plan_refuse_replace(const char *pin_path, __u32 old_link_id, __u32 old_prog_id,
			       struct lc_err *err);
/* The attach failed: leave the bpffs root as it was found. */
void lc_pin_plan_abort(struct lc_pin_plan *plan);
/* ROOT/linkctl/<rest>, with ROOT's trailing slashes dropped. */
int lc_pin_plan_default_dir(struct lc_pin_plan *plan, const char *rest, struct lc_err *err);

#endif
