// SPDX-License-Identifier: GPL-2.0-only
/* pin_plan.c: check, then make, the pin of a new cgroup or tcx link. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

#include "bpffs.h"
#include "pin_plan.h"

int lc_pin_plan_default_dir(struct lc_pin_plan *plan, const char *rest, struct lc_err *err)
{
	size_t root_len = strlen(plan->bpffs_root);

	while (root_len > 1 && plan->bpffs_root[root_len - 1] == '/')
		root_len--;
	if (snprintf(plan->dir, sizeof(plan->dir), "%.*s/linkctl/%s", (int)root_len,
		     plan->bpffs_root, rest) >= (int)sizeof(plan->dir))
		return lc_err_msg(err, -ENAMETOOLONG, "default pin path under %s is too long",
				  plan->bpffs_root);
	return 0;
}

int lc_pin_plan_check(struct lc_pin_plan *plan, struct lc_err *err)
{
	char stand_in[PATH_MAX + 8];
	int rc;

	if (plan->path)
		return lc_bpffs_check_pin(plan->path, err);
	rc = lc_bpffs_ensure_root(plan->bpffs_root, plan->allow_mount, &plan->mounted, err);
	if (rc)
		return rc;
	/* no link has ID 0: the name stands in for the one the link will get */
	snprintf(stand_in, sizeof(stand_in), "%s/0", plan->dir);
	return lc_bpffs_check_pin(stand_in, err);
}

int lc_pin_plan_start(struct lc_pin_plan *plan, const char *path, const char *bpffs_root,
		      bool allow_mount, const char *rest, struct lc_err *err)
{
	*plan = (struct lc_pin_plan){ .path = path, .bpffs_root = bpffs_root,
				      .allow_mount = allow_mount };
	if (!path && lc_pin_plan_default_dir(plan, rest, err))
		return err->code;
	return lc_pin_plan_check(plan, err);
}

static int pin(const struct lc_pin_plan *plan, int link_fd, __u32 link_id, char *out, size_t len,
	       struct lc_err *err)
{
	int n = plan->path ? snprintf(out, len, "%s", plan->path)
			   : snprintf(out, len, "%s/%u", plan->dir, link_id);

	if (n < 0 || (size_t)n >= len)
		return lc_err_msg(err, -ENAMETOOLONG, "pin path too long");
	return lc_bpffs_pin_fd(link_fd, out, err);
}

int lc_pin_plan_pin(struct lc_pin_plan *plan, int link_fd, __u32 link_id, char *out,
		    size_t len, struct lc_err *err)
{
	int rc = pin(plan, link_fd, link_id, out, len, err);

	close(link_fd);     /* without its pin this was the last reference: the link detaches */
	if (rc) {
		lc_err_append(err, " (link closed: nothing attached)");
		lc_pin_plan_abort(plan);
	}
	return rc;
}

int lc_pin_plan_refuse_replace(const char *pin_path, __u32 old_link_id, __u32 old_prog_id,
			       struct lc_err *err)
{
	if (pin_path && old_link_id)
		return lc_err_msg(err, -EINVAL, "bpf_link %u is updated in place and keeps its pins: "
				  "drop 'pin'", old_link_id);
	if (pin_path)
		return lc_err_msg(err, -EINVAL, "program %u is attached via prog-attach and its "
				  "replacement is too (no link to pin): drop 'pin'", old_prog_id);
	return 0;
}

void lc_pin_plan_abort(struct lc_pin_plan *plan)
{
	if (plan->mounted)
		umount2(plan->bpffs_root, MNT_DETACH);
	plan->mounted = false;
}
