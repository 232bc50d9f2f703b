// SPDX-License-Identifier: GPL-2.0-only
/*
 * tcx_attach.c: a new tcx link at a chosen place in the chain, or an atomic swap of one
 * entry. The place (before/after a program or link, first, last) and the expected revision
 * go to the kernel, which checks them under its lock: a chain changed meanwhile is ESTALE.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>

#include "link_info.h"
#include "netns.h"
#include "objfd.h"
#include "pin_plan.h"
#include "prog_info.h"
#include "strbuf.h"
#include "tcx.h"
#include "uapi_compat.h"

/* BPF_F_BEFORE/AFTER with BPF_F_ID (and BPF_F_LINK for a link) and the ID they name. */
static __u32 place_flags(const struct lc_tcx_attach_req *req, __u32 *relative_id)
{
	__u32 flags = req->where == LC_TCX_BEFORE ? BPF_F_BEFORE
		    : req->where == LC_TCX_AFTER ? BPF_F_AFTER : 0;

	*relative_id = req->relative_link_id ? req->relative_link_id : req->relative_prog_id;
	if (*relative_id)
		flags |= BPF_F_ID | (req->relative_link_id ? BPF_F_LINK : 0);
	return flags;
}

/* Say what the kernel's errno means for a chain. */
static int chain_error(const struct lc_tcx_attach_req *req, int rc, const char *what,
		       struct lc_err *err)
{
	struct lc_tcx_chain now;
	struct lc_err ignored;
	__u32 rel = req->relative_link_id ? req->relative_link_id : req->relative_prog_id;

	if (rc == -ESTALE && !lc_tcx_chain_read(req->ifindex, req->dir, &now, &ignored)) {
		lc_tcx_chain_free(&now);
		return lc_err_msg(err, rc, "the tcx %s chain of %s is at revision %llu, not %llu: it "
				  "changed meanwhile; nothing %s", lc_tcx_dir_str(req->dir),
				  req->ifname, (unsigned long long)now.revision,
				  (unsigned long long)req->expected_revision, what);
	}
	if (rc == -ENOENT && rel)
		return lc_err_msg(err, rc, "%s %u is not in the tcx %s chain of %s; nothing %s",
				  req->relative_link_id ? "link" : "prog", rel,
				  lc_tcx_dir_str(req->dir), req->ifname, what);
	if (rc == -EINVAL || rc == -E2BIG)
		return lc_err_set(err, rc, "cannot attach to the tcx %s chain of %s (a kernel "
				  "without tcx needs 6.6)", lc_tcx_dir_str(req->dir), req->ifname);
	return lc_err_set_cap(err, rc, "CAP_NET_ADMIN", "cannot attach to the tcx %s chain of %s",
			      lc_tcx_dir_str(req->dir), req->ifname);
}

static int link_create(const struct lc_tcx_attach_req *req, struct lc_err *err)
{
	struct lc_bpf_link_create_tcx_attr attr = {
		.prog_fd = (__u32)req->prog_fd, .target_ifindex = req->ifindex,
		.attach_type = lc_tcx_attach_type(req->dir),
		.expected_revision = req->expected_revision,
	};
	int fd;

	attr.flags = place_flags(req, &attr.relative_id);
	fd = (int)syscall(__NR_bpf, BPF_LINK_CREATE, &attr, sizeof(attr));
	return fd < 0 ? chain_error(req, -errno, "attached", err) : fd;
}

static int plan_pin(const struct lc_tcx_attach_req *req, struct lc_pin_plan *plan,
		    struct lc_err *err)
{
	unsigned long long netns_ino = lc_netns_self_ino();
	char rest[96];

	if (!req->pin_path && !netns_ino)
		return lc_err_set(err, -errno, "cannot read the network namespace inode");
	snprintf(rest, sizeof(rest), "tcx/%llu/%s/%s", netns_ino, req->ifname,
		 lc_tcx_dir_str(req->dir));
	return lc_pin_plan_start(plan, req->pin_path, req->bpffs_root, req->allow_mount, rest, err);
}

static int attach_link(const struct lc_tcx_attach_req *req, struct lc_tcx_attach_res *res,
		       struct lc_err *err)
{
	struct lc_pin_plan plan;
	int link_fd, rc;

	if (!req->keep_fd && (rc = plan_pin(req, &plan, err)))
		return rc;
	link_fd = link_create(req, err);
	if (link_fd < 0) {
		if (!req->keep_fd)
			lc_pin_plan_abort(&plan);
		return link_fd;
	}
	res->link_id = lc_obj_id(link_fd, LC_OBJ_LINK);
	res->via_link = true;
	if (req->keep_fd) {
		res->link_fd = link_fd;
		return 0;
	}
	return lc_pin_plan_pin(&plan, link_fd, res->link_id, res->pin_path, sizeof(res->pin_path), err);
}

static int replace_link(const struct lc_tcx_attach_req *req, const struct lc_tcx_entry *old,
			struct lc_tcx_attach_res *res, struct lc_err *err)
{
	int rc = lc_link_update_id(old->link_id, req->prog_fd, old->prog_id, err);

