// SPDX-License-Identifier: GPL-2.0-only
/* xdp.c: the XDP state of a netns with each hook attributed to netlink or to its bpf_link. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "link.h"
#include "netns.h"
#include "xdp.h"

bool lc_xdp_hook_runs_link(const struct lc_xdp_dev *dev, int mode, const struct lc_link *l)
{
	return l->info.type == LC_LINK_TYPE_XDP && l->info.xdp.ifindex == dev->ifindex &&
	       dev->prog_id[mode] && dev->prog_id[mode] == l->info.prog_id;
}

/* The attribution rule (see xdp.h) over every device, for one link of the walk. */
static void attribute(struct lc_xdp_devs *devs, const struct lc_link *l)
{
	if (l->info.type != LC_LINK_TYPE_XDP || !l->info.xdp.ifindex)
		return;         /* a defunct link has lost its device */
	for (size_t i = 0; i < devs->n; i++) {
		struct lc_xdp_dev *dev = &devs->v[i];

		if (dev->ifindex != l->info.xdp.ifindex)
			continue;
		for (int m = 0; m < LC_XDP_MODES; m++) {
			if (!lc_xdp_hook_runs_link(dev, m, l))
				continue;
			if (!dev->link_matches[m]++)
				dev->link_id[m] = l->info.id;  /* the walk ascends: lowest ID */
		}
	}
}

struct attribute_walk {
	struct lc_xdp_devs *devs;
	lc_link_visit_fn visit;
	void *arg;
};

static int attribute_link(int fd, const struct lc_link *l, void *arg)
{
	struct attribute_walk *w = arg;

	attribute(w->devs, l);
	return w->visit ? w->visit(fd, l, w->arg) : 0;
}

static void keep_only(struct lc_xdp_devs *devs, __u32 ifindex)
{
	const struct lc_xdp_dev *dev = lc_xdp_devs_find(devs, ifindex);

	if (dev) {
		devs->v[0] = *dev;
		devs->n = 1;
	} else {
		devs->n = 0;
	}
}

/*
 * A link being attached runs on its hook before its ID is settled (the walk gets
 * EAGAIN and skips it), which would make the hook look netlink-attached: walk again
 * until every link has settled, for a bounded time.
 */
#define UNSETTLED_RETRIES 20
#define UNSETTLED_SLEEP_NS 5000000L

static void clear_matches(struct lc_xdp_devs *devs)
{
	for (size_t i = 0; i < devs->n; i++) {
		memset(devs->v[i].link_id, 0, sizeof(devs->v[i].link_id));
		memset(devs->v[i].link_matches, 0, sizeof(devs->v[i].link_matches));
	}
}

int lc_xdp_attribute_walk(struct lc_xdp_devs *devs, lc_link_visit_fn visit,
			  void (*restart)(void *arg), void *arg, struct lc_err *err)
{
	struct timespec pause = { 0, UNSETTLED_SLEEP_NS };
	struct attribute_walk w = { devs, visit, arg };
	struct lc_link_walk_stats stats;
	int rc;

	for (int attempt = 0;; attempt++) {
		clear_matches(devs);
		if (attempt && restart)
			restart(arg);
		rc = lc_link_walk(attribute_link, &w, &stats, err);
		if (rc || !stats.unsettled || attempt == UNSETTLED_RETRIES)
			return rc;
		nanosleep(&pause, NULL);
	}
}

/* Some hook runs a program that no link accounts for (netlink, or a link going away). */
static bool any_unowned_hook(const struct lc_xdp_devs *devs)
{
	for (size_t i = 0; i < devs->n; i++)
		for (int m = 0; m < LC_XDP_MODES; m++)
			if (devs->v[i].prog_id[m] && !devs->v[i].link_id[m])
				return true;
	return false;
}

