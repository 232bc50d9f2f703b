// SPDX-License-Identifier: GPL-2.0-only
/* xdp_hooks.c: the XDP state of a netns with each hook attributed to netlink or to its bpf_link. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "link_info.h"
#include "link_iter.h"
#include "log.h"
#include "netns.h"
#include "self_iter.h"
#include "xdp_hooks.h"

bool lc_xdp_hook_runs_link(const struct lc_xdp_dev *dev, int mode, const struct lc_link *l)
{
	return l->info.type == LC_LINK_TYPE_XDP && l->info.xdp.ifindex == dev->ifindex &&
	       dev->prog_id[mode] && dev->prog_id[mode] == l->info.prog_id;
}

/* The attribution rule (see xdp_hooks.h) over every device, for one link of the walk. */
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

/* Could an XDP link created with xdp_flags run in mode? (No mode flag: the kernel chose.) */
static bool link_mode_fits(__u32 xdp_flags, int mode)
{
	__u32 flag = lc_xdp_mode_flag(mode);

	return (xdp_flags & XDP_FLAGS_MODES) ? (xdp_flags & flag) != 0 : mode != LC_XDP_MODE_HW;
}

/*
 * The exact rule: the link's device is this namespace's device, on the hook the kernel
 * holds the link in (whatever program an update in flight left on it); where the kernel
 * did not say, the hook whose mode fits and which runs the link's program.
 */
static bool attribute_rec(struct lc_xdp_devs *devs, const struct lc_link_rec *r)
{
	bool unsettled = false;

	for (size_t i = 0; i < devs->n; i++) {
		struct lc_xdp_dev *dev = &devs->v[i];

		if (dev->ifindex != r->ifindex)
			continue;
		for (int m = 0; m < LC_XDP_MODES; m++) {
			if (!dev->prog_id[m] || (r->xdp_hook ? m + 1 != (int)r->xdp_hook :
			    dev->prog_id[m] != r->prog_id || !link_mode_fits(r->xdp_flags, m)))
				continue;
			unsettled |= !r->link_id;
			if (!dev->link_matches[m]++)
				dev->link_id[m] = r->link_id;
		}
	}
	return unsettled;
}

void lc_xdp_attribute_recs(struct lc_xdp_devs *devs, const struct lc_link_recs *recs,
			   unsigned long long netns_ino, bool *unsettled)
{
	*unsettled = false;
	clear_matches(devs);
	for (size_t i = 0; i < recs->n; i++) {
		const struct lc_link_rec *r = &recs->v[i];

		if (r->type == LC_LINK_TYPE_XDP && !r->detached && r->netns_ino == netns_ino)
			*unsettled |= attribute_rec(devs, r);
	}
	for (size_t i = 0; i < devs->n; i++)
		devs->v[i].exact = true;
}

/* The link's ID is settled within the syscall that created it: a few passes, no sleep. */
#define UNSETTLED_PASSES 50

static bool unsettled_hook(const struct lc_self_hooks *h)
{
	for (int m = 0; m < LC_XDP_MODES; m++)
		if ((h->links & (1u << m)) && !h->link_id[m])
			return true;
	return false;
}

/* One pass: by prog when the caller keeps one loaded, else loading the program for it. */
static int read_pass(struct lc_link_iter_prog *prog, struct lc_link_recs *recs,
		     bool dev_links_only, struct lc_err *err)
{
	if (prog)
		return lc_link_iter_prog_read(prog, recs, err);
	return dev_links_only ? lc_link_iter_read_dev(recs, err) : lc_link_iter_read(recs, err);
}

static int attribute_passes(struct lc_xdp_devs *devs, struct lc_link_iter_prog *prog,
			    struct lc_link_recs *recs, bool dev_links_only, struct lc_err *err)
{
	unsigned long long self = lc_netns_self_ino();
	bool unsettled = true;
	int rc = 0;

	memset(recs, 0, sizeof(*recs));
	if (!self)
		return lc_err_set(err, -errno, "cannot read the network namespace inode");
	for (int pass = 0; unsettled && pass < UNSETTLED_PASSES; pass++) {
		if (pass) {
			lc_link_recs_free(recs);
			sched_yield();
		}
		rc = read_pass(prog, recs, dev_links_only, err);
		if (rc)
			return rc;
		lc_xdp_attribute_recs(devs, recs, self, &unsettled);
	}
	return 0;
}

