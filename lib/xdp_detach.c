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

#include "grow.h"
#include "link.h"
#include "xdp.h"

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

	prog_fd = bpf_prog_get_fd_by_id(res->prog_id);
	if (prog_fd < 0)
		return errno == ENOENT
			? lc_err_msg(err, -EEXIST, "program %u left %s meanwhile; nothing detached",
				     res->prog_id, res->dev.name)
			: lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot open program %u",
					 res->prog_id);
	snprintf(what, sizeof(what), "cannot detach XDP program %u from %s in %s mode",
		 res->prog_id, res->dev.name, lc_xdp_mode_str(res->mode));
	/* fd -1 removes; REPLACE + the expected fd makes it "only if it is still this one" */
	rc = lc_xdp_nl_set(res->dev.ifindex, -1, prog_fd,
			   XDP_FLAGS_REPLACE | lc_xdp_mode_flag(res->mode), what, err);
	close(prog_fd);
	return rc;
}

/* Keep only the pins of one link (the scan covers every link), in an array of their own. */
static int pins_keep(struct lc_pins *pins, __u32 link_id)
{
	struct lc_pin *kept = calloc(pins->n ? pins->n : 1, sizeof(*kept));
	size_t n = 0;

	if (!kept) {
		lc_pins_free(pins);
		return -ENOMEM;
	}
	for (size_t i = 0; i < pins->n; i++) {
		if (pins->v[i].kind == LC_OBJ_LINK && pins->v[i].id == link_id)
			kept[n++] = pins->v[i];
		else
			free(pins->v[i].path);
	}
	free(pins->v);
	*pins = (struct lc_pins){ .v = kept, .n = n, .cap = pins->n ? pins->n : 1 };
	return 0;
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
		return lc_err_msg(err, -EEXIST, "link %u no longer runs program %u on %s; "
				  "nothing detached", res->link_id, res->prog_id, res->dev.name);
	return 0;
}

/*
 * An attach racing us may pin its new link after our scan and before our detach: that
 * pin would hold a defunct link, and block the device's default pin. Look again.
 */
static void unpin_late(struct lc_xdp_detach_res *res)
{
	struct lc_pins late;
	struct lc_err ignored;
	struct lc_pin *v;

	if (lc_pins_scan(1u << LC_OBJ_LINK, &late, &ignored) || pins_keep(&late, res->link_id))
		return;
	for (size_t i = 0; i < late.n; i++) {
		v = unlink(late.v[i].path) ? NULL
		    : lc_grow(res->unpinned.v, &res->unpinned.cap, res->unpinned.n, sizeof(*v));
		if (!v) {
			free(late.v[i].path);
			continue;
		}
		res->unpinned.v = v;
		res->unpinned.v[res->unpinned.n++] = late.v[i];
	}
	free(late.v);
}

static int detach_link(struct lc_xdp_detach_res *res, struct lc_err *err)
{
	int link_fd, rc;

	link_fd = lc_link_fd_by_id(res->link_id, err);
	if (link_fd < 0)
		return link_fd;
	rc = check_link(link_fd, res, err);
	if (!rc)
		rc = lc_pins_scan(1u << LC_OBJ_LINK, &res->unpinned, err);
	if (!rc && pins_keep(&res->unpinned, res->link_id))
		rc = lc_err_set(err, -ENOMEM, "cannot list the pins of link %u", res->link_id);
	for (size_t i = 0; !rc && i < res->unpinned.n; i++)
		if (unlink(res->unpinned.v[i].path) && errno != ENOENT)   /* gone already: fine */
			rc = lc_err_set(err, -errno, "cannot remove pin %s of link %u",
					res->unpinned.v[i].path, res->link_id);
	if (!rc)
		rc = lc_link_detach(link_fd, err);
	if (!rc)
		unpin_late(res);
	close(link_fd);
	return rc;
}

int lc_xdp_detach(__u32 ifindex, int mode, bool force, struct lc_xdp_detach_res *res,
		  struct lc_err *err)
{
	struct lc_xdp_devs devs;
	struct lc_err ignored;
	int rc;

	memset(res, 0, sizeof(*res));
	res->mode = mode;
	rc = lc_xdp_state_read(&devs, ifindex, err);
	if (rc)
		return rc;
	if (devs.n)
		res->dev = devs.v[0];
	lc_xdp_devs_free(&devs);
	if (!res->dev.ifindex)
		return lc_err_msg(err, -ENODEV, "no device with ifindex %u", ifindex);
	rc = pick_mode(&res->dev, mode, err);
	if (rc < 0)
		return rc;
	res->mode = rc;
	res->prog_id = res->dev.prog_id[rc];
	res->link_id = res->dev.link_id[rc];
	lc_prog_info_id(res->prog_id, &res->prog, &ignored);   /* a name for the report */
	if (!res->link_id)
		return detach_netlink(res, err);
	if (!force) {
		res->conflict = LC_XDP_CONFLICT_LINK_OWNED;
		return lc_err_msg(err, -EBUSY, "bpf_link %u owns the XDP hook of %s", res->link_id,
				  res->dev.name);
	}
	rc = lc_xdp_check_unambiguous(&res->dev, res->mode, err);
	return rc ? rc : detach_link(res, err);
}
