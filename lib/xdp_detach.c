// SPDX-License-Identifier: GPL-2.0-only
/*
 * xdp_detach.c: remove the XDP program of one hook without removing the wrong one: a
 * netlink attachment only if it still runs the program seen, a link only when forced.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "link_info.h"
#include "link_evict.h"
#include "prog_info.h"
#include "xdp_hooks.h"
#include "libxdp_dispatcher.h"

static int pick_mode(const struct lc_xdp_dev *dev, int mode, struct lc_err *err)
{
	int picked = lc_xdp_only_mode(dev, mode);

	if (picked == -2)
		return lc_err_msg(err, -EINVAL, "%s has XDP programs in several modes: say which "
				  "one to detach (skb, drv or hw)", dev->name);
	if (picked < 0 || !dev->prog_id[picked])
		return lc_err_msg(err, -ENOENT, "%s has no XDP program%s%s%s", dev->name,
				  mode < 0 ? "" : " in ", mode < 0 ? "" : lc_xdp_mode_str(mode),
				  mode < 0 ? "" : " mode");
	return picked;
}

static int detach_netlink(struct lc_xdp_detach_res *res, struct lc_err *err)
{
	char what[96];
	int prog_fd, rc;

	prog_fd = lc_prog_fd_seen(res->prog_id, -ESTALE, err, "program %u left %s meanwhile; "
				  "nothing detached", res->prog_id, res->dev.name);
	if (prog_fd < 0)
		return prog_fd;
	snprintf(what, sizeof(what), "cannot detach XDP program %u from %s in %s mode",
		 res->prog_id, res->dev.name, lc_xdp_mode_str(res->mode));
	/* fd -1 removes; REPLACE + the expected fd makes it "only if it is still this one" */
	rc = lc_xdp_nl_set(res->dev.ifindex, -1, prog_fd,
			   XDP_FLAGS_REPLACE | lc_xdp_mode_flag(res->mode), what, err);
	close(prog_fd);
	return rc;
}

/* libxdp's dispatcher runs other programs: detaching it cuts them all off, so only forced. */
static int refuse_dispatcher(const struct lc_xdp_detach_res *res, struct lc_err *err)
{
	struct lc_xdp_dispatcher d;
	struct lc_err ignored;
	char slots[LC_ERR_MSG_MAX / 2];

	if (!lc_xdp_dispatcher_name(res->prog.name) ||
	    lc_xdp_dispatcher_read(res->prog_id, res->dev.ifindex, &d, &ignored) != 1)
		return 0;
	lc_xdp_dispatcher_describe(&d, slots, sizeof(slots));
	return lc_err_msg(err, -EBUSY, "%s runs libxdp's dispatcher (prog %u) with %s; detaching it "
			  "cuts them off: add 'force'", res->dev.name, res->prog_id, slots);
}

/* The link must still be the one seen: XDP, this device, this program. */
static int check_link(int link_fd, const struct lc_xdp_detach_res *res, struct lc_err *err)
{
	struct lc_link l;
	int rc = lc_link_info(link_fd, &l, err);

	if (rc)
		return rc;
	if (l.info.type != LC_LINK_TYPE_XDP || l.info.xdp.ifindex != res->dev.ifindex ||
	    l.info.prog_id != res->prog_id)
		return lc_err_msg(err, -ESTALE, "link %u no longer runs program %u on %s; "
				  "nothing detached", res->link_id, res->prog_id, res->dev.name);
	return 0;
}

static int detach_link(struct lc_xdp_detach_res *res, struct lc_err *err)
{
	int link_fd, rc;

	link_fd = lc_link_fd_by_id(res->link_id, err);
	if (link_fd < 0)
		return link_fd;
	rc = check_link(link_fd, res, err);
	if (!rc)       /* pins first, detach, then pins an attach racing us made meanwhile */
		rc = lc_link_evict_unheld(link_fd, res->link_id, &res->unpinned, &res->unheld, err);
	close(link_fd);
	return rc;
}

/* A destructive verb acts on a link only when the kernel said it owns the hook. */
static int check_proven(const struct lc_xdp_dev *dev, int mode, __u32 link_id,
			struct lc_err *err)
{
	if (dev->exact)
		return 0;
	return lc_err_msg(err, -EBUSY, "cannot prove that bpf_link %u owns %s's XDP hook in %s "
			  "mode: without the link iterator (linkctl -d says why) a link of another "
			  "network namespace with the same ifindex and program looks the same; "
			  "nothing detached", link_id, dev->name, lc_xdp_mode_str(mode));
}

