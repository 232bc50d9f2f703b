// SPDX-License-Identifier: GPL-2.0-only
/* tcx_query.c: a device's tcx chain by BPF_PROG_QUERY: programs in order, their links, the revision. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "tcx.h"
#include "uapi_compat.h"

const char *lc_tcx_dir_str(enum lc_tcx_dir dir)
{
	return dir == LC_TCX_EGRESS ? "egress" : "ingress";
}

__u32 lc_tcx_attach_type(enum lc_tcx_dir dir)
{
	return dir == LC_TCX_EGRESS ? LC_ATTACH_TCX_EGRESS : LC_ATTACH_TCX_INGRESS;
}

static int query(__u32 ifindex, enum lc_tcx_dir dir, __u32 *prog_ids, __u32 *link_ids,
		 __u32 cap, struct lc_bpf_prog_query_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->target_ifindex = ifindex;
	attr->attach_type = lc_tcx_attach_type(dir);
	attr->prog_ids = (__u64)(unsigned long)prog_ids;
	attr->link_ids = (__u64)(unsigned long)link_ids;
	attr->count = cap;
	return syscall(__NR_bpf, BPF_PROG_QUERY, attr, sizeof(*attr)) ? -errno : 0;
}

static int query_error(int rc, __u32 ifindex, enum lc_tcx_dir dir, struct lc_err *err)
{
	/* the probe: an unknown attach type, or a bpf_attr tail the kernel does not know */
	if (rc == -EINVAL || rc == -E2BIG)
		return lc_err_msg(err, -EOPNOTSUPP, "tcx is not supported by this kernel (needs 6.6)");
	if (rc == -ENODEV)
		return lc_err_msg(err, rc, "no device with ifindex %u", ifindex);
	return lc_err_set_cap(err, rc, "CAP_NET_ADMIN", "cannot query the tcx %s chain of ifindex %u",
			      lc_tcx_dir_str(dir), ifindex);
}

/* Room for cap IDs in both arrays (their old contents are dropped). */
static int grow(__u32 **prog_ids, __u32 **link_ids, __u32 cap)
{
	free(*prog_ids);
	free(*link_ids);
	*prog_ids = calloc(cap, sizeof(**prog_ids));
	*link_ids = calloc(cap, sizeof(**link_ids));
	return *prog_ids && *link_ids ? 0 : -ENOMEM;
}

static int copy_chain(struct lc_tcx_chain *c, const __u32 *prog_ids, const __u32 *link_ids,
		      __u32 count)
{
	if (!count)
		return 0;
	c->v = calloc(count, sizeof(*c->v));
	if (!c->v)
		return -ENOMEM;
	for (__u32 i = 0; i < count; i++)
		c->v[c->n++] = (struct lc_tcx_entry){ .prog_id = prog_ids[i], .link_id = link_ids[i] };
	return 0;
}

int lc_tcx_chain_read(__u32 ifindex, enum lc_tcx_dir dir, struct lc_tcx_chain *c,
		      struct lc_err *err)
{
	struct lc_bpf_prog_query_attr attr;
	__u32 *prog_ids = NULL, *link_ids = NULL, cap = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	c->ifindex = ifindex;
	c->dir = dir;
	/* a count first, then the IDs; again if the chain grew in between */
	for (;;) {
		rc = query(ifindex, dir, prog_ids, link_ids, cap, &attr);
		if (rc != -ENOSPC && (rc || attr.count <= cap))
			break;
		cap = attr.count + 8;
		rc = grow(&prog_ids, &link_ids, cap);
		if (rc)
			break;
	}
	if (!rc)
		rc = copy_chain(c, prog_ids, link_ids, attr.count);
	if (!rc)
		c->revision = attr.revision;
	else if (rc == -ENOMEM)
		lc_err_set(err, rc, "cannot read the tcx chain");
	else
		rc = query_error(rc, ifindex, dir, err);
	free(prog_ids);
	free(link_ids);
	return rc;
}

void lc_tcx_chain_free(struct lc_tcx_chain *c)
{
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

const struct lc_tcx_entry *lc_tcx_chain_find(const struct lc_tcx_chain *c, __u32 prog_id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].prog_id == prog_id)
			return &c->v[i];
	return NULL;
}
