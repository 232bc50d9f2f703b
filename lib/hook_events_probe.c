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
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "grow.h"
#include "link_info.h"
#include "link_iter.h"
#include "hook_events.h"
#include "log.h"
#include "self_iter.h"

void lc_mon_seen_upto(struct lc_mon_watch *w, const struct lc_mon_snapshot *s)
{
	if (!s->unsettled && s->nlinks && s->links[s->nlinks - 1].id > w->max_link_id)
		w->max_link_id = s->links[s->nlinks - 1].id;
}

/* l, and for a device link dev (its device and namespace, as the full read has them). */
static int append(struct lc_mon_snapshot *s, struct lc_mon_events *ev, const struct lc_link *l,
		  const struct lc_link_rec *dev, size_t *cap)
{
	struct lc_mon_link *v = lc_grow(s->links, cap, s->nlinks, sizeof(*v));
	struct lc_mon_event e = { .kind = LC_MON_LINK_NEW };
	size_t at = s->nlinks;

	if (!v)
		return -ENOMEM;
	s->links = v;
	/* in ID order: a device link pending until now is below links taken meanwhile */
	while (at && s->links[at - 1].id > l->info.id)
		at--;
	memmove(&s->links[at + 1], &s->links[at], (s->nlinks - at) * sizeof(*s->links));
	e.link = (struct lc_mon_link){
		.id = l->info.id, .type = l->info.type, .prog_id = l->info.prog_id,
		.ifindex = dev ? dev->ifindex : lc_link_ifindex(l),
		.attach_type = lc_link_attach_type(l),
		.netns_ino = dev ? dev->netns_ino : 0,
		.defunct = dev ? dev->detached : l->defunct,
	};
	s->links[at] = e.link;
	s->nlinks++;
	return lc_mon_events_push(ev, &e);
}

/*
 * A new device link's device and network namespace, read through our fd of it
 * (bpf/self_links.bpf.c, the same cost whatever the host holds), so that the link and the
 * hook it holds need not wait for the next full read. 0 when read; where it cannot be
 * (LINKCTL_SELF_ITER=0, no iterators), the full read tells.
 */
static int dev_link_read(struct lc_mon_watch *w, int fd, const struct lc_link *l,
			 struct lc_link_rec *dev)
{
	struct lc_err why = { 0 };

	if (lc_self_link_dev(l->info.id, fd, l->info.prog_id, dev, &why)) {
		if (l->info.id > w->logged_link_id)
			lc_log("monitor: new device link %u: its device left to the full read (%s)",
			       l->info.id, why.msg);
		w->logged_link_id = l->info.id;
		return -1;
	}
	return 0;
}

static bool watched(const struct lc_mon_watch *w, unsigned long long netns_ino)
{
	for (size_t i = 0; i < w->nns; i++)
		if (w->ns[i].ino == netns_ino)
			return true;
	return false;
}

/*
 * Whether new device link dev can be taken now: it holds no hook of a watched namespace,
 * or the one it holds (the kernel says which) is in s, running its program, and is then
 * attributed to it as the full read would. Otherwise (the hooks were read before it was
 * attached, an update in flight) it stays pending: the hooks it may own wait for the full read.
 */
static bool dev_link_takes(struct lc_mon_watch *w, struct lc_mon_snapshot *s,
			   const struct lc_link_rec *dev, __u32 link_id)
{
	if (dev->type != LC_LINK_TYPE_XDP || dev->detached || !watched(w, dev->netns_ino))
		return true;
	for (size_t i = 0; dev->xdp_hook && i < s->nhooks; i++) {
		struct lc_mon_hook *h = &s->hooks[i];

		if (h->netns_ino != dev->netns_ino || h->ifindex != dev->ifindex ||
		    (__u32)h->mode + 1 != dev->xdp_hook)
			continue;
		if (h->prog_id != dev->prog_id)
			return false;
		h->link_id = link_id;
		h->owner_unsettled = false;
		return true;
	}
	return false;
}

static int add_pending(struct lc_mon_pending *p, const struct lc_mon_link *l, struct lc_err *err)
{
	struct lc_mon_link *v = lc_grow(p->v, &p->cap, p->n, sizeof(*v));

	if (!v)
		return lc_err_set(err, -ENOMEM, "cannot record links");
	p->v = v;
	p->v[p->n++] = *l;
	return 1;
}

