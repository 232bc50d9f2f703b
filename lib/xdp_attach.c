// SPDX-License-Identifier: GPL-2.0-only
/*
 * xdp_attach.c: attach an XDP program via bpf_link or netlink, or replace the one there
 * atomically. The kernel is the judge of an occupied hook (it refuses under its lock);
 * when it does, the device is read again to say who is in the way.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "bpffs.h"
#include "link_info.h"
#include "objfd.h"
#include "prog_info.h"
#include "xdp_hooks.h"

/* After the kernel said EBUSY/EEXIST: which hook is in the way, and why. */
static void classify_conflict(const struct lc_xdp_attach_req *req, enum lc_xdp_via via,
			      struct lc_xdp_attach_res *res)
{
	struct lc_xdp_devs devs;
	struct lc_err ignored;
	int mode = req->mode;

	if (lc_xdp_state_read(&devs, req->ifindex, &ignored))
		return;         /* no better answer than the kernel's own */
	if (devs.n)
		res->dev = devs.v[0];
	lc_xdp_devs_free(&devs);
	if (mode < 0 || !res->dev.prog_id[mode]) {
		int other = lc_xdp_only_mode(&res->dev, -1);

		if (other == -2)
			other = res->dev.prog_id[LC_XDP_MODE_SKB] ? LC_XDP_MODE_SKB : LC_XDP_MODE_DRV;
		if (other < 0)
			return;
		res->conflict = mode < 0 ? LC_XDP_CONFLICT_OCCUPIED : LC_XDP_CONFLICT_OTHER_MODE;
		res->mode = mode = other;
		if (res->conflict == LC_XDP_CONFLICT_OTHER_MODE)
			return;
	}
	res->mode = mode;
	if (res->dev.link_id[mode] && via == LC_XDP_VIA_NETLINK)
		res->conflict = LC_XDP_CONFLICT_LINK_OWNED;
	else
		res->conflict = LC_XDP_CONFLICT_OCCUPIED;
}

static int attach_error(const struct lc_xdp_attach_req *req, enum lc_xdp_via via, int rc,
			struct lc_xdp_attach_res *res, struct lc_err *err)
{
	if (rc == -EBUSY || rc == -EEXIST)
		classify_conflict(req, via, res);
	if (!err->code)     /* bpf_link_create has no extended ack: say it ourselves */
		lc_err_set_cap(err, rc, "CAP_BPF and CAP_NET_ADMIN",
			       "cannot attach an XDP link to %s", req->ifname);
	return rc;
}

/* The pin asked for, or the default one under a bpffs root (mounted there if allowed). */
static int pin_path(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res,
		    bool *mounted, struct lc_err *err)
{
	int rc;

	if (req->pin_path) {
		if (snprintf(res->pin_path, sizeof(res->pin_path), "%s", req->pin_path) >=
		    (int)sizeof(res->pin_path))
			return lc_err_msg(err, -ENAMETOOLONG, "pin path too long");
		return 0;
	}
	rc = lc_bpffs_ensure_root(req->bpffs_root, req->allow_mount, mounted, err);
	if (rc)
		return rc;
	return lc_xdp_default_pin(req->bpffs_root, req->ifname, res->pin_path,
				  sizeof(res->pin_path), err);
}

/* The link pinned at path, if a link is pinned there. */
static int pinned_link(const char *path, struct lc_link *l)
{
	struct lc_err ignored;
	int fd = lc_obj_get_kind(path, LC_OBJ_LINK, &ignored), rc;

	if (fd < 0)
		return fd;
	rc = lc_link_info(fd, l, &ignored);
	close(fd);
	return rc;
}

/*
 * A default pin holding a detached (defunct) XDP link pins nothing that runs, and would
 * refuse every attach to the device: it goes, and the caller is told.
 */
static bool unpin_defunct(struct lc_xdp_attach_res *res)
{
	struct lc_err ignored;
	struct lc_link l;

	if (pinned_link(res->pin_path, &l) || l.info.type != LC_LINK_TYPE_XDP || !l.defunct ||
	    lc_bpffs_unpin(res->pin_path, &ignored))
		return false;
	res->defunct_link_unpinned = l.info.id;
	return true;
}

/*
 * A forced detach may take a new link between its creation and its pin (the detach's pin
 * scan found nothing then). Checked after settle(): a link still on the hook now was on
 * it when settle() read the device, and a detach from now on finds the pin (and looks
 * again after detaching). A link detached already is unpinned again: nothing attached.
 */
static int confirm_attached(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res,
			    struct lc_err *err)
{
	struct lc_err ignored;
	struct lc_link l;
	int fd = lc_link_fd_by_id(res->link_id, &ignored);
	bool on_hook = fd >= 0 && !lc_link_info(fd, &l, &ignored) && !l.defunct;

	if (fd >= 0)
		close(fd);
	if (on_hook)
		return 0;
	if (!pinned_link(res->pin_path, &l) && l.info.id == res->link_id)
		lc_bpffs_unpin(res->pin_path, &ignored);
	return lc_err_msg(err, -ECANCELED, "link %u was detached from %s while it was being "
			  "pinned (a forced detach ran meanwhile); nothing is attached",
			  res->link_id, req->ifname);
}

