// SPDX-License-Identifier: GPL-2.0-only
/* linkdev.c: name the device of an xdp/tcx/netkit link, here or in a namespace under /run/netns. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "grow.h"
#include "linkdev.h"
#include "log.h"
#include "netns.h"
#include "xdp_hooks.h"

#define NETNS_RUN_DIR "/run/netns"

int lc_dev_query(__u32 ifindex, __u32 attach_type, struct lc_dev_query *q, struct lc_err *err)
{
	struct lc_bpf_prog_query_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.target_ifindex = ifindex;
	attr.attach_type = attach_type;
	/* the kernel fills link_ids only alongside prog_ids */
	attr.prog_ids = (__u64)(unsigned long)q->prog_ids;
	attr.link_ids = (__u64)(unsigned long)q->link_ids;
	attr.count = LC_DEV_QUERY_MAX;
	q->by_link = true;
	if (syscall(__NR_bpf, BPF_PROG_QUERY, &attr, sizeof(attr))) {
		if (errno != E2BIG && errno != EINVAL)
			return lc_err_set_cap(err, -errno, "CAP_NET_ADMIN",
					      "cannot query the programs of ifindex %u", ifindex);
		/* before 6.6 the kernel knows no link_ids: match by program instead */
		memset(&attr, 0, sizeof(attr));
		attr.target_ifindex = ifindex;
		attr.attach_type = attach_type;
		attr.prog_ids = (__u64)(unsigned long)q->prog_ids;
		attr.count = LC_DEV_QUERY_MAX;
		q->by_link = false;
		if (syscall(__NR_bpf, BPF_PROG_QUERY, &attr,
			    offsetof(struct lc_bpf_prog_query_attr, prog_attach_flags)))
			return lc_err_set_cap(err, -errno, "CAP_NET_ADMIN",
					      "cannot query the programs of ifindex %u", ifindex);
	}
	q->ifindex = ifindex;
	q->attach_type = attach_type;
	q->count = attr.count < LC_DEV_QUERY_MAX ? attr.count : LC_DEV_QUERY_MAX;
	return 0;
}

const struct lc_xdp_devs *lc_linkdev_here(struct lc_linkdev_cache *c, struct lc_err *err)
{
	if (!c->here_dumped) {
		if (lc_xdp_devs_dump(&c->here, err))
			return NULL;
		c->here_dumped = true;
	}
	return &c->here;
}

/* Query in namespace ns (-1: here) and come back; failing to come back is fatal. */
static int query_in_netns(struct lc_linkdev_cache *c, int ns, __u32 ifindex, __u32 attach_type,
		    struct lc_dev_query *q, struct lc_err *err)
{
	int rc;

	if (ns < 0)
		return lc_dev_query(ifindex, attach_type, q, err);
	if (setns(c->others[ns].fd, CLONE_NEWNET))
		return lc_err_set(err, -errno, "cannot enter network namespace %s", c->others[ns].name);
	rc = lc_dev_query(ifindex, attach_type, q, err);
	if (setns(c->home_fd, CLONE_NEWNET))
		return lc_err_set(err, -errno, "cannot return to our network namespace");
	return rc;
}

/* The cached query of (ns, ifindex, attach type), made on first use. */
static const struct lc_dev_query *dev_query(struct lc_linkdev_cache *c, int ns, __u32 ifindex,
					    __u32 attach_type, struct lc_err *err)
{
	struct lc_dev_query *q;

	for (size_t i = 0; i < c->nqueries; i++) {
		q = &c->queries[i];
		if (q->ns == ns && q->ifindex == ifindex && q->attach_type == attach_type)
			return q;
	}
	{
		struct lc_dev_query *v = lc_grow(c->queries, &c->cap_queries, c->nqueries, sizeof(*v));

		if (!v) {
			lc_err_set(err, -ENOMEM, "cannot query device links");
			return NULL;
		}
		c->queries = v;
	}
	q = &c->queries[c->nqueries];
	memset(q, 0, sizeof(*q));
	q->ns = ns;
	if (query_in_netns(c, ns, ifindex, attach_type, q, err))
		return NULL;
	return &c->queries[c->nqueries++];
}

