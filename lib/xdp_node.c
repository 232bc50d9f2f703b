// SPDX-License-Identifier: GPL-2.0-only
/* xdp_node.c: one netlink dump per network namespace, one link-iterator pass for the node. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xdp_hooks.h"
#include "xdp_node.h"

/* The devices of the namespace we are in, attributed by the node's pass when it has one. */
static int read_here(struct lc_xdp_node *node, struct lc_xdp_ns *x, struct lc_err *err)
{
	bool unsettled = false;
	int rc;

	if (!node->exact)
		return lc_xdp_state_read(&x->devs, 0, err);
	rc = lc_xdp_devs_dump(&x->devs, err);
	if (rc)
		return rc;
	lc_xdp_attribute_recs(&x->devs, &node->recs, x->ns->ino, &unsettled);
	if (!unsettled)
		return 0;
	/* a link being created owns a hook here: this namespace alone reads again */
	lc_xdp_devs_free(&x->devs);
	return lc_xdp_state_read(&x->devs, 0, err);
}

static int read_ns(struct lc_xdp_node *node, size_t i, struct lc_err *err)
{
	struct lc_xdp_ns *x = &node->v[i];
	struct lc_err back = { 0 };
	int rc;

	x->ns = &node->netns.v[i];
	rc = lc_netns_enter(&node->netns, x->ns, err);
	if (rc)
		return rc;
	rc = read_here(node, x, err);
	if (lc_netns_enter(&node->netns, NULL, &back)) {
		if (!rc)
			lc_xdp_devs_free(&x->devs);
		return lc_err_msg(err, back.code, "%s", back.msg);
	}
	if (!rc)
		node->n++;
	return rc;
}

int lc_xdp_node_read(struct lc_xdp_node *node, struct lc_err *err)
{
	struct lc_err why = { 0 };
	int rc;

	memset(node, 0, sizeof(*node));
	rc = lc_netns_list_read(&node->netns, err);
	if (rc)
		return rc;
	node->v = calloc(node->netns.n, sizeof(*node->v));
	if (!node->v) {
		lc_netns_list_free(&node->netns);
		return lc_err_set(err, -ENOMEM, "cannot read the XDP hooks of the node");
	}
	node->exact = !lc_link_iter_read(&node->recs, &why);
	if (!node->exact)
		lc_log("XDP hooks of every namespace: the link iterator cannot run (%s): the "
		       "(ifindex, program) rule is used in each", why.msg);
	for (size_t i = 0; !rc && i < node->netns.n; i++)
		rc = read_ns(node, i, err);
	if (rc)
		lc_xdp_node_free(node);
	return rc;
}

void lc_xdp_node_free(struct lc_xdp_node *node)
{
	for (size_t i = 0; i < node->n; i++)
		lc_xdp_devs_free(&node->v[i].devs);
	free(node->v);
	lc_link_recs_free(&node->recs);
	lc_netns_list_free(&node->netns);
	memset(node, 0, sizeof(*node));
}