/* A new bpf_link, pinned so that it outlives this process; unpinned, it is closed again. */
static int attach_link_pinned(const struct lc_xdp_attach_req *req, int mode,
			      struct lc_xdp_attach_res *res, bool *mounted, struct lc_err *err)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = lc_xdp_mode_flag(mode));
	int link_fd, rc;

	rc = pin_path(req, res, mounted, err);
	if (!rc)    /* refuse a bad path before attaching */
		rc = lc_bpffs_check_pin(res->pin_path, err);
	if (rc == -EEXIST && !req->pin_path && unpin_defunct(res))
		rc = lc_bpffs_check_pin(res->pin_path, err);
	if (rc == -EEXIST) {    /* likely the pin of the link already there: name the link */
		classify_conflict(req, LC_XDP_VIA_LINK, res);
		if (res->conflict != LC_XDP_CONFLICT_OCCUPIED)
			res->conflict = LC_XDP_CONFLICT_NONE;
	}
	if (rc)
		return rc;
	link_fd = bpf_link_create(req->prog_fd, (int)req->ifindex, BPF_XDP, &opts);
	if (link_fd < 0)
		return attach_error(req, LC_XDP_VIA_LINK, -errno, res, err);
	rc = lc_bpffs_pin_fd(link_fd, res->pin_path, err);
	if (!rc)
		res->link_id = lc_obj_id(link_fd, LC_OBJ_LINK);
	close(link_fd);     /* without its pin this was the last reference: the link detaches */
	if (rc)
		lc_err_append(err, " (link closed: nothing attached)");
	return rc;
}

/* exec hand-off: the fd is the only owner, no pin */
static int attach_link_fd(const struct lc_xdp_attach_req *req, int mode,
			  struct lc_xdp_attach_res *res, struct lc_err *err)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = lc_xdp_mode_flag(mode));
	int link_fd = bpf_link_create(req->prog_fd, (int)req->ifindex, BPF_XDP, &opts);

	if (link_fd < 0)
		return attach_error(req, LC_XDP_VIA_LINK, -errno, res, err);
	res->link_fd = link_fd;
	res->link_id = lc_obj_id(link_fd, LC_OBJ_LINK);
	return 0;
}

static int attach_link(const struct lc_xdp_attach_req *req, int mode,
		       struct lc_xdp_attach_res *res, struct lc_err *err)
{
	bool mounted = false;
	int rc;

	if (req->keep_fd)
		return attach_link_fd(req, mode, res, err);
	rc = attach_link_pinned(req, mode, res, &mounted, err);
	if (rc && mounted)
		umount2(req->bpffs_root, MNT_DETACH);   /* leave the directory as we found it */
	return rc;
}

static int attach_netlink(const struct lc_xdp_attach_req *req, int mode,
			  struct lc_xdp_attach_res *res, struct lc_err *err)
{
	__u32 flags = XDP_FLAGS_UPDATE_IF_NOEXIST | lc_xdp_mode_flag(mode);
	char what[64];
	int rc;

	snprintf(what, sizeof(what), "cannot attach XDP program to %s", req->ifname);
	rc = lc_xdp_nl_set(req->ifindex, req->prog_fd, -1, flags, what, err);
	return rc ? attach_error(req, LC_XDP_VIA_NETLINK, rc, res, err) : 0;
}

static int replace_link(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res,
			struct lc_err *err)
{
	int mode = res->mode, link_fd, rc;

	link_fd = lc_link_fd_by_id(res->dev.link_id[mode], err);
	if (link_fd < 0)
		return link_fd;
	rc = lc_link_update(link_fd, req->prog_fd, res->dev.prog_id[mode], err);
	close(link_fd);
	/* the program we read was replaced (and maybe freed) before our update: say so */
	if ((rc == -ENOENT || rc == -ESTALE) && !req->old_prog_id)     /* lc_link_update's stale */
		return lc_err_msg(err, -ESTALE, "another update of link %u on %s won (program %u is no "
				  "longer attached); nothing changed", res->dev.link_id[mode],
				  req->ifname, res->dev.prog_id[mode]);
	if (rc)
		return rc;
	res->link_id = res->dev.link_id[mode];
	res->link_updated = true;
	return 0;
}

static int replace_netlink(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res,
			   struct lc_err *err)
{
	__u32 old_id = res->dev.prog_id[res->mode];
	char what[96];
	int old_fd, rc;

	old_fd = lc_prog_fd_seen(old_id, -ESTALE, err, "program %u left %s meanwhile; nothing changed",
				 old_id, req->ifname);
	if (old_fd < 0)
		return old_fd;
	snprintf(what, sizeof(what), "cannot replace XDP program %u on %s in %s mode", old_id,
		 req->ifname, lc_xdp_mode_str(res->mode));
	rc = lc_xdp_nl_set(req->ifindex, req->prog_fd, old_fd,
			   XDP_FLAGS_REPLACE | lc_xdp_mode_flag(res->mode), what, err);
	close(old_fd);
	if (rc == -EBUSY)   /* EEXIST here means the program changed meanwhile: extack says so */
		classify_conflict(req, LC_XDP_VIA_NETLINK, res);
	if (rc == -EEXIST)  /* ... so the caller's view of the hook is stale */
		rc = err->code = -ESTALE;
	return rc;
}