int lc_xdp_attribute_iter(struct lc_xdp_devs *devs, struct lc_link_iter_prog *prog,
			  struct lc_link_recs *recs, struct lc_err *err)
{
	return attribute_passes(devs, prog, recs, false, err);
}

/* Exact attribution by the link iterator; 1 (err says why) when it cannot run. */
static int attribute_exact(struct lc_xdp_devs *devs, struct lc_err *err)
{
	struct lc_link_recs recs;
	int rc = attribute_passes(devs, NULL, &recs, true, err);  /* XDP links are all it reads */

	lc_link_recs_free(&recs);
	if (rc < 0 && rc != -ENOMEM) {
		lc_log("XDP hooks: the link iterator cannot run (%s): the (ifindex, program) "
		       "rule is used, and a link it names is not proven the owner", err->msg);
		return 1;
	}
	if (!rc)
		lc_log("XDP hooks: owners read by the link iterator (device and network namespace)");
	return rc;
}

/*
 * One device's hooks as the device holds them (lib/self_iter.h): no pass over the host's
 * links. 1 (logged) when it cannot be read so: the link iterator, then the walk, do it.
 */
static int attribute_from_dev(struct lc_xdp_dev *dev)
{
	struct lc_self_hooks hooks;
	struct lc_err why = { 0 };
	int rc = 0;

	/* a link being created holds its hook before its ID is settled: a few reads, no sleep */
	for (int pass = 0; !rc && pass < UNSETTLED_PASSES; pass++) {
		if (pass)
			sched_yield();
		rc = lc_self_xdp_hooks(dev->ifindex, &hooks, &why);
		if (!rc && !unsettled_hook(&hooks))
			break;
	}
	if (!rc && unsettled_hook(&hooks))
		rc = lc_err_msg(&why, -EAGAIN, "a link on it is still being created");
	if (rc) {
		lc_log("XDP hooks of ifindex %u: not read from the device (%s)", dev->ifindex, why.msg);
		return 1;
	}
	memset(dev->link_id, 0, sizeof(dev->link_id));
	memset(dev->link_matches, 0, sizeof(dev->link_matches));
	for (int m = 0; m < LC_XDP_MODES; m++)
		if (dev->prog_id[m] && (hooks.links & (1u << m))) {
			dev->link_id[m] = hooks.link_id[m];
			dev->link_matches[m] = 1;
		}
	dev->exact = true;
	lc_log("XDP hooks of ifindex %u: read from the device (its links, this network namespace)",
	       dev->ifindex);
	return 0;
}

static int read_once(struct lc_xdp_devs *devs, __u32 only_ifindex, bool *exact,
		     struct lc_err *err)
{
	struct lc_err iter_err = { 0 };
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
	rc = *exact && only_ifindex && devs->n == 1 ? attribute_from_dev(&devs->v[0]) : 1;
	if (rc > 0)
		rc = *exact ? attribute_exact(devs, &iter_err) : 1;
	if (rc < 0)
		rc = lc_err_msg(err, rc, "%s", iter_err.msg);
	else if (rc > 0)
		rc = lc_xdp_attribute_walk(devs, NULL, NULL, NULL, err);
	*exact = devs->n && devs->v[0].exact;
	if (rc)
		lc_xdp_devs_free(devs);
	return rc;
}

/*
 * The fallback rule only: a released link leaves the ID space a moment before its
 * program leaves the hook; read then, the hook looks netlink-attached. A hook no link
 * accounts for is read once more after a pause: by then a releasing link's program is
 * gone, a netlink one is still there. The iterator path does not pause: it misses a
 * releasing link in the same instant, but the verbs do not rely on a netlink reading
 * (a detach tries netlink first, which the kernel refuses on a link-owned hook).
 */
#define UNOWNED_RECHECKS 3
#define UNOWNED_RECHECK_NS 1000000L

int lc_xdp_state_read(struct lc_xdp_devs *devs, __u32 only_ifindex, struct lc_err *err)
{
	struct timespec pause = { 0, UNOWNED_RECHECK_NS };
	bool exact = true;
	int rc = read_once(devs, only_ifindex, &exact, err);

	/* under link churn the next read may catch the next release: a few tries */
	for (int i = 0; i < UNOWNED_RECHECKS && !rc && !exact && any_unowned_hook(devs); i++) {
		lc_xdp_devs_free(devs);
		nanosleep(&pause, NULL);
		rc = read_once(devs, only_ifindex, &exact, err);
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
