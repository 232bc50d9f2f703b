// SPDX-License-Identifier: GPL-2.0-only
/*
 * hook_events_probe.c: the monitor's cheap look for new links between full reads. The kernel
 * hands out link IDs upwards (cyclically), so links created since the last look are the
 * IDs above the highest one seen: one GET_NEXT_ID answers "nothing new" whatever the
 * number of links on the host. Links that went away or changed have no such sign; the
 * monitor's periodic full read finds those.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "grow.h"
#include "link_info.h"
#include "link_iter.h"
#include "hook_events.h"

void lc_mon_seen_upto(struct lc_mon_watch *w, const struct lc_mon_snapshot *s)
{
	if (s->nlinks && s->links[s->nlinks - 1].id > w->max_link_id)
		w->max_link_id = s->links[s->nlinks - 1].id;
}

/* Device links change hooks too: the caller reads everything instead. */
static bool dev_bound(__u32 type)
{
	return type == LC_LINK_TYPE_XDP || type == LC_LINK_TYPE_TCX || type == LC_LINK_TYPE_NETKIT;
}

static int append(struct lc_mon_snapshot *s, struct lc_mon_events *ev, const struct lc_link *l,
		  size_t *cap)
{
	struct lc_mon_link *v = lc_grow(s->links, cap, s->nlinks, sizeof(*v));
	struct lc_mon_event e = { .kind = LC_MON_LINK_NEW };

	if (!v)
		return -ENOMEM;
	s->links = v;
	e.link = (struct lc_mon_link){
		.id = l->info.id, .type = l->info.type, .prog_id = l->info.prog_id,
		.ifindex = lc_link_ifindex(l), .attach_type = lc_link_attach_type(l),
		.defunct = l->defunct,
	};
	s->links[s->nlinks++] = e.link;
	return lc_mon_events_push(ev, &e);
}

/* One new ID: 0 when taken (or not ours to report), 1 when a full read must follow. */
static int probe_one(__u32 id, struct lc_mon_snapshot *s, struct lc_mon_events *ev,
		     size_t *cap, struct lc_err *err)
{
	struct lc_link l;
	int fd = lc_link_fd_by_id(id, err), rc;

	if (fd == -ENOENT)
		return 0;               /* came and went: nothing to report */
	if (fd == -EAGAIN)
		return 1;               /* still being created: the full read waits for it */
	if (fd < 0)
		return fd;
	rc = lc_link_info(fd, &l, err);
	close(fd);
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	if (dev_bound(l.info.type))
		return 1;
	if (lc_link_is_linkctl_iter(&l))
		return 0;               /* a linkctl scan, not the system's */
	rc = append(s, ev, &l, cap);
	return rc ? lc_err_set(err, rc, "cannot record links") : 0;
}

int lc_mon_probe_new(struct lc_mon_watch *w, struct lc_mon_snapshot *s,
		     struct lc_mon_events *ev, bool *full, struct lc_err *err)
{
	size_t cap = s->nlinks;
	__u32 id = w->max_link_id;
	int rc;

	*full = false;
	while (!bpf_link_get_next_id(id, &id)) {
		rc = probe_one(id, s, ev, &cap, err);
		if (rc < 0)
			return rc;
		if (rc) {
			*full = true;
			return 0;
		}
		w->max_link_id = id;
	}
	if (errno != ENOENT)
		return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot iterate link IDs");
	return 0;
}
