/* SPDX-License-Identifier: GPL-2.0-only */
/* xdp_node.h: the XDP hooks of every network namespace of the node, each attributed. */
#ifndef LC_XDP_NODE_H
#define LC_XDP_NODE_H

#include "link_iter.h"
#include "xdp_devs.h"
#include "netns_all.h"

struct lc_xdp_ns {
	const struct lc_netns *ns;      /* into node->netns */
	struct lc_xdp_devs devs;
};

struct lc_xdp_node {
	struct lc_netns_list netns;
	struct lc_xdp_ns *v;            /* one per namespace, in netns order */
	size_t n;
	struct lc_link_recs recs;       /* the one link-iterator pass (none when it cannot run) */
	bool exact;                     /* hooks attributed by that pass */
};

/*
 * Every namespace (lib/netns_all.h) entered in turn for one RTM_GETLINK dump, then back
 * home. The link iterator runs once for the whole node and each hook goes to the link
 * whose device is in that namespace (ifindex and netns inode); where it cannot run, each
 * namespace gets lc_xdp_state_read()'s fallback rule. A failure leaves us at home.
 */
int lc_xdp_node_read(struct lc_xdp_node *node, struct lc_err *err);
void lc_xdp_node_free(struct lc_xdp_node *node);

#endif
