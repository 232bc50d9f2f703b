// SPDX-License-Identifier: GPL-2.0-only
/*
 * tc_filters.c: the cls_bpf filters on a device's clsact hooks, from one RTM_GETTFILTER dump
 * (libmnl). They run beside the tcx chain and have no owner: tc holds the program.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "grow.h"
#include "netlink.h"
#include "tcx.h"

static int bpf_opt_cb(const struct nlattr *attr, void *data)
{
	struct lc_tc_filter *f = data;
	const char *name;

	switch (mnl_attr_get_type(attr)) {
	case TCA_BPF_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			f->prog_id = mnl_attr_get_u32(attr);
		break;
	case TCA_BPF_FLAGS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			f->direct_action = mnl_attr_get_u32(attr) & TCA_BPF_FLAG_ACT_DIRECT;
		break;
	case TCA_BPF_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0) {
			name = mnl_attr_get_str(attr);
			snprintf(f->name, sizeof(f->name), "%s", name);
		}
		break;
	}
	return MNL_CB_OK;
}

struct filter_msg {
	struct lc_tc_filter *f;
	bool is_bpf;
};

static int filter_attr_cb(const struct nlattr *attr, void *data)
{
	struct filter_msg *m = data;

	switch (mnl_attr_get_type(attr)) {
	case TCA_KIND:
		m->is_bpf = mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0 &&
			    !strcmp(mnl_attr_get_str(attr), "bpf");
		break;
	case TCA_CHAIN:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			m->f->chain = mnl_attr_get_u32(attr);
		break;
	case TCA_OPTIONS:
		mnl_attr_parse_nested(attr, bpf_opt_cb, m->f);
		break;
	}
	return MNL_CB_OK;
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct lc_tc_filters *filters = data;
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct lc_tc_filter f = { 0 };
	struct filter_msg m = { .f = &f };
	struct lc_tc_filter *v;

	if (nlh->nlmsg_type != RTM_NEWTFILTER || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*tcm)))
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*tcm), filter_attr_cb, &m) < 0)
		return MNL_CB_ERROR;
	if (!m.is_bpf || !f.prog_id)
		return MNL_CB_OK;   /* another classifier, or a priority's header without a filter */
	f.pref = (__u16)(TC_H_MAJ(tcm->tcm_info) >> 16);
	f.protocol = ntohs((__u16)TC_H_MIN(tcm->tcm_info));
	f.handle = tcm->tcm_handle;
	v = lc_grow(filters->v, &filters->cap, filters->n, sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	filters->v = v;
	v[filters->n++] = f;
	return MNL_CB_OK;
}

int lc_tc_filters_dump(__u32 ifindex, enum lc_tcx_dir dir, struct lc_tc_filters *f,
		       struct lc_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = lc_nl_dump_req(buf, RTM_GETTFILTER, sizeof(struct tcmsg));
	struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	int rc;

	memset(f, 0, sizeof(*f));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = (int)ifindex;
	tcm->tcm_parent = TC_H_MAKE(TC_H_CLSACT, dir == LC_TCX_EGRESS ? TC_H_MIN_EGRESS
								      : TC_H_MIN_INGRESS);
	rc = lc_nl_talk_once(nlh, dump_cb, f, "cannot dump tc filters", err);
	if (rc)
		lc_tc_filters_free(f);
	return rc;
}

void lc_tc_filters_free(struct lc_tc_filters *f)
{
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}
