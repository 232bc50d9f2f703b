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

void lc_mon_seen_upto(struct lc_mon_watch *w, const struct lc_mon_snapshot *s)
{
	if (!s->unsettled && s->nlinks && s->links[s->nlinks - 1].id > w->max_link_id)
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

static int link_id_cmp(const void *key, const void *elem)
{
	__u32 id = *(const __u32 *)key, other = ((const struct lc_mon_link *)elem)->id;

	return id < other ? -1 : id > other;
}

/* An earlier probe reported it already (it stopped short of a pending link below it). */
static bool known(const struct lc_mon_snapshot *s, __u32 id)
{
	return s->nlinks && bsearch(&id, s->links, s->nlinks, sizeof(*s->links), link_id_cmp);
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
static int probe_one(__u32 id, struct lc_mon_snapshot *s, struct lc_mon_events *ev,
		     size_t *cap, struct lc_mon_pending *pending, struct lc_err *err)
{
	struct lc_link l;
	int fd, rc;

	if (known(s, id))
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
	close(fd);
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	if (dev_bound(l.info.type))
		return add_pending(pending, &(struct lc_mon_link){
			.id = l.info.id, .type = l.info.type, .prog_id = l.info.prog_id,
			.ifindex = lc_link_ifindex(&l), .attach_type = lc_link_attach_type(&l) }, err);
	if (lc_link_is_linkctl_iter(&l))
		return 0;               /* a linkctl scan, not the system's */
	rc = append(s, ev, &l, cap);
	return rc ? lc_err_set(err, rc, "cannot record links") : 0;
}

int lc_mon_probe_new(struct lc_mon_watch *w, struct lc_mon_snapshot *s,
		     struct lc_mon_events *ev, struct lc_mon_pending *pending, struct lc_err *err)
{
	size_t cap = s->nlinks;
	__u32 id = w->max_link_id;
	bool settled = true;    /* nothing pending below id: the next probe may start above it */
	int rc;

	pending->n = 0;
	while (!bpf_link_get_next_id(id, &id)) {
		rc = probe_one(id, s, ev, &cap, pending, err);
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