/*
 * A link's fd, after a few yields, then short sleeps, while it is still being made: a link
 * is settled when the syscall that makes it returns (a raw_tracepoint's registration may
 * take longer), unless its maker was preempted just before. One still unsettled after that
 * holds back every changed hook until a full read (lc_mon_hold_back), so the wait is worth
 * it; it costs nothing unless a link is caught being made.
 */
#define UNSETTLED_YIELDS 3
#define UNSETTLED_SLEEPS 10
#define UNSETTLED_SLEEP_NS 500000

static int fd_settled(__u32 id, struct lc_err *err)
{
	struct timespec nap = { 0, UNSETTLED_SLEEP_NS };
	int fd = lc_link_fd_by_id(id, err);

	for (int i = 0; fd == -EAGAIN && i < UNSETTLED_YIELDS + UNSETTLED_SLEEPS; i++) {
		if (i < UNSETTLED_YIELDS)
			sched_yield();
		else
			nanosleep(&nap, NULL);
		fd = lc_link_fd_by_id(id, err);
	}
	return fd;
}

/* One new ID: 0 when taken (or not ours to report), 1 when it is pending, -errno. */
static int probe_one(struct lc_mon_watch *w, __u32 id, struct lc_mon_snapshot *s,
		     struct lc_mon_events *ev, size_t *cap, struct lc_mon_pending *pending,
		     struct lc_err *err)
{
	struct lc_link_rec dev;
	struct lc_link l;
	bool dev_read;
	int fd, rc;

	/* an earlier probe reported it already (it stopped short of a pending link below it) */
	if (lc_mon_snapshot_has_link(s, id))
		return 0;
	fd = fd_settled(id, err);
	if (fd == -ENOENT)
		return 0;               /* came and went: nothing to report */
	/* still being made (a raw_tracepoint registering): left to the full read */
	if (fd == -EAGAIN)
		return add_pending(pending, &(struct lc_mon_link){ .id = id, .attach_type = -1 }, err);
	if (fd < 0)
		return fd;
	rc = lc_link_info(fd, &l, err);
	dev_read = !rc && lc_link_type_dev_bound(l.info.type) && !dev_link_read(w, fd, &l, &dev);
	close(fd);
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	if (dev_read && !dev_link_takes(w, s, &dev, id)) {
		if (id > w->retry_link_id) {        /* its hook likely shows in the next read */
			w->retry_link_id = id;
			pending->retry++;
		} else if (id > w->logged_link_id) {
			lc_log("monitor: new device link %u: the hook it holds waits for the full read",
			       id);
			w->logged_link_id = id;
		}
		dev_read = false;
	} else if (dev_read) {
		lc_log("monitor: new device link %u: its device read through our own fd of it", id);
	}
	if (lc_link_type_dev_bound(l.info.type) && !dev_read)
		return add_pending(pending, &(struct lc_mon_link){
			.id = l.info.id, .type = l.info.type, .prog_id = l.info.prog_id,
			.ifindex = lc_link_ifindex(&l), .attach_type = lc_link_attach_type(&l) }, err);
	if (lc_link_is_linkctl_iter(&l))
		return 0;               /* a linkctl scan, not the system's */
	rc = append(s, ev, &l, dev_read ? &dev : NULL, cap);
	return rc ? lc_err_set(err, rc, "cannot record links") : 0;
}

int lc_mon_probe_new(struct lc_mon_watch *w, struct lc_mon_snapshot *s,
		     struct lc_mon_events *ev, struct lc_mon_pending *pending, struct lc_err *err)
{
	size_t cap = s->nlinks;
	__u32 id = w->max_link_id;
	bool settled = true;    /* nothing pending below id: the next probe may start above it */
	int rc;

	pending->n = pending->retry = 0;
	while (!bpf_link_get_next_id(id, &id)) {
		rc = probe_one(w, id, s, ev, &cap, pending, err);
		if (rc < 0)
			return rc;
		settled &= rc == 0;
		if (settled)
			w->max_link_id = id;
	}
	if (errno != ENOENT)
		return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot iterate link IDs");
	return 0;
}

void lc_mon_pending_free(struct lc_mon_pending *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}
