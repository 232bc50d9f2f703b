// SPDX-License-Identifier: GPL-2.0-only
/*
 * audit_findings_unowned.c: the audit's sources for attachments that have no owner beside netlink XDP:
 * legacy cgroup prog-attach (the cgroup v2 hierarchy walked, one BPF_PROG_QUERY per attach
 * type and cgroup), tc cls_bpf filters on clsact (one qdisc dump per namespace, then one
 * filter dump per direction of each device with a clsact qdisc) and
 * tcx entries without a link (one BPF_PROG_QUERY per device and direction), in every
 * namespace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_findings.h"
#include "cgroup_fs.h"
#include "cgroup_bpf.h"
#include "tc_hooks.h"

struct cg_audit {
	struct lc_audit *a;
	const char *mount;              /* the cgroup2 mount's path: findings name full paths */
	struct lc_cgroup_links links;   /* every cgroup link, walked at most once */
	bool links_read;
	struct lc_err *err;
};

static int cg_finding(struct cg_audit *c, const char *path, const struct lc_cgroup_progs *p,
		      const struct lc_cgroup_prog *e)
{
	struct lc_audit_finding *f = lc_audit_add(c->a, LC_AUDIT_CGROUP_PROG_ATTACH, c->err);

	if (!f)
		return c->err->code;
	if (asprintf(&f->cgroup_path, "%s%s", c->mount, strcmp(path, "/") ? path : "") < 0) {
		f->cgroup_path = NULL;
		return lc_err_set(c->err, -ENOMEM, "cannot record an audit finding");
	}
	f->cgroup_id = p->cgroup_id;
	f->attach_type = e->attach_type;
	f->attach_flags = e->attach_flags;
	f->prog_id = e->prog_id;
	snprintf(f->why, sizeof(f->why), "attached with BPF_PROG_ATTACH: no process or pin owns "
		 "it, and anyone with CAP_NET_ADMIN can detach or replace it");
	return 0;
}

/*
 * One cgroup: its own programs (not the inherited ones, which are findings where they are
 * attached). The link walk, which costs the most, runs once, for the first program the
 * query left without a link ID (on kernels before 6.6: any program; after: prog-attach ones).
 */
static int cg_visit(int fd, const char *path, void *arg)
{
	struct cg_audit *c = arg;
	struct lc_cgroup_progs p;
	int rc = lc_cgroup_progs_query(fd, -1, false, &p, c->err);

	if (rc == -ENOENT || rc == -ENODEV)
		return 0;       /* removed meanwhile */
	if (rc)
		return rc;
	c->a->cgroups++;
	c->a->cgroup_progs += (long)p.n;
	if (lc_cgroup_progs_need_links(&p) && !c->links_read) {
		c->links_read = true;
		rc = lc_cgroup_links_read(&c->links, c->err);
	}
	if (!rc)
		lc_cgroup_progs_attribute(&p, &c->links);
	for (size_t i = 0; !rc && i < p.n; i++)
		if (!p.v[i].link_id)
			rc = cg_finding(c, path, &p, &p.v[i]);
	lc_cgroup_progs_free(&p);
	return rc;
}