/* 1 when dev (in namespace ns) runs link l, 0 when not, -errno on a fatal error. */
static int dev_runs_link(struct lc_linkdev_cache *c, int ns, const struct lc_xdp_dev *dev,
			 const struct lc_link *l, struct lc_err *err)
{
	const struct lc_dev_query *q;
	int attach_type = lc_link_attach_type(l);

	if (l->info.type == LC_LINK_TYPE_XDP) {
		for (int m = 0; m < LC_XDP_MODES; m++)
			if (lc_xdp_hook_runs_link(dev, m, l))
				return 1;
		return 0;
	}
	q = dev_query(c, ns, dev->ifindex, (__u32)attach_type, err);
	if (!q)
		return err->code == -ENODEV ? 0 : err->code;
	for (__u32 i = 0; i < q->count; i++)
		if (q->by_link ? q->link_ids[i] == l->info.id : q->prog_ids[i] == l->info.prog_id)
			return 1;
	return 0;
}

static bool same_netns(int fd, const struct stat *home)
{
	struct stat st;

	return !fstat(fd, &st) && st.st_dev == home->st_dev && st.st_ino == home->st_ino;
}

/* Enter one named namespace, dump its devices, come back; keeps its fd for later queries. */
static int scan_one_netns(struct lc_linkdev_cache *c, int run_dirfd, const char *name,
			  const struct stat *home, struct lc_err *err)
{
	struct lc_netns_devs *ns = &c->others[c->nothers];
	struct lc_err ignored;
	int fd, rc;

	fd = openat(run_dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || same_netns(fd, home) || setns(fd, CLONE_NEWNET)) {
		if (fd >= 0)
			close(fd);
		return 0;               /* gone, ours, or not a namespace: nothing to learn */
	}
	rc = lc_xdp_devs_dump(&ns->devs, &ignored);
	if (setns(c->home_fd, CLONE_NEWNET)) {
		if (!rc)
			lc_xdp_devs_free(&ns->devs);
		close(fd);
		return lc_err_set(err, -errno, "cannot return to our network namespace");
	}
	if (rc) {
		close(fd);
		return 0;
	}
	snprintf(ns->name, sizeof(ns->name), "%s", name);
	ns->fd = fd;
	c->nothers++;
	return 0;
}

/* Only for links not found here: every namespace under /run/netns, dumped once. */
static int scan_others(struct lc_linkdev_cache *c, struct lc_err *err)
{
	struct stat home;
	struct dirent *de;
	size_t cap = 0;
	int rc = 0;
	DIR *run;

	c->others_scanned = true;
	c->home_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (c->home_fd < 0 || fstat(c->home_fd, &home))
		return 0;               /* cannot come back: do not leave */
	run = opendir(NETNS_RUN_DIR);
	while (run && !rc && (de = readdir(run))) {
		if (de->d_name[0] == '.')
			continue;
		{
			struct lc_netns_devs *v = lc_grow(c->others, &cap, c->nothers, sizeof(*v));

			if (!v)
				break;
			c->others = v;
		}
		rc = scan_one_netns(c, dirfd(run), de->d_name, &home, err);
	}
	if (run)
		closedir(run);
	return rc;
}

static int find_elsewhere(struct lc_linkdev_cache *c, const struct lc_link *l, struct lc_linkdev *out,
			  struct lc_err *err)
{
	int found = -1, matches = 0, rc;

	if (!c->others_scanned && (rc = scan_others(c, err)))
		return rc;
	for (size_t i = 0; i < c->nothers; i++) {
		const struct lc_xdp_dev *dev = lc_xdp_devs_find(&c->others[i].devs, out->ifindex);

		if (!dev)
			continue;
		rc = dev_runs_link(c, (int)i, dev, l, err);
		if (rc < 0)
			return rc;
		if (rc) {
			matches++;
			found = (int)i;
		}
	}
	if (matches == 1) {     /* two candidates would be a guess */
		struct stat st;

		if (!fstat(c->others[found].fd, &st))
			out->netns_ino = st.st_ino;
	}
	return 0;
}

/* The iterator's records (l's alone when it is the one link shown), once per command. */
static void read_recs(struct lc_linkdev_cache *c, const struct lc_link *l)
{
	struct lc_err why = { 0 };

	c->recs_tried = true;
	c->here_ino = lc_netns_self_ino();
	if (c->here_ino && !lc_linkdev_one_rec(c, l))
		;       /* one link: read through our own fd of it */
	else if (!c->here_ino || lc_link_iter_read_dev(&c->recs, &why))
		lc_log("link devices: the link iterator cannot run (%s): devices are "
		       "matched by ifindex and program", why.msg[0] ? why.msg : "no netns inode");
}

/* The iterator's record of l; NULL when it cannot tell. */
static const struct lc_link_rec *link_rec(struct lc_linkdev_cache *c, const struct lc_link *l)
{
	const struct lc_link_rec *r;

	if (!c->recs_tried)
		read_recs(c, l);
	r = lc_link_recs_find(&c->recs, l->info.id);
	/* a record that no longer describes the link (it moved on since): do not trust it */
	return r && r->dev_bound && r->prog_id == l->info.prog_id &&
	       (r->detached || r->ifindex == lc_link_ifindex(l)) ? r : NULL;
}

