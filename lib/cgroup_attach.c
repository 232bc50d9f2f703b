// SPDX-License-Identifier: GPL-2.0-only
/*
 * cgroup_attach.c: attach a program to a cgroup via a link or BPF_PROG_ATTACH, or swap one
 * atomically. The kernel judges mode conflicts under its lock; this file picks the target.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "cgroup_bpf.h"
#include "link_info.h"
#include "names.h"
#include "objfd.h"
#include "pin_plan.h"
#include "prog_info.h"
#include "strbuf.h"

const char *lc_cgroup_via_str(enum lc_cgroup_via via)
{
	switch (via) {
	case LC_CGROUP_VIA_LINK: return "link";
	case LC_CGROUP_VIA_PROG_ATTACH: return "prog-attach";
	default: return "any";
	}
}

static const char *type_str(__u32 type)
{
	const char *name = lc_attach_type_str(type);

	return name ? name : "?";
}

static int attach_failed(const struct lc_cgroup_attach_req *req, const char *how,
			 struct lc_cgroup_attach_res *res, struct lc_err *err)
{
	res->refused = true;
	return lc_err_set_cap(err, -errno, "CAP_NET_ADMIN", "cannot attach to %s as %s via %s",
			      req->cgroup_path, type_str(req->attach_type), how);
}

static int plan_pin(const struct lc_cgroup_attach_req *req, struct lc_pin_plan *plan,
		    struct lc_err *err)
{
	char rest[96];

	snprintf(rest, sizeof(rest), "cgroup/%llu/%s", (unsigned long long)req->cgroup_id,
		 type_str(req->attach_type));
	return lc_pin_plan_start(plan, req->pin_path, req->bpffs_root, req->allow_mount, rest, err);
}

static int attach_link(const struct lc_cgroup_attach_req *req, struct lc_cgroup_attach_res *res,
		       struct lc_err *err)
{
	struct lc_pin_plan plan;
	int link_fd, rc;

	if (!req->keep_fd && (rc = plan_pin(req, &plan, err)))
		return rc;
	link_fd = bpf_link_create(req->prog_fd, req->cgroup_fd, req->attach_type, NULL);
	if (link_fd < 0) {
		rc = attach_failed(req, "link", res, err);
		if (!req->keep_fd)
			lc_pin_plan_abort(&plan);
		return rc;
	}
	res->link_id = lc_obj_id(link_fd, LC_OBJ_LINK);
	if (req->keep_fd) {
		res->link_fd = link_fd;
		return 0;
	}
	return lc_pin_plan_pin(&plan, link_fd, res->link_id, res->pin_path, sizeof(res->pin_path), err);
}

static int attach_prog(const struct lc_cgroup_attach_req *req, __u32 flags, int replace_fd,
		       struct lc_cgroup_attach_res *res, struct lc_err *err)
{
	LIBBPF_OPTS(bpf_prog_attach_opts, opts, .flags = flags, .replace_prog_fd = replace_fd);

	if (bpf_prog_attach_opts(req->prog_fd, req->cgroup_fd, req->attach_type, &opts))
		return attach_failed(req, "prog-attach", res, err);
	return 0;
}

static int replace_link(const struct lc_cgroup_attach_req *req, const struct lc_cgroup_prog *old,
			struct lc_cgroup_attach_res *res, struct lc_err *err)
{
	int rc = lc_link_update_id(old->link_id, req->prog_fd, old->prog_id, err);

	if (rc)
		return rc;
	res->link_id = old->link_id;
	res->link_updated = true;
	return 0;
}

/* multi: BPF_F_REPLACE names the program to swap; none/override hold one, replaced as such */
static int replace_prog(const struct lc_cgroup_attach_req *req, const struct lc_cgroup_prog *old,
			struct lc_cgroup_attach_res *res, struct lc_err *err)
{
	bool multi = old->attach_flags & BPF_F_ALLOW_MULTI;
	int old_fd = -1, rc;

	if (multi) {
		old_fd = lc_prog_fd_seen(old->prog_id, -ENOENT, err, "old-prog %u left %s meanwhile; "
					 "nothing changed", old->prog_id, req->cgroup_path);
		if (old_fd < 0)
			return old_fd;
	}
	rc = attach_prog(req, old->attach_flags | (multi ? BPF_F_REPLACE : 0), old_fd, res, err);
	if (rc == -ENOENT) {    /* the kernel's BPF_F_REPLACE found it gone: nothing changed */
		res->refused = false;
		lc_err_msg(err, rc, "old-prog %u is no longer attached to %s as %s; nothing changed",
			   old->prog_id, req->cgroup_path, type_str(req->attach_type));
	}
	if (old_fd >= 0)
		close(old_fd);
	return rc;
}