/* The mount's path, from its fd: the one /proc/self/mountinfo named. */
static int mount_path(int root_fd, char *buf, size_t len)
{
	char proc[64];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", root_fd);
	n = readlink(proc, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

int lc_audit_find_cgroup_prog_attach(struct lc_audit *a, struct lc_err *err)
{
	char mount[PATH_MAX];
	struct cg_audit c = { .a = a, .mount = mount, .err = err };
	int root_fd = lc_cgroup2_root_open(err), rc;

	a->cgroups = a->cgroup_progs = 0;
	if (root_fd == -ENOENT) {
		memset(err, 0, sizeof(*err));
		return 0;       /* no cgroup v2 hierarchy: nothing can be attached to one */
	}
	if (root_fd < 0)
		return root_fd;
	rc = mount_path(root_fd, mount, sizeof(mount));
	if (rc)
		lc_err_set(err, rc, "cannot name the cgroup v2 mount");
	else
		rc = lc_cgroup_walk(root_fd, cg_visit, &c);
	if (rc && !err->code)
		lc_err_set(err, rc, "cannot walk the cgroup v2 hierarchy");
	lc_cgroup_links_free(&c.links);
	close(root_fd);
	return rc;
}

static int tc_finding(struct lc_audit *a, const struct lc_netns *ns, const struct lc_xdp_dev *dev,
		      enum lc_tcx_dir dir, const struct lc_tc_filter *filter, struct lc_err *err)
{
	struct lc_audit_finding *f = lc_audit_add(a, LC_AUDIT_TC_CLS_BPF, err);

	if (!f)
		return err->code;
	f->ns = ns;
	f->ifindex = dev->ifindex;
	snprintf(f->devname, sizeof(f->devname), "%s", dev->name);
	f->dir = dir;
	f->filter = *filter;
	f->prog_id = filter->prog_id;
	snprintf(f->why, sizeof(f->why), "a tc cls_bpf filter: tc holds the program, no process "
		 "or pin owns it, and anyone with CAP_NET_ADMIN can delete or replace it");
	return 0;
}

/* One clsact hook of one device. */
static int tc_hook(struct lc_audit *a, const struct lc_xdp_ns *xns, const struct lc_xdp_dev *dev,
		   enum lc_tcx_dir dir, struct lc_err *err)
{
	struct lc_tc_filters filters;
	int rc = lc_tc_filters_dump(dev->ifindex, dir, &filters, err);

	if (rc == -ENODEV || rc == -ENOENT) {
		memset(err, 0, sizeof(*err));
		return 0;       /* the device went meanwhile */
	}
	if (rc)
		return rc;
	a->tc_filters += (long)filters.n;
	for (size_t i = 0; !rc && i < filters.n; i++)
		rc = tc_finding(a, xns->ns, dev, dir, &filters.v[i], err);
	lc_tc_filters_free(&filters);
	return rc;
}

/*
 * Both clsact hooks of every device of the namespace we are in that has a clsact (or
 * ingress) qdisc: one qdisc dump says which, so a namespace of devices without one costs
 * that dump alone.
 */
static int tc_in_netns(struct lc_audit *a, const struct lc_xdp_ns *xns, struct lc_err *err)
{
	struct lc_tc_hooks hooks;
	int rc = lc_tc_hooks_dump(&hooks, err);

	for (size_t d = 0; !rc && d < xns->devs.n; d++)
		for (enum lc_tcx_dir dir = 0; !rc && dir < LC_TCX_DIRS; dir++)
			if (lc_tc_hooks_has(&hooks, xns->devs.v[d].ifindex, dir))
				rc = tc_hook(a, xns, &xns->devs.v[d], dir, err);
	lc_tc_hooks_free(&hooks);
	return rc;
}

/* fn in every namespace of the node in turn, then back home. */
static int each_netns(struct lc_audit *a, struct lc_err *err,
		      int (*fn)(struct lc_audit *a, const struct lc_xdp_ns *xns, struct lc_err *err))
{
	struct lc_err back_err = { 0 };   /* going home after a failure keeps the first error */
	int rc = 0;

	for (size_t i = 0; !rc && i < a->node.n; i++) {
		rc = lc_netns_enter(&a->node.netns, a->node.v[i].ns, err);
		if (!rc)
			rc = fn(a, &a->node.v[i], err);
	}
	if (lc_netns_enter(&a->node.netns, NULL, rc ? &back_err : err) && !rc)
		rc = err->code;
	return rc;
}

int lc_audit_find_tc_cls_bpf(struct lc_audit *a, struct lc_err *err)
{
	a->tc_filters = 0;
	return each_netns(a, err, tc_in_netns);
}

static int tcx_finding(struct lc_audit *a, const struct lc_netns *ns, const struct lc_xdp_dev *dev,
		       const struct lc_tcx_chain *c, size_t i, struct lc_err *err)
{
	struct lc_audit_finding *f = lc_audit_add(a, LC_AUDIT_TCX_PROG_ATTACH, err);

	if (!f)
		return err->code;
	f->ns = ns;
	f->ifindex = dev->ifindex;
	snprintf(f->devname, sizeof(f->devname), "%s", dev->name);
	f->dir = c->dir;
	f->prog_id = c->v[i].prog_id;
	f->position = i + 1;
	snprintf(f->why, sizeof(f->why), "attached to tcx with BPF_PROG_ATTACH: no link, no "
		 "process or pin owns it, and anyone with CAP_NET_ADMIN can detach or replace it");
	return 0;
}

/* Both tcx chains of one device; a device gone meanwhile has none. */
static int tcx_dev(struct lc_audit *a, const struct lc_xdp_ns *xns, const struct lc_xdp_dev *dev,
		   struct lc_err *err)
{
	for (enum lc_tcx_dir dir = 0; dir < LC_TCX_DIRS; dir++) {
		struct lc_tcx_chain c;
		int rc = lc_tcx_chain_read(dev->ifindex, dir, &c, err);

		if (rc == -ENODEV) {
			memset(err, 0, sizeof(*err));
			continue;
		}
		if (rc)
			return rc;
		a->tcx_progs += (long)c.n;
		for (size_t i = 0; !rc && i < c.n; i++)
			if (!c.v[i].link_id)
				rc = tcx_finding(a, xns->ns, dev, &c, i, err);
		lc_tcx_chain_free(&c);
		if (rc)
			return rc;
	}
	return 0;
}

static int tcx_in_netns(struct lc_audit *a, const struct lc_xdp_ns *xns, struct lc_err *err)
{
	int rc = 0;

	for (size_t d = 0; !rc && d < xns->devs.n; d++)
		rc = tcx_dev(a, xns, &xns->devs.v[d], err);
	return rc;
}

/* A kernel without tcx (before 6.6) has nothing of the kind: no finding, tcx_progs null. */
int lc_audit_find_tcx_prog_attach(struct lc_audit *a, struct lc_err *err)
{
	int rc;

	a->tcx_progs = 0;
	rc = each_netns(a, err, tcx_in_netns);
	if (rc == -EOPNOTSUPP) {
		memset(err, 0, sizeof(*err));
		a->tcx_progs = -1;
		a->tcx_unsupported = true;
		rc = 0;
	}
	return rc;
}
