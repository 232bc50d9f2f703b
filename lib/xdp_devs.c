// SPDX-License-Identifier: GPL-2.0-only
/* xdp_devs.c: the network devices of a netns with their XDP program per mode: the RTM_GETLINK dump, and IFLA_XDP set. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "grow.h"
#include "netlink.h"
#include "xdp_devs.h"

/* A dump torn by a concurrent change (NLM_F_DUMP_INTR) is tried again this many times. */
#define NL_DUMP_ATTEMPTS 3

static int xdp_attr_cb(const struct nlattr *attr, void *data)
{
	struct lc_xdp_dev *dev = data;
	int mode = -1;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_XDP_SKB_PROG_ID: mode = LC_XDP_MODE_SKB; break;
	case IFLA_XDP_DRV_PROG_ID: mode = LC_XDP_MODE_DRV; break;
	case IFLA_XDP_HW_PROG_ID: mode = LC_XDP_MODE_HW; break;
	default: return MNL_CB_OK;
	}
	if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		dev->prog_id[mode] = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	struct lc_xdp_dev *dev = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(dev->name, sizeof(dev->name), "%s", mnl_attr_get_str(attr));
		break;
	case IFLA_XDP:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(attr, xdp_attr_cb, dev);
		break;
	}
	return MNL_CB_OK;
}

int lc_xdp_dev_parse(const struct nlmsghdr *nlh, struct lc_xdp_dev *dev)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	memset(dev, 0, sizeof(*dev));
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifm)))
		return -EBADMSG;
	dev->ifindex = (__u32)ifm->ifi_index;
	if (mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, dev) < 0)
		return -EBADMSG;
	return 0;
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct lc_xdp_devs *devs = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	{
		struct lc_xdp_dev *v = lc_grow(devs->v, &devs->cap, devs->n, sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;
		devs->v = v;
	}
	if (lc_xdp_dev_parse(nlh, &devs->v[devs->n]))
		return MNL_CB_ERROR;
	devs->n++;
	return MNL_CB_OK;
}

int lc_xdp_devs_dump_nl(struct lc_nl *nl, struct lc_xdp_devs *devs, struct lc_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = lc_nl_dump_req(buf, RTM_GETLINK, sizeof(struct ifinfomsg));
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	int rc = 0;

	memset(devs, 0, sizeof(*devs));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	for (int attempt = 0; attempt < NL_DUMP_ATTEMPTS; attempt++) {
		devs->n = 0;
		rc = lc_nl_talk(nl, nlh, dump_cb, devs, "cannot dump network devices", err);
		if (rc != -EAGAIN)
			break;
	}
	if (rc)
		lc_xdp_devs_free(devs);
	return rc;
}

int lc_xdp_devs_dump(struct lc_xdp_devs *devs, struct lc_err *err)
{
	struct lc_nl nl;
	int rc;

	memset(devs, 0, sizeof(*devs));
	rc = lc_nl_open(&nl, err);
	if (rc)
		return rc;
	rc = lc_xdp_devs_dump_nl(&nl, devs, err);
	lc_nl_close(&nl);
	return rc;
}

const struct lc_xdp_dev *lc_xdp_devs_find(const struct lc_xdp_devs *devs, __u32 ifindex)
{
	for (size_t i = 0; i < devs->n; i++)
		if (devs->v[i].ifindex == ifindex)
			return &devs->v[i];
	return NULL;
}

unsigned int lc_xdp_devs_links(const struct lc_xdp_devs *devs, __u32 *one)
{
	unsigned int n = 0;
	__u32 first = 0;

	for (size_t i = 0; i < devs->n; i++)
		for (int m = 0; m < LC_XDP_MODES; m++) {
			__u32 id = devs->v[i].link_id[m];

			if (id && !first)
				first = id;
			/* a link holds one hook: another mode's ID is another link */
			n += id != 0;
		}
	if (one)
		*one = first;
	return n;
}

void lc_xdp_devs_free(struct lc_xdp_devs *devs)
{
	free(devs->v);
	memset(devs, 0, sizeof(*devs));
}

const char *lc_xdp_mode_str(int mode)
{
	static const char *const names[LC_XDP_MODES] = { "skb", "drv", "hw" };

	return mode >= 0 && mode < LC_XDP_MODES ? names[mode] : "unknown";
}

int lc_xdp_nl_set(__u32 ifindex, int prog_fd, int expected_fd, __u32 flags, const char *what,
		  struct lc_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *xdp;

	nlh->nlmsg_type = RTM_SETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;   /* the ack carries the verdict */
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = (int)ifindex;
	xdp = mnl_attr_nest_start(nlh, IFLA_XDP);
	mnl_attr_put_u32(nlh, IFLA_XDP_FD, (__u32)prog_fd);
	mnl_attr_put_u32(nlh, IFLA_XDP_FLAGS, flags);
	if (flags & XDP_FLAGS_REPLACE)
		mnl_attr_put_u32(nlh, IFLA_XDP_EXPECTED_FD, (__u32)expected_fd);
	mnl_attr_nest_end(nlh, xdp);
	return lc_nl_talk_once(nlh, NULL, NULL, what, err);
}
