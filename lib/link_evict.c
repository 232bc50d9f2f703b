// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_evict.c: unpin a link everywhere and detach it, for the force of every detach verb
 * (xdp, cgroup, tcx).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "link_info.h"
#include "link_evict.h"
#include "self_iter.h"

/* Keep only the pins of one link (the scan covers every link), in an array of their own. */
static int pins_keep(struct lc_pins *pins, __u32 link_id)
{
	struct lc_pin *kept = calloc(pins->n ? pins->n : 1, sizeof(*kept));
	size_t n = 0;

	if (!kept) {
		lc_pins_free(pins);
		return -ENOMEM;
	}
	for (size_t i = 0; i < pins->n; i++) {
		if (pins->v[i].kind == LC_OBJ_LINK && pins->v[i].id == link_id)
			kept[n++] = pins->v[i];
		else
			free(pins->v[i].path);
	}
	free(pins->v);
	*pins = (struct lc_pins){ .v = kept, .n = n, .cap = pins->n ? pins->n : 1 };
	return 0;
}

/*
 * A pin made after the scan and before the detach (a racing `link pin`) would hold a
 * defunct link: look again once the link is detached.
 */
static void unpin_late(__u32 link_id, struct lc_pins *unpinned)
{
	struct lc_pins late;
	struct lc_err ignored;
	struct lc_pin *v;

	if (lc_pins_scan(1u << LC_OBJ_LINK, &late, &ignored) || pins_keep(&late, link_id))
		return;
	for (size_t i = 0; i < late.n; i++) {
		v = unlink(late.v[i].path) ? NULL
		    : lc_grow(unpinned->v, &unpinned->cap, unpinned->n, sizeof(*v));
		if (!v) {
			free(late.v[i].path);
			continue;
		}
		unpinned->v = v;
		unpinned->v[unpinned->n++] = late.v[i];
	}
	free(late.v);
}

/* Only our fds hold the link: no pin, no other file (a passing reference says "maybe"). */
static bool held_by_us_alone(int link_fd, __u32 link_id)
{
	struct lc_err ignored;
	unsigned int own_files;
	long long refs;

	return !lc_self_link_refs(link_id, link_fd, &refs, &own_files, &ignored) &&
	       refs <= own_files;
}

/* unheld NULL: the caller does not ask (no count read before the unpin). */
static int evict(int link_fd, __u32 link_id, struct lc_pins *unpinned, bool *unheld,
		 struct lc_err *err)
{
	int rc = lc_pins_scan(1u << LC_OBJ_LINK, unpinned, err);
	bool none_but_pins;
	size_t pinned;

	if (!rc && pins_keep(unpinned, link_id))
		rc = lc_err_set(err, -ENOMEM, "cannot list the pins of link %u", link_id);
	/*
	 * Asked before the unpin: a removed pin's reference goes only after an RCU grace
	 * period, so afterwards the count cannot tell it from a new holder's.
	 */
	none_but_pins = !rc && unheld && lc_link_held_by_pins_only(link_id, link_fd, unpinned);
	pinned = unpinned->n;
	for (size_t i = 0; !rc && i < unpinned->n; i++)
		if (unlink(unpinned->v[i].path) && errno != ENOENT)   /* gone already: fine */
			rc = lc_err_set(err, -errno, "cannot remove pin %s of link %u",
					unpinned->v[i].path, link_id);
	if (!rc)
		rc = lc_link_detach(link_fd, err);
	if (!rc && !held_by_us_alone(link_fd, link_id))
		unpin_late(link_id, unpinned);
	if (unheld)     /* a late pin: anyone may hold it too */
		*unheld = none_but_pins && !rc && unpinned->n == pinned;
	return rc;
}

int lc_link_evict(int link_fd, __u32 link_id, struct lc_pins *unpinned, struct lc_err *err)
{
	return evict(link_fd, link_id, unpinned, NULL, err);
}

int lc_link_evict_unheld(int link_fd, __u32 link_id, struct lc_pins *unpinned, bool *unheld,
			 struct lc_err *err)
{
	return evict(link_fd, link_id, unpinned, unheld, err);
}
