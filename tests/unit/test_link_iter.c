// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_link_iter.c: the pure logic over link-iterator records: finding a record by ID
 * (with an unsettled one, ID 0, in the way) and the exact XDP attribution (ifindex,
 * network namespace, program, mode).
 */
#include <linux/if_link.h>

#include "tap.h"
#include "../../lib/link_iter.h"
#include "../../lib/xdp_hooks.h"

static void test_find(void)
{
	struct lc_link_rec v[] = {
		{ .link_id = 3 }, { .link_id = 5 }, { .link_id = 0 }, { .link_id = 9 }, { .link_id = 12 },
	};
	struct lc_link_recs r = { .v = v, .n = 5, .unsettled = 1 };

	TAP_OK(lc_link_recs_find(&r, 3) == &v[0], "find: the first record");
	TAP_OK(lc_link_recs_find(&r, 12) == &v[4], "find: the last record");
	TAP_OK(lc_link_recs_find(&r, 9) == &v[3], "find: past an unsettled record");
	TAP_OK(!lc_link_recs_find(&r, 4), "find: a missing ID");
	TAP_OK(!lc_link_recs_find(&r, 0), "find: ID 0 is no link");
}

static void test_attribute(void)
{
	struct lc_xdp_dev dev = { .ifindex = 3, .name = "veth0" };
	struct lc_xdp_devs devs = { .v = &dev, .n = 1 };
	struct lc_link_rec v[] = {
		/* another namespace: same ifindex and program */
		{ .link_id = 10, .type = LC_LINK_TYPE_XDP, .prog_id = 7, .ifindex = 3, .netns_ino = 111 },
		/* ours, but created for skb mode: not the drv hook's */
		{ .link_id = 11, .type = LC_LINK_TYPE_XDP, .prog_id = 7, .ifindex = 3, .netns_ino = 222,
		  .xdp_flags = XDP_FLAGS_SKB_MODE },
		/* ours, detached: no device */
		{ .link_id = 12, .type = LC_LINK_TYPE_XDP, .prog_id = 7, .netns_ino = 0, .detached = true },
		/* ours, the kernel's choice of mode */
		{ .link_id = 13, .type = LC_LINK_TYPE_XDP, .prog_id = 7, .ifindex = 3, .netns_ino = 222 },
	};
	struct lc_link_recs r = { .v = v, .n = 4 };
	bool unsettled;

	dev.prog_id[LC_XDP_MODE_DRV] = 7;
	lc_xdp_attribute_recs(&devs, &r, 222, &unsettled);
	TAP_OK(dev.link_id[LC_XDP_MODE_DRV] == 13 && dev.link_matches[LC_XDP_MODE_DRV] == 1,
	       "attribution: this namespace's link, in a mode it can run in");
	TAP_OK(dev.exact && !unsettled, "attribution: exact, settled");
	lc_xdp_attribute_recs(&devs, &r, 333, &unsettled);
	TAP_OK(!dev.link_id[LC_XDP_MODE_DRV] && !dev.link_matches[LC_XDP_MODE_DRV],
	       "attribution: no link of a third namespace: netlink");
	v[3].link_id = 0;
	lc_xdp_attribute_recs(&devs, &r, 222, &unsettled);
	TAP_OK(unsettled, "attribution: a link being created owns the hook: read again");
}

/* The kernel says which hook holds the link: that settles it whatever program each shows. */
static void test_attribute_hook(void)
{
	struct lc_xdp_dev dev = { .ifindex = 3, .name = "veth0" };
	struct lc_xdp_devs devs = { .v = &dev, .n = 1 };
	struct lc_link_rec v[] = {
		/* read before a racing update of the link put program 8 on the hook */
		{ .link_id = 20, .type = LC_LINK_TYPE_XDP, .prog_id = 7, .ifindex = 3, .netns_ino = 222,
		  .xdp_hook = 1 + LC_XDP_MODE_DRV },
		/* same program, but the kernel holds it in the skb hook, which is empty here */
		{ .link_id = 21, .type = LC_LINK_TYPE_XDP, .prog_id = 8, .ifindex = 3, .netns_ino = 222,
		  .xdp_hook = 1 + LC_XDP_MODE_SKB },
	};
	struct lc_link_recs r = { .v = v, .n = 2 };
	bool unsettled;

	dev.prog_id[LC_XDP_MODE_DRV] = 8;
	lc_xdp_attribute_recs(&devs, &r, 222, &unsettled);
	TAP_OK(dev.link_id[LC_XDP_MODE_DRV] == 20 && dev.link_matches[LC_XDP_MODE_DRV] == 1,
	       "attribution: the link the kernel holds in the hook, though an update changed its program");
	TAP_OK(!dev.link_id[LC_XDP_MODE_SKB], "attribution: an empty hook gets no link");
}

int main(void)
{
	test_find();
	test_attribute();
	test_attribute_hook();
	return TAP_DONE();
}