bool lc_linkdev_recs_begin(struct lc_linkdev_cache *c)
{
	if (c->recs_tried)
		return false;
	c->here_ino = lc_netns_self_ino();
	if (!c->here_ino)
		return false;
	c->recs_tried = true;
	return true;
}

int lc_linkdev_recs_add(struct lc_linkdev_cache *c, const struct lc_link_rec *r)
{
	struct lc_link_rec *v;

	if (c->recs.n && c->recs.v[c->recs.n - 1].link_id >= r->link_id)
		return -EINVAL;     /* out of order: lc_link_recs_find would miss it */
	v = lc_grow(c->recs.v, &c->recs.cap, c->recs.n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	c->recs.v = v;
	v[c->recs.n++] = *r;
	return 0;
}

/* Where the iterator's record puts the link. */
static int resolve_by_rec(struct lc_linkdev_cache *c, const struct lc_link_rec *r,
			  struct lc_linkdev *out, struct lc_err *err)
{
	const struct lc_xdp_devs *here;
	const struct lc_xdp_dev *dev;

	if (r->detached)
		return 0;
	if (r->netns_ino != c->here_ino) {
		out->where = LC_LINKDEV_ELSEWHERE;
		out->netns_ino = r->netns_ino;
		return c->all ? lc_linkdev_in_netns(c, out->ifindex, r->netns_ino, out, err) : 0;
	}
	here = lc_linkdev_here(c, err);
	if (!here)
		return err->code;
	dev = lc_xdp_devs_find(here, out->ifindex);
	if (dev) {      /* else the device went after the pass: detached by now */
		out->where = LC_LINKDEV_HERE;
		out->netns_ino = c->here_ino;
		if (c->all)
			out->ns = lc_netns_list_find(c->all, c->here_ino);
		snprintf(out->devname, sizeof(out->devname), "%s", dev->name);
	}
	return 0;
}

void lc_linkdev_read_early(struct lc_linkdev_cache *c, const struct lc_link *l)
{
	/* what lc_linkdev_resolve would read first, on the same conditions */
	if (!lc_link_type_dev_bound(l->info.type) || !lc_link_ifindex(l) || c->recs_tried)
		return;
	/* its namespace's names, mounts and pids are read meanwhile */
	lc_linkdev_one_scout(c, l);
	read_recs(c, l);
}

int lc_linkdev_resolve(struct lc_linkdev_cache *c, const struct lc_link *l, struct lc_linkdev *out,
		       struct lc_err *err)
{
	const struct lc_link_rec *rec;
	const struct lc_xdp_devs *here;
	const struct lc_xdp_dev *dev;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!lc_link_type_dev_bound(l->info.type))
		return 0;
	out->ifindex = lc_link_ifindex(l);
	out->where = LC_LINKDEV_DETACHED;
	if (!out->ifindex)
		return 0;
	rec = link_rec(c, l);
	if (rec)
		return resolve_by_rec(c, rec, out, err);
	here = lc_linkdev_here(c, err);
	if (!here)
		return err->code;
	dev = lc_xdp_devs_find(here, out->ifindex);
	rc = dev ? dev_runs_link(c, -1, dev, l, err) : 0;
	if (rc < 0)
		return rc;
	if (rc) {
		out->where = LC_LINKDEV_HERE;
		out->netns_ino = c->here_ino;
		snprintf(out->devname, sizeof(out->devname), "%s", dev->name);
		return 0;
	}
	out->where = LC_LINKDEV_ELSEWHERE;
	return find_elsewhere(c, l, out, err);
}

void lc_linkdev_cache_free(struct lc_linkdev_cache *c)
{
	lc_link_recs_free(&c->recs);
	lc_xdp_devs_free(&c->here);
	for (size_t i = 0; i < c->nothers; i++) {
		lc_xdp_devs_free(&c->others[i].devs);
		close(c->others[i].fd);
	}
	free(c->others);
	free(c->queries);
	lc_linkdev_all_free(c);
	if (c->names_tried)
		lc_netns_list_free(&c->names);
	if (c->names_fds_tried)
		lc_netns_list_free(&c->names_fds);
	if (c->one_ns_tried)
		lc_netns_list_free(&c->one_ns);
	lc_netns_scout_cancel(&c->one_scout);
	if (c->others_scanned && c->home_fd >= 0)
		close(c->home_fd);
	memset(c, 0, sizeof(*c));
}
