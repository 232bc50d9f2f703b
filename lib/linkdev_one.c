// SPDX-License-Identifier: GPL-2.0-only
/*
 * linkdev_one.c: one link's device read through our own fd of it (bpf/self_links.bpf.c), not
 * a pass over every link, and that device's namespace named without the pass over every
 * process's fds wherever that pass cannot change what is printed of it.
 */
#include <errno.h>
#include <string.h>

#include "linkdev.h"
#include "log.h"
#include "self_iter.h"

void lc_linkdev_cache_one(struct lc_linkdev_cache *c, __u32 link_id, int link_fd)
{
	c->one_link_id = link_id;
	c->one_link_fd = link_fd;
}

void lc_linkdev_one_scout(struct lc_linkdev_cache *c, const struct lc_link *l)
{
	/* the namespace is named only after a read through our fd */
	if (l->info.id == c->one_link_id && lc_self_iter_on())
		lc_netns_scout_start(&c->one_scout);
}

int lc_linkdev_one_rec(struct lc_linkdev_cache *c, const struct lc_link *l)
{
	__u32 link_id = l->info.id;
	struct lc_link_rec rec;
	struct lc_err why = { 0 };
	int rc;

	if (!link_id || link_id != c->one_link_id)
		return -ENOENT;
	/* the link's program is the one its info reported: an update since moves no device */
	rc = lc_self_link_dev(link_id, c->one_link_fd, l->info.prog_id, &rec, &why);
	if (!rc && (rc = lc_linkdev_recs_add(c, &rec)))
		lc_err_msg(&why, rc, "cannot record it");
	if (rc) {
		lc_log("link devices of link %u: not read through our own fd of it (%s): the link "
		       "iterator reads every link", link_id, why.msg[0] ? why.msg : strerror(-rc));
		lc_link_recs_free(&c->recs);
		return rc;
	}
	c->one_read = true;
	lc_log("link devices of link %u: read through our own fd of it (the self iterator)", link_id);
	return 0;
}

const struct lc_netns *lc_linkdev_one_netns(struct lc_linkdev_cache *c, unsigned long long ino)
{
	struct lc_err why = { 0 };

	if (!c->one_read || !c->recs.n || ino != c->recs.v[0].netns_ino)
		return NULL;
	if (c->one_ns_tried)
		return lc_netns_list_find(&c->one_ns, ino);
	c->one_ns_tried = true;
	if (lc_netns_scout_finish(&c->one_scout, ino, ino == c->here_ino, &c->one_ns, &why)) {
		lc_log("network namespace %llu: every namespace of the node is read to name it (%s)",
		       ino, why.msg);
		return NULL;
	}
	lc_log("network namespace %llu: named by its names, mounts and lowest pid (no pass over "
	       "every process's fds)", ino);
	return lc_netns_list_find(&c->one_ns, ino);
}