/* Which hook a replace acts on and how; 1: the hook is empty, attach anew. */
static int plan_replace(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res,
			struct lc_err *err)
{
	struct lc_xdp_devs devs;
	int mode = req->mode, rc;

	rc = lc_xdp_state_read(&devs, req->ifindex, err);
	if (rc)
		return rc;
	if (devs.n)
		res->dev = devs.v[0];
	lc_xdp_devs_free(&devs);
	mode = lc_xdp_only_mode(&res->dev, mode);
	if (mode == -2)
		return lc_err_msg(err, -EINVAL, "%s has XDP programs in several modes: say which "
				  "one to replace (skb, drv or hw)", req->ifname);
	if (mode < 0 || !res->dev.prog_id[mode]) {
		if (req->old_prog_id)
			return lc_err_msg(err, -ESTALE, "old-prog %u is stale: %s has no XDP program%s%s%s; "
					  "nothing changed", req->old_prog_id, req->ifname,
					  mode < 0 ? "" : " in ", mode < 0 ? "" : lc_xdp_mode_str(mode),
					  mode < 0 ? "" : " mode");
		return 1;
	}
	res->mode = mode;
	if (req->old_prog_id && req->old_prog_id != res->dev.prog_id[mode])
		return lc_err_msg(err, -ESTALE, "old-prog %u is stale: %s runs program %u in %s mode; "
				  "nothing changed", req->old_prog_id, req->ifname,
				  res->dev.prog_id[mode], lc_xdp_mode_str(mode));
	res->replaced_prog_id = res->dev.prog_id[mode];
	res->via = req->via != LC_XDP_VIA_ANY ? req->via
		 : res->dev.link_id[mode] ? LC_XDP_VIA_LINK : LC_XDP_VIA_NETLINK;
	if (res->via == LC_XDP_VIA_LINK && !res->dev.link_id[mode]) {
		res->conflict = LC_XDP_CONFLICT_NETLINK;
		return lc_err_msg(err, -EBUSY, "a bpf_link cannot take over a netlink attachment");
	}
	if (res->via == LC_XDP_VIA_LINK && req->pin_path)
		return lc_err_msg(err, -EINVAL, "bpf_link %u is updated in place and keeps its pins: "
				  "drop 'pin'", res->dev.link_id[mode]);
	if (res->via != LC_XDP_VIA_LINK)
		return 0;
	rc = lc_xdp_check_unambiguous(&res->dev, mode, err);
	if (!rc && !res->dev.exact)     /* the fallback rule cannot tell namespaces apart */
		rc = lc_err_msg(err, -EBUSY, "cannot prove that bpf_link %u owns %s's XDP hook in %s "
				"mode: without the link iterator (linkctl -d says why) a link of another "
				"network namespace with the same ifindex and program looks the same; "
				"nothing changed", res->dev.link_id[mode], req->ifname,
				lc_xdp_mode_str(mode));
	return rc;
}

/* The mode the program landed in (the kernel picks when none was given) and the device now. */
static void settle(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res)
{
	__u32 prog_id = lc_obj_id(req->prog_fd, LC_OBJ_PROG);
	struct lc_xdp_devs devs;
	struct lc_err ignored;

	if (lc_xdp_devs_dump(&devs, &ignored))
		return;
	if (lc_xdp_devs_find(&devs, req->ifindex))
		res->dev = *lc_xdp_devs_find(&devs, req->ifindex);
	lc_xdp_devs_free(&devs);
	for (int m = 0; res->mode < 0 && m < LC_XDP_MODES; m++)
		if (res->dev.prog_id[m] == prog_id)
			res->mode = m;
	if (res->mode >= 0 && res->via == LC_XDP_VIA_LINK) {
		res->dev.link_id[res->mode] = res->link_id;
		res->dev.link_matches[res->mode] = 1;
	}
}

int lc_xdp_attach(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res,
		  struct lc_err *err)
{
	int rc = 1;

	memset(res, 0, sizeof(*res));
	lc_err_clear(err);
	res->link_fd = -1;
	res->mode = req->mode;
	res->via = req->via == LC_XDP_VIA_NETLINK ? LC_XDP_VIA_NETLINK : LC_XDP_VIA_LINK;
	if (req->replace)
		rc = plan_replace(req, res, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		rc = res->via == LC_XDP_VIA_LINK ? replace_link(req, res, err)
						 : replace_netlink(req, res, err);
	else
		rc = res->via == LC_XDP_VIA_LINK ? attach_link(req, res->mode, res, err)
						 : attach_netlink(req, res->mode, res, err);
	if (!rc)
		settle(req, res);
	if (!rc && res->via == LC_XDP_VIA_LINK && !res->link_updated && res->link_fd < 0)
		rc = confirm_attached(req, res, err);
	return rc;
}
