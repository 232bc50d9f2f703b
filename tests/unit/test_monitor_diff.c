// SPDX-License-Identifier: GPL-2.0-only
/* test_monitor_diff.c: unit tests of the snapshot diff behind `linkctl monitor`. */
#include <stdlib.h>

#include "tap.h"
#include "../../lib/hook_events.h"
#include "../../lib/uapi_compat.h"

static struct lc_mon_hook hook(__u32 ifindex, enum lc_xdp_mode mode, __u32 prog, __u32 link)
{
	return (struct lc_mon_hook){ .ifindex = ifindex, .mode = mode, .prog_id = prog,
				     .link_id = link, .devname = "veth0" };
}

static struct lc_mon_link mk_link(__u32 id, __u32 prog, bool defunct)
{
	return (struct lc_mon_link){ .id = id, .type = LC_LINK_TYPE_XDP, .prog_id = prog,
				     .ifindex = 2, .defunct = defunct };
}

static void test_hooks(void)
{
	struct lc_mon_hook before[] = { hook(3, LC_XDP_MODE_DRV, 20, 0), hook(2, LC_XDP_MODE_SKB, 10, 0) };
	struct lc_mon_hook after[] = { hook(2, LC_XDP_MODE_SKB, 11, 0), hook(4, LC_XDP_MODE_DRV, 30, 7) };
	struct lc_mon_snapshot old = { .hooks = before, .nhooks = 2 };
	struct lc_mon_snapshot new = { .hooks = after, .nhooks = 2 };
	struct lc_mon_events ev = { 0 };

	lc_mon_snapshot_sort(&old);
	lc_mon_snapshot_sort(&new);
	TAP_OK(!lc_mon_diff(&old, &new, &ev) && ev.n == 3, "three hook events");
	TAP_OK(ev.v[0].kind == LC_MON_XDP_REPLACE && ev.v[0].hook.prog_id == 11 &&
	       ev.v[0].old_prog_id == 10, "same hook, new prog: replace with old prog");
	TAP_OK(ev.v[1].kind == LC_MON_XDP_DETACH && ev.v[1].hook.ifindex == 3 &&
	       ev.v[1].old_prog_id == 20 && ev.v[1].hook.prog_id == 0, "hook gone: detach");
	TAP_OK(ev.v[2].kind == LC_MON_XDP_ATTACH && ev.v[2].hook.link_id == 7, "new hook: attach via link");
	lc_mon_events_free(&ev);

	TAP_OK(!lc_mon_diff(&new, &new, &ev) && ev.n == 0, "no change, no event");
	lc_mon_events_free(&ev);
}

static void test_owner_change(void)
{
	struct lc_mon_hook before[] = { hook(2, LC_XDP_MODE_DRV, 10, 0) };
	struct lc_mon_hook after[] = { hook(2, LC_XDP_MODE_DRV, 10, 5) };
	struct lc_mon_snapshot old = { .hooks = before, .nhooks = 1 };
	struct lc_mon_snapshot new = { .hooks = after, .nhooks = 1 };
	struct lc_mon_events ev = { 0 };

	TAP_OK(!lc_mon_diff(&old, &new, &ev) && ev.n == 1 && ev.v[0].kind == LC_MON_XDP_REPLACE &&
	       ev.v[0].old_link_id == 0 && ev.v[0].hook.link_id == 5,
	       "same prog, new owner: replace naming both owners");
	lc_mon_events_free(&ev);

	/* the reverse (link released, program not yet off the hook) is not an event */
	lc_mon_snapshot_inherit(&new, &old);
	TAP_OK(old.hooks[0].link_id == 5, "a releasing link keeps its hook");
	TAP_OK(!lc_mon_diff(&new, &old, &ev) && ev.n == 0, "so no replace is reported");
	lc_mon_events_free(&ev);
}

static void test_links(void)
{
	struct lc_mon_link before[] = { mk_link(1, 10, false), mk_link(2, 10, false), mk_link(3, 10, false) };
	struct lc_mon_link after[] = { mk_link(2, 10, true), mk_link(3, 11, false), mk_link(4, 12, false) };
	struct lc_mon_snapshot old = { .links = before, .nlinks = 3 };
	struct lc_mon_snapshot new = { .links = after, .nlinks = 3 };
	struct lc_mon_events ev = { 0 };

	TAP_OK(!lc_mon_diff(&old, &new, &ev) && ev.n == 4, "four link events");
	TAP_OK(ev.v[0].kind == LC_MON_LINK_GONE && ev.v[0].link.id == 1, "link 1 gone");
	TAP_OK(ev.v[1].kind == LC_MON_LINK_DETACHED && ev.v[1].link.id == 2, "link 2 detached");
	TAP_OK(ev.v[2].kind == LC_MON_LINK_UPDATE && ev.v[2].link.prog_id == 11 &&
	       ev.v[2].old_prog_id == 10, "link 3 updated");
	TAP_OK(ev.v[3].kind == LC_MON_LINK_NEW && ev.v[3].link.id == 4, "link 4 new");
	TAP_STREQ(lc_mon_event_str(ev.v[1].kind), "link-detached", "event name");
	lc_mon_events_free(&ev);
}