/* The device as the dump has it, attributed (attribute) or not. */
static int read_dev(__u32 ifindex, bool attribute, struct lc_xdp_detach_res *res,
		    struct lc_err *err)
{
	struct lc_xdp_devs devs;
	const struct lc_xdp_dev *dev;
	int rc = attribute ? lc_xdp_state_read(&devs, ifindex, err) : lc_xdp_devs_dump(&devs, err);

	if (rc)
		return rc;
	dev = lc_xdp_devs_find(&devs, ifindex);
	if (dev)
		res->dev = *dev;
	lc_xdp_devs_free(&devs);
	if (!res->dev.ifindex)
		return lc_err_msg(err, -ENODEV, "no device with ifindex %u", ifindex);
	return 0;
}

/* After a forced detach: the program meant to go must be gone from the hook. */
static int check_gone(const struct lc_xdp_detach_res *res, struct lc_err *err)
{
	struct lc_xdp_detach_res now = { 0 };
	const struct lc_xdp_dev *dev = &now.dev;
	int m = res->mode, rc = read_dev(res->dev.ifindex, false, &now, err);

	if (rc == -ENODEV) {        /* the device went, and its program with it */
		lc_err_clear(err);
		return 0;
	}
	if (rc || dev->prog_id[m] != res->prog_id)
		return rc;
	rc = read_dev(res->dev.ifindex, true, &now, err);      /* how it is still there */
	if (rc || dev->prog_id[m] != res->prog_id)
		return rc;
	if (dev->link_id[m])
		return lc_err_msg(err, -EBUSY, "XDP program %u is still attached to %s in %s mode, "
				  "via bpf_link %u", res->prog_id, dev->name, lc_xdp_mode_str(m),
				  dev->link_id[m]);
	return lc_err_msg(err, -EBUSY, "XDP program %u is still attached to %s in %s mode, via "
			  "netlink", res->prog_id, dev->name, lc_xdp_mode_str(m));
}

static int detach_link_owned(bool force, struct lc_xdp_detach_res *res, struct lc_err *err)
{
	int rc;

	if (!force) {
		res->conflict = LC_XDP_CONFLICT_LINK_OWNED;
		return lc_err_msg(err, -EBUSY, "bpf_link %u owns the XDP hook of %s", res->link_id,
				  res->dev.name);
	}
	rc = lc_xdp_check_unambiguous(&res->dev, res->mode, err);
	if (!rc)
		rc = check_proven(&res->dev, res->mode, res->link_id, err);
	return rc ? rc : detach_link(res, err);
}

/*
 * The kernel refused to detach via netlink (EBUSY): a link may own the hook. Which one,
 * from the attributed state; none (or another program meanwhile): the kernel's refusal.
 */
static int detach_after_refusal(bool force, struct lc_xdp_detach_res *res,
				const struct lc_err *nl_err, struct lc_err *err)
{
	__u32 seen = res->prog_id;
	int rc = read_dev(res->dev.ifindex, true, res, err);

	if (rc)
		return rc;
	res->link_id = res->dev.link_id[res->mode];
	if (!res->link_id || res->dev.prog_id[res->mode] != seen) {
		*err = *nl_err;
		return nl_err->code;
	}
	return detach_link_owned(force, res, err);
}

/*
 * Netlink first: it removes only a program attached via netlink, and only if it is still
 * the one seen (the kernel refuses a link-owned hook with EBUSY), so trying it is safe and
 * the kernel's answer is exact; only a refusal needs to know which link owns the hook.
 */
int lc_xdp_detach(__u32 ifindex, int mode, bool force, struct lc_xdp_detach_res *res,
		  struct lc_err *err)
{
	struct lc_err ignored, nl_err = { 0 };
	int rc;

	memset(res, 0, sizeof(*res));
	res->mode = mode;
	rc = read_dev(ifindex, false, res, err);
	if (rc)
		return rc;
	rc = pick_mode(&res->dev, mode, err);
	if (rc < 0)
		return rc;
	res->mode = rc;
	res->prog_id = res->dev.prog_id[rc];
	lc_prog_info_id(res->prog_id, &res->prog, &ignored);   /* a name for the report */
	rc = force ? 0 : refuse_dispatcher(res, err);
	if (rc)
		return rc;
	rc = detach_netlink(res, &nl_err);
	if (rc == -EBUSY)
		rc = detach_after_refusal(force, res, &nl_err, err);
	else if (rc)
		*err = nl_err;
	return !rc && force ? check_gone(res, err) : rc;
}
