// SPDX-License-Identifier: GPL-2.0-only
/*
 * tc_hooks.c: one RTM_GETQDISC dump of the namespace we are in, kept down to the clsact and
 * ingress qdiscs: a filter dump per device and direction is only worth making where one is.
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "grow.h"
#include "netlink.h"
#include "tc_hooks.h"

static int kind_cb(const struct nlattr *attr, void *data)
{
	const char **kind = data;

	if (mnl_attr_get_type(attr) == TCA_KIND && mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		*kind = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

static struct lc_tc_hook_dev *hook_dev(struct lc_tc_hooks *h, __u32 ifindex)
{
	struct lc_tc_hook_dev *v;

	for (size_t i = 0; i < h->n; i++)
		if (h->v[i].ifindex == ifindex)
			return &h->v[i];
	v = lc_grow(h->v, &h->cap, h->n, sizeof(*v));
	if (!v)
		return NULL;
	h->v = v;
	v = &h->v[h->n++];
	memset(v, 0, sizeof(*v));
	v->ifindex = ifindex;
	return v;
}

static int qdisc_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct lc_tc_hooks *h = data;
	struct lc_tc_hook_dev *dev;
	const char *kind = NULL;
	bool clsact;

	if (nlh->nlmsg_type != RTM_NEWQDISC || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*tcm)))
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*tcm), kind_cb, &kind) < 0)
		return MNL_CB_ERROR;
	if (!kind || (strcmp(kind, "clsact") && strcmp(kind, "ingress")))
		return MNL_CB_OK;
	clsact = !strcmp(kind, "clsact");
	dev = hook_dev(h, (__u32)tcm->tcm_ifindex);
	if (!dev)
		return MNL_CB_ERROR;
	dev->dir[LC_TCX_INGRESS] = true;
	dev->dir[LC_TCX_EGRESS] |= clsact;
	return MNL_CB_OK;
}

int lc_tc_hooks_dump(struct lc_tc_hooks *h, struct lc_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = lc_nl_dump_req(buf, RTM_GETQDISC, sizeof(struct tcmsg));
	struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	int rc;

	memset(h, 0, sizeof(*h));
	tcm->tcm_family = AF_UNSPEC;
	rc = lc_nl_talk_once(nlh, qdisc_cb, h, "cannot dump qdiscs", err);
	if (rc)
		lc_tc_hooks_free(h);
	return rc;
}

bool lc_tc_hooks_has(const struct lc_tc_hooks *h, __u32 ifindex, enum lc_tcx_dir dir)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->v[i].ifindex == ifindex)
			return h->v[i].dir[dir];
	return false;
}

void lc_tc_hooks_free(struct lc_tc_hooks *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}