/* A new XDP link's hooks wait for the full read; every other change is reported at once. */
static void test_hold_back(void)
{
	struct lc_mon_hook before[] = { hook(2, LC_XDP_MODE_SKB, 10, 0),
					hook(3, LC_XDP_MODE_DRV, 20, 0) };
	struct lc_mon_hook *after = malloc(3 * sizeof(*after));
	struct lc_mon_link xdp = { .id = 9, .type = LC_LINK_TYPE_XDP, .prog_id = 30, .ifindex = 4 };
	struct lc_mon_link tcx = { .id = 8, .type = LC_LINK_TYPE_TCX, .prog_id = 11, .ifindex = 2 };
	struct lc_mon_link pend[] = { tcx, xdp };
	struct lc_mon_pending pending = { .v = pend, .n = 2 };
	struct lc_mon_snapshot old = { .hooks = before, .nhooks = 2 };
	struct lc_mon_snapshot new = { .hooks = after, .nhooks = 3 };
	struct lc_mon_events ev = { 0 };

	/* 2: netlink replace (a tcx link owns no XDP hook); 3: netlink detach; 4 drv: the
	 * XDP link's attach (held back); 4 skb: another program's (reported) */
	after[0] = hook(2, LC_XDP_MODE_SKB, 11, 0);
	after[1] = hook(4, LC_XDP_MODE_DRV, 30, 0);
	after[2] = hook(4, LC_XDP_MODE_SKB, 31, 0);
	TAP_OK(!lc_mon_hold_back(&new, &old, NULL, &pending) && new.nhooks == 2, "one hook held back");
	TAP_OK(!lc_mon_diff(&old, &new, &ev) && ev.n == 3, "three events");
	TAP_OK(ev.v[0].kind == LC_MON_XDP_REPLACE && ev.v[0].hook.prog_id == 11, "replace on 2");
	TAP_OK(ev.v[1].kind == LC_MON_XDP_DETACH && ev.v[1].hook.ifindex == 3, "detach on 3");
	TAP_OK(ev.v[2].kind == LC_MON_XDP_ATTACH && ev.v[2].hook.ifindex == 4 &&
	       ev.v[2].hook.prog_id == 31, "attach on 4 of another program");
	lc_mon_events_free(&ev);
	free(new.hooks);
}

/*
 * A link still being made (its ID taken, its info not readable yet) may be the XDP link of
 * a hook the dump shows already: the hook waits for the full read, unless that read has it.
 */
static void test_hold_back_unsettled(void)
{
	struct lc_mon_hook before[] = { hook(2, LC_XDP_MODE_SKB, 10, 0) };
	struct lc_mon_hook seen_hooks[] = { hook(2, LC_XDP_MODE_SKB, 10, 0),
					    hook(4, LC_XDP_MODE_DRV, 30, 9) };
	struct lc_mon_link making = { .id = 9, .attach_type = -1 };    /* type 0 */
	struct lc_mon_pending pending = { .v = &making, .n = 1 };
	struct lc_mon_snapshot old = { .hooks = before, .nhooks = 1 };
	struct lc_mon_snapshot seen = { .hooks = seen_hooks, .nhooks = 2 };
	struct lc_mon_snapshot new = { 0 };
	struct lc_mon_events ev = { 0 };

	new.hooks = malloc(2 * sizeof(*new.hooks));
	new.hooks[0] = hook(2, LC_XDP_MODE_SKB, 10, 0);
	new.hooks[1] = hook(4, LC_XDP_MODE_DRV, 30, 0);
	new.nhooks = 2;
	TAP_OK(!lc_mon_hold_back(&new, &old, NULL, &pending) && new.nhooks == 1 &&
	       new.hooks[0].ifindex == 2, "a new hook held back while a link is being made");
	TAP_OK(!lc_mon_diff(&old, &new, &ev) && ev.n == 0, "no event: no attach via netlink");
	free(new.hooks);

	new.hooks = malloc(2 * sizeof(*new.hooks));
	new.hooks[0] = hook(2, LC_XDP_MODE_SKB, 10, 0);
	new.hooks[1] = hook(4, LC_XDP_MODE_DRV, 30, 9);
	new.nhooks = 2;
	TAP_OK(!lc_mon_hold_back(&new, &old, &seen, &pending) && new.nhooks == 2,
	       "not held when the full read has it as it is");
	TAP_OK(!lc_mon_diff(&old, &new, &ev) && ev.n == 1 && ev.v[0].kind == LC_MON_XDP_ATTACH &&
	       ev.v[0].hook.link_id == 9, "its attach, via the link");
	lc_mon_events_free(&ev);
	free(new.hooks);

	new.hooks = malloc(sizeof(*new.hooks));
	new.hooks[0] = hook(2, LC_XDP_MODE_SKB, 11, 0);
	new.nhooks = 1;
	TAP_OK(!lc_mon_hold_back(&new, &old, &seen, &pending) && new.nhooks == 1 &&
	       new.hooks[0].prog_id == 10, "a program the full read did not see held back");
	free(new.hooks);

	/* the full read saw it, but owned by a link it could not read yet: held back */
	seen_hooks[1] = hook(4, LC_XDP_MODE_DRV, 30, 0);
	seen_hooks[1].owner_unsettled = true;
	new.hooks = malloc(2 * sizeof(*new.hooks));
	new.hooks[0] = hook(2, LC_XDP_MODE_SKB, 10, 0);
	new.hooks[1] = hook(4, LC_XDP_MODE_DRV, 30, 0);
	new.nhooks = 2;
	TAP_OK(!lc_mon_hold_back(&new, &old, &seen, &pending) && new.nhooks == 1,
	       "held back when the full read found its owner still being made");
	free(new.hooks);
}

int main(void)
{
	test_hooks();
	test_owner_change();
	test_links();
	test_hold_back();
	test_hold_back_unsettled();
	return TAP_DONE();
}
