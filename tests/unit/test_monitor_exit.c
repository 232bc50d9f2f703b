// SPDX-License-Identifier: GPL-2.0-only
/* test_monitor_exit.c: unit tests of the monitor's exit bookkeeping (lib/hook_events_exit.c). */
#include <stdlib.h>

#include "tap.h"
#include "../../lib/hook_events_exit.h"

static struct lc_mon_link mk(__u32 id)
{
	return (struct lc_mon_link){ .id = id, .type = 2, .prog_id = 9 };
}

static bool has(const struct lc_mon_checks *c, __u32 id, pid_t tgid)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].link_id == id)
			return c->v[i].tgid == tgid;
	return false;
}

/* Links 10, 11 (held by 100 through two fds), 12 (held by 100 and 200), 13 (by 300), 20 (newer). */
static void test_candidates(void)
{
	struct lc_mon_link links[] = { mk(10), mk(11), mk(12), mk(13), mk(20) };
	struct lc_mon_snapshot s = { .links = links, .nlinks = 5 };
	struct lc_owners o = { 0 };
	struct lc_mon_holders h = { 0 };
	struct lc_mon_checks c = { 0 };
	pid_t p100 = 100, p300 = 300, p999 = 999;

	lc_owners_add(&o, 11, 100, 3, "a");
	lc_owners_add(&o, 11, 100, 4, "a");
	lc_owners_add(&o, 12, 100, 5, "a");
	lc_owners_add(&o, 12, 200, 3, "b");
	lc_owners_add(&o, 13, 300, 3, "c");
	TAP_OK(!lc_mon_holders_set(&h, &o, 13) && h.n == 4 && h.nlinks == 3,
	       "one entry per (process, link), holders counted per link");
	TAP_OK(h.by_link[1].link_id == 12 && h.by_link[1].holders == 2, "link 12 has two holders");
	TAP_OK(lc_mon_holders_stale(&h, &s), "link 20 is newer than the scan: stale");

	TAP_OK(!lc_mon_exit_candidates(&h, &p100, 1, &s, &c) && c.n == 3 &&
	       has(&c, 11, 100) && has(&c, 12, 100) && has(&c, 20, 0),
	       "exit of 100: its links 11 and 12 once each, and the newer 20");
	TAP_OK(h.by_link[1].holders == 1 && h.by_link[0].holders == 0, "one holder fewer each");
	TAP_OK(!lc_mon_exit_candidates(&h, &p100, 1, &s, &c) && c.n == 1 && has(&c, 20, 0),
	       "100 again (pid reuse): its entries are gone");
	TAP_OK(!lc_mon_exit_candidates(&h, &p999, 1, &s, &c) && c.n == 1 && has(&c, 20, 0),
	       "a process that held nothing: only the unknown ones");
	s.nlinks = 4;   /* link 20 reported gone: out of the state */
	TAP_OK(!lc_mon_exit_candidates(&h, &p300, 1, &s, &c) && c.n == 1 && has(&c, 13, 300),
	       "exit of 300: link 13 alone");
	TAP_OK(!lc_mon_holders_stale(&h, &s), "no link newer than the scan, none orphaned: fresh");
	lc_mon_checks_free(&c);
	lc_mon_holders_free(&h);
	lc_owners_free(&o);
}

static void test_drop(void)
{
	struct lc_mon_link links[] = { mk(3), mk(5), mk(7), mk(9) };
	struct lc_mon_snapshot s = { .links = links, .nlinks = 4 };
	struct lc_mon_ids gone = { 0 };

	lc_mon_ids_add(&gone, 9);
	lc_mon_ids_add(&gone, 4);
	lc_mon_ids_add(&gone, 5);
	lc_mon_ids_add(&gone, 5);
	lc_mon_ids_sort(&gone);
	TAP_OK(gone.n == 3 && gone.v[0] == 4 && gone.v[2] == 9, "ids sorted, each once");
	lc_mon_links_drop(&s, &gone);
	TAP_OK(s.nlinks == 2 && s.links[0].id == 3 && s.links[1].id == 7,
	       "gone links dropped, the others kept in order");
	lc_mon_ids_free(&gone);
}

int main(void)
{
	test_candidates();
	test_drop();
	return TAP_DONE();
}
