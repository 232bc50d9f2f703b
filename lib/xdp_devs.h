/* SPDX-License-Identifier: GPL-2.0-only */
/* xdp_devs.h: the network devices of a netns with the XDP program in each mode, and IFLA_XDP set. */
#ifndef LC_XDP_DEVS_H
#define LC_XDP_DEVS_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "netlink.h"

enum lc_xdp_mode { LC_XDP_MODE_SKB, LC_XDP_MODE_DRV, LC_XDP_MODE_HW, LC_XDP_MODES };

/*
 * One network device and the XDP program in each mode (0 = none). Netlink cannot say
 * whether a bpf_link owns a hook: link_id and link_matches are filled by
 * lc_xdp_state_read() (lib/xdp_hooks.h), which applies the attribution rule.
 */
struct lc_xdp_dev {
	__u32 ifindex;
	char name[IF_NAMESIZE];
	__u32 prog_id[LC_XDP_MODES];
	__u32 link_id[LC_XDP_MODES];        /* owning bpf_link (lowest matching ID), 0: netlink */
	__u32 link_matches[LC_XDP_MODES];   /* XDP links matching the rule; >1 is ambiguous */
	bool exact;         /* link_id read from the kernel (device and netns), not inferred */
};

struct lc_xdp_devs {
	struct lc_xdp_dev *v;   /* in dump order (ifindex order) */
	size_t n, cap;
};

/* Every device of the current netns, from one RTM_GETLINK dump. */
int lc_xdp_devs_dump(struct lc_xdp_devs *devs, struct lc_err *err);
/* The same through nl, an open socket (of the namespace it was opened in). */
int lc_xdp_devs_dump_nl(struct lc_nl *nl, struct lc_xdp_devs *devs, struct lc_err *err);
const struct lc_xdp_dev *lc_xdp_devs_find(const struct lc_xdp_devs *devs, __u32 ifindex);
void lc_xdp_devs_free(struct lc_xdp_devs *devs);
/* How many distinct links hold the hooks of devs; *one (when not NULL): one of them. */
unsigned int lc_xdp_devs_links(const struct lc_xdp_devs *devs, __u32 *one);
/* Parse one RTM_NEWLINK message into dev (shared by the dump and by monitor). */
int lc_xdp_dev_parse(const struct nlmsghdr *nlh, struct lc_xdp_dev *dev);

/* "skb", "drv", "hw"; "unknown" for anything else (modes travel as int: -1 is "any"). */
const char *lc_xdp_mode_str(int mode);

/*
 * RTM_SETLINK with a nested IFLA_XDP: IFLA_XDP_FD (prog_fd, -1 detaches), IFLA_XDP_FLAGS
 * and, when flags hold XDP_FLAGS_REPLACE, IFLA_XDP_EXPECTED_FD. A refusal comes back as
 * -errno with "<what>: <the kernel's extended ack> (<errno text>)" in err.
 */
int lc_xdp_nl_set(__u32 ifindex, int prog_fd, int expected_fd, __u32 flags, const char *what,
		  struct lc_err *err);

#endif