static int read_once(struct lc_xdp_devs *devs, __u32 only_ifindex, struct lc_err *err)
{
	bool any_prog = false;
	int rc;

	rc = lc_xdp_devs_dump(devs, err);
	if (rc)
		return rc;
	if (only_ifindex)
		keep_only(devs, only_ifindex);
	for (size_t i = 0; i < devs->n; i++)
		any_prog |= lc_xdp_dev_modes(&devs->v[i]) != 0;
	if (!any_prog)
		return 0;
	rc = lc_xdp_attribute_walk(devs, NULL, NULL, NULL, err);
	if (rc)
		lc_xdp_devs_free(devs);
	return rc;
}

/*
 * A released link leaves the ID space a moment before its program leaves the hook; read
 * then, the hook looks netlink-attached. A hook no link accounts for is read once more
 * after a pause: by then a releasing link's program is gone, a netlink one is still there.
 */
#define UNOWNED_RECHECKS 3
#define UNOWNED_RECHECK_NS 1000000L

int lc_xdp_state_read(struct lc_xdp_devs *devs, __u32 only_ifindex, struct lc_err *err)
{
	struct timespec pause = { 0, UNOWNED_RECHECK_NS };
	int rc = read_once(devs, only_ifindex, err);

	/* under link churn the next read may catch the next release: a few tries */
	for (int i = 0; i < UNOWNED_RECHECKS && !rc && any_unowned_hook(devs); i++) {
		lc_xdp_devs_free(devs);
		nanosleep(&pause, NULL);
		rc = read_once(devs, only_ifindex, err);
	}
	return rc;
}

unsigned int lc_xdp_dev_modes(const struct lc_xdp_dev *dev)
{
	unsigned int modes = 0;

	for (int m = 0; m < LC_XDP_MODES; m++)
		if (dev->prog_id[m])
			modes |= 1u << m;
	return modes;
}

int lc_xdp_only_mode(const struct lc_xdp_dev *dev, int mode)
{
	unsigned int modes = lc_xdp_dev_modes(dev);

	if (mode >= 0)
		return mode;
	if (!modes)
		return -1;
	if (modes & (modes - 1))
		return -2;
	return __builtin_ctz(modes);
}

int lc_xdp_check_unambiguous(const struct lc_xdp_dev *dev, int mode, struct lc_err *err)
{
	if (dev->link_matches[mode] <= 1)
		return 0;
	return lc_err_msg(err, -EBUSY, "cannot tell which of %u XDP links with ifindex %u and "
			  "program %u owns %s in %s mode (links of other network namespaces match "
			  "too): nothing changed", dev->link_matches[mode], dev->ifindex,
			  dev->prog_id[mode], dev->name, lc_xdp_mode_str(mode));
}

__u32 lc_xdp_mode_flag(int mode)
{
	switch (mode) {
	case LC_XDP_MODE_SKB: return XDP_FLAGS_SKB_MODE;
	case LC_XDP_MODE_DRV: return XDP_FLAGS_DRV_MODE;
	case LC_XDP_MODE_HW: return XDP_FLAGS_HW_MODE;
	default: return 0;
	}
}

int lc_xdp_default_pin(const char *bpffs_root, const char *ifname, char *buf, size_t len,
		       struct lc_err *err)
{
	unsigned long long netns_ino = lc_netns_self_ino();
	size_t root_len = strlen(bpffs_root);

	if (!netns_ino)
		return lc_err_set(err, -errno, "cannot read the network namespace inode");
	while (root_len > 1 && bpffs_root[root_len - 1] == '/')
		root_len--;
	if (snprintf(buf, len, "%.*s/linkctl/xdp/%llu/%s", (int)root_len, bpffs_root,
		     netns_ino, ifname) >= (int)len)
		return lc_err_msg(err, -ENAMETOOLONG, "default pin path under %s is too long",
				  bpffs_root);
	return 0;
}

const char *lc_xdp_via_str(enum lc_xdp_via via)
{
	switch (via) {
	case LC_XDP_VIA_LINK: return "link";
	case LC_XDP_VIA_NETLINK: return "netlink";
	default: return "any";
	}
}