	if (rc)
		return rc;
	res->link_id = old->link_id;
	res->via_link = true;
	res->link_updated = true;
	return 0;
}

/* A prog-attach entry: BPF_PROG_ATTACH with BPF_F_REPLACE and the old program's fd. */
static int replace_prog(const struct lc_tcx_attach_req *req, const struct lc_tcx_entry *old,
			struct lc_err *err)
{
	struct lc_bpf_prog_attach_attr attr = {
		.target_ifindex = req->ifindex, .attach_bpf_fd = (__u32)req->prog_fd,
		.attach_type = lc_tcx_attach_type(req->dir), .attach_flags = BPF_F_REPLACE,
		.expected_revision = req->expected_revision,
	};
	int old_fd = lc_prog_fd_seen(old->prog_id, -ENOENT, err, "old-prog %u left %s meanwhile; "
				     "nothing changed", old->prog_id, req->ifname), rc = 0;

	if (old_fd < 0)
		return old_fd;
	attr.replace_bpf_fd = (__u32)old_fd;
	if (syscall(__NR_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr)))
		rc = errno == ENOENT
			? lc_err_msg(err, -ENOENT, "old-prog %u is no longer in the chain; nothing "
				     "changed", old->prog_id)
			: chain_error(req, -errno, "changed", err);
	close(old_fd);
	return rc;
}

static int stale(const struct lc_tcx_attach_req *req, const struct lc_tcx_chain *c,
		 struct lc_err *err)
{
	char ids[256];
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, ids, sizeof(ids));
	for (size_t i = 0; i < c->n; i++) {
		lc_strbuf_sep(&sb, ", ");
		lc_strbuf_addf(&sb, "%u", c->v[i].prog_id);
	}
	return lc_err_msg(err, -ESTALE, "old-prog %u is stale: the tcx %s chain of %s runs %s%s; "
			  "nothing changed", req->old_prog_id, lc_tcx_dir_str(req->dir), req->ifname,
			  c->n ? "programs " : "no program", ids);
}

/* The entry a replace swaps; 1: the chain is empty, attach anew. */
static int pick_old(const struct lc_tcx_attach_req *req, const struct lc_tcx_chain *c,
		    struct lc_tcx_entry *old, struct lc_err *err)
{
	const struct lc_tcx_entry *e = c->n ? &c->v[0] : NULL;

	if (req->old_prog_id) {
		e = lc_tcx_chain_find(c, req->old_prog_id);
		if (!e)
			return stale(req, c, err);
	} else if (c->n == 0) {
		return 1;
	} else if (c->n > 1) {
		return lc_err_msg(err, -EINVAL, "the tcx %s chain of %s runs %zu programs: say which "
				  "one to replace with old-prog ID", lc_tcx_dir_str(req->dir),
				  req->ifname, c->n);
	}
	*old = *e;
	return lc_pin_plan_refuse_replace(req->pin_path, old->link_id, old->prog_id, err);
}

static int replace(const struct lc_tcx_attach_req *req, struct lc_tcx_attach_res *res,
		   struct lc_err *err)
{
	struct lc_tcx_entry old = { 0 };
	struct lc_tcx_chain c;
	int rc = lc_tcx_chain_read(req->ifindex, req->dir, &c, err);

	if (rc)
		return rc;
	rc = pick_old(req, &c, &old, err);
	lc_tcx_chain_free(&c);
	if (rc)
		return rc;      /* 1: an empty chain */
	res->replaced_prog_id = old.prog_id;
	return old.link_id ? replace_link(req, &old, res, err) : replace_prog(req, &old, err);
}

/* A kernel without tcx says so before a pin directory is made; 1: go on. */
static int probe(const struct lc_tcx_attach_req *req, struct lc_err *err)
{
	struct lc_tcx_chain c;
	int rc = lc_tcx_chain_read(req->ifindex, req->dir, &c, err);

	lc_tcx_chain_free(&c);
	return rc ? rc : 1;
}

/* The chain afterwards: its revision and where the program landed. */
static void settle(const struct lc_tcx_attach_req *req, struct lc_tcx_attach_res *res)
{
	struct lc_tcx_chain c;
	struct lc_err ignored;

	res->prog_id = lc_obj_id(req->prog_fd, LC_OBJ_PROG);
	if (lc_tcx_chain_read(req->ifindex, req->dir, &c, &ignored))
		return;
	res->revision = c.revision;
	for (size_t i = 0; i < c.n; i++)
		if (c.v[i].prog_id == res->prog_id &&
		    (!res->link_id || c.v[i].link_id == res->link_id))
			res->position = i + 1;
	lc_tcx_chain_free(&c);
}

int lc_tcx_attach(const struct lc_tcx_attach_req *req, struct lc_tcx_attach_res *res,
		  struct lc_err *err)
{
	int rc = 1;

	memset(res, 0, sizeof(*res));
	lc_err_clear(err);
	res->link_fd = -1;
	if (req->replace)
		rc = replace(req, res, err);
	else
		rc = probe(req, err);
	if (rc == 1)
		rc = attach_link(req, res, err);
	if (!rc)
		settle(req, res);
	return rc;
}