static int stale(const struct lc_cgroup_attach_req *req, const struct lc_cgroup_progs *progs,
		 struct lc_err *err)
{
	const struct lc_cgroup_prog *v;
	size_t n = lc_cgroup_progs_of(progs, req->attach_type, &v);
	char ids[256];
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, ids, sizeof(ids));
	for (size_t i = 0; i < n; i++) {
		lc_strbuf_sep(&sb, ", ");
		lc_strbuf_addf(&sb, "%u", v[i].prog_id);
	}
	return lc_err_msg(err, -ESTALE, "old-prog %u is stale: %s runs %s%s as %s; nothing changed",
			  req->old_prog_id, req->cgroup_path, n ? "programs " : "no program",
			  ids, type_str(req->attach_type));
}

/* The attachment a replace swaps (into *old); 1: nothing is attached, attach anew. */
static int pick_old(const struct lc_cgroup_attach_req *req, const struct lc_cgroup_progs *progs,
		    struct lc_cgroup_prog *old, struct lc_err *err)
{
	const struct lc_cgroup_prog *v;
	size_t n = lc_cgroup_progs_of(progs, req->attach_type, &v);

	if (req->old_prog_id) {
		v = lc_cgroup_progs_find(progs, req->attach_type, req->old_prog_id);
		if (!v)
			return stale(req, progs, err);
	} else if (n == 0) {
		return 1;
	} else if (n > 1) {
		return lc_err_msg(err, -EINVAL, "%s runs %zu programs as %s: say which one to "
				  "replace with old-prog ID", req->cgroup_path, n,
				  type_str(req->attach_type));
	}
	*old = *v;
	return 0;
}

static int check_via(const struct lc_cgroup_attach_req *req, const struct lc_cgroup_prog *old,
		     struct lc_err *err)
{
	if (req->via == LC_CGROUP_VIA_LINK && !old->link_id)
		return lc_err_msg(err, -EBUSY, "program %u is attached via prog-attach; a bpf_link "
				  "cannot take its place (replace via prog-attach, or detach it first)",
				  old->prog_id);
	if (req->via == LC_CGROUP_VIA_PROG_ATTACH && old->link_id)
		return lc_err_msg(err, -EBUSY, "bpf_link %u owns program %u; replace it via link",
				  old->link_id, old->prog_id);
	return lc_pin_plan_refuse_replace(req->pin_path, old->link_id, old->prog_id, err);
}

static int replace(const struct lc_cgroup_attach_req *req, struct lc_cgroup_attach_res *res,
		   struct lc_err *err)
{
	struct lc_cgroup_progs progs;
	struct lc_cgroup_prog old = { 0 };
	int rc = lc_cgroup_progs_read(req->cgroup_fd, (int)req->attach_type, &progs, err);

	if (rc)
		return rc;
	rc = pick_old(req, &progs, &old, err);
	lc_cgroup_progs_free(&progs);
	if (rc)
		return rc;      /* 1: an empty hook */
	rc = check_via(req, &old, err);
	if (rc)
		return rc;
	res->via = old.link_id ? LC_CGROUP_VIA_LINK : LC_CGROUP_VIA_PROG_ATTACH;
	res->replaced_prog_id = old.prog_id;
	return old.link_id ? replace_link(req, &old, res, err) : replace_prog(req, &old, res, err);
}

/* The cgroup's mode for the type now, for the report. */
static void settle(const struct lc_cgroup_attach_req *req, struct lc_cgroup_attach_res *res)
{
	struct lc_cgroup_progs progs;
	struct lc_err ignored;

	res->prog_id = lc_obj_id(req->prog_fd, LC_OBJ_PROG);
	if (lc_cgroup_progs_query(req->cgroup_fd, (int)req->attach_type, false, &progs, &ignored))
		return;
	if (progs.n)
		res->attach_flags = progs.v[0].attach_flags;
	lc_cgroup_progs_free(&progs);
}

int lc_cgroup_attach(const struct lc_cgroup_attach_req *req, struct lc_cgroup_attach_res *res,
		     struct lc_err *err)
{
	int rc = 1;

	memset(res, 0, sizeof(*res));
	lc_err_clear(err);
	res->link_fd = -1;
	if (req->replace)
		rc = replace(req, res, err);
	if (rc == 1) {
		res->via = req->via == LC_CGROUP_VIA_PROG_ATTACH ? LC_CGROUP_VIA_PROG_ATTACH
								   : LC_CGROUP_VIA_LINK;
		rc = res->via == LC_CGROUP_VIA_LINK ? attach_link(req, res, err)
						    : attach_prog(req, req->mode_flags, 0, res, err);
	}
	if (!rc)
		settle(req, res);
	return rc;
}
