// SPDX-License-Identifier: GPL-2.0-only
/* linkdev_all.c: a device link's namespace described, and under -A its device named there. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkdev.h"
#include "log.h"

int lc_linkdev_cache_all(struct lc_linkdev_cache *c, struct lc_err *err)
{
	int rc;

	c->all = calloc(1, sizeof(*c->all));
	if (!c->all)
		return lc_err_set(err, -ENOMEM, "cannot list network namespaces");
	rc = lc_netns_list_read(c->all, err);
	if (!rc) {
		c->all_devs = calloc(c->all->n, sizeof(*c->all_devs));
		c->all_dumped = calloc(c->all->n, sizeof(*c->all_dumped));
		if (!c->all_devs || !c->all_dumped)
			rc = lc_err_set(err, -ENOMEM, "cannot list network namespaces");
	}
	if (rc)
		lc_linkdev_all_free(c);
	return rc;
}

/* The devices of namespace i, from one dump made inside it (then back home). */
static const struct lc_xdp_devs *devs_of(struct lc_linkdev_cache *c, size_t i, struct lc_err *err)
{
	struct lc_err back = { 0 }, ignored = { 0 };
	int rc;

	if (c->all_dumped[i])
		return &c->all_devs[i];
	rc = lc_netns_enter(c->all, &c->all->v[i], err);
	if (rc)
		return NULL;
	/* a namespace emptied meanwhile has no device to name: an empty list, not a failure */
	lc_xdp_devs_dump(&c->all_devs[i], &ignored);
	if (lc_netns_enter(c->all, NULL, &back)) {
		lc_err_msg(err, back.code, "%s", back.msg);
		return NULL;
	}
	c->all_dumped[i] = true;
	return &c->all_devs[i];
}

int lc_linkdev_in_netns(struct lc_linkdev_cache *c, __u32 ifindex, unsigned long long netns_ino,
			struct lc_linkdev *out, struct lc_err *err)
{
	const struct lc_netns *ns = lc_netns_list_find(c->all, netns_ino);
	const struct lc_xdp_devs *devs;
	const struct lc_xdp_dev *dev;

	if (!ns)
		return 0;       /* newer than our list, or held by nothing we can see */
	devs = devs_of(c, (size_t)(ns - c->all->v), err);
	if (!devs)
		return err->code;
	out->ns = ns;
	dev = lc_xdp_devs_find(devs, ifindex);
	if (dev)
		snprintf(out->devname, sizeof(out->devname), "%s", dev->name);
	return 0;
}

const struct lc_netns *lc_linkdev_netns(struct lc_linkdev_cache *c, unsigned long long ino)
{
	struct lc_err ignored = { 0 };
	const struct lc_netns *ns;

	if (!ino)
		return NULL;
	if (c->all)
		return lc_netns_list_find(c->all, ino);
	ns = lc_linkdev_one_netns(c, ino);
	if (ns)
		return ns;
	/*
	 * A node whose namespaces cannot be read leaves the inode alone to name it. The pass
	 * over every process's fds runs only for a namespace nothing else keeps: it changes
	 * no entry of the others (lc_netns_list_read_kept).
	 */
	if (!c->names_tried) {
		c->names_tried = true;
		if (lc_netns_list_read_kept(&c->names, &ignored))
			memset(&c->names, 0, sizeof(c->names));
	}
	ns = lc_netns_list_find(&c->names, ino);
	if (ns)
		return ns;
	if (!c->names_fds_tried) {
		c->names_fds_tried = true;
		lc_log("network namespace %llu: no name, mount or process keeps it: every process's "
		       "fds are read", ino);
		if (lc_netns_list_read(&c->names_fds, &ignored))
			memset(&c->names_fds, 0, sizeof(c->names_fds));
	}
	return lc_netns_list_find(&c->names_fds, ino);
}

void lc_linkdev_all_free(struct lc_linkdev_cache *c)
{
	if (!c->all)
		return;
	for (size_t i = 0; c->all_devs && i < c->all->n; i++)
		lc_xdp_devs_free(&c->all_devs[i]);
	free(c->all_devs);
	free(c->all_dumped);
	lc_netns_list_free(c->all);
	free(c->all);
	c->all = NULL;
	c->all_devs = NULL;
	c->all_dumped = NULL;
}
