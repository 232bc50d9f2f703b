/* SPDX-License-Identifier: GPL-2.0-only */
/* tc_hooks.h: which devices of a namespace have a clsact or ingress qdisc (one RTM_GETQDISC dump). */
#ifndef LC_TC_HOOKS_H
#define LC_TC_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "tcx.h"

struct lc_tc_hook_dev {
	__u32 ifindex;
	bool dir[LC_TCX_DIRS];      /* a filter can hang there: clsact both, ingress qdisc ingress */
};

struct lc_tc_hooks {
	struct lc_tc_hook_dev *v;   /* in dump order */
	size_t n, cap;
};

/*
 * The devices of the namespace we are in that can carry cls_bpf filters on a clsact hook;
 * a device without such a qdisc has none, and needs no filter dump of its own.
 */
int lc_tc_hooks_dump(struct lc_tc_hooks *h, struct lc_err *err);
/* Whether ifindex's dir hook has a qdisc to hold filters. */
bool lc_tc_hooks_has(const struct lc_tc_hooks *h, __u32 ifindex, enum lc_tcx_dir dir);
void lc_tc_hooks_free(struct lc_tc_hooks *h);

#endif
