// SPDX-License-Identifier: GPL-2.0-only
/* hook_events.c: XDP/link snapshots and the diff that turns two of them into events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sched.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "grow.h"
#include "link_info.h"
#include "link_iter.h"
#include "log.h"
#include "hook_events.h"
#include "xdp_hooks.h"


struct links_acc {
	struct lc_mon_link *v;
	size_t n, cap;
	bool unsettled;         /* a link being made was passed over */
};

static int collect_link(int fd, const struct lc_link *l, void *arg)
{
	struct links_acc *acc = arg;
	struct lc_mon_link *v = lc_grow(acc->v, &acc->cap, acc->n, sizeof(*v));

	(void)fd;
	if (!v)
		return -ENOMEM;
	if (lc_link_is_linkctl_iter(l))     /* a linkctl scan, not the system's */
		return 0;
	acc->v = v;
	acc->v[acc->n++] = (struct lc_mon_link){
		.id = l->info.id, .type = l->info.type, .prog_id = l->info.prog_id,
		.ifindex = lc_link_ifindex(l), .attach_type = lc_link_attach_type(l),
		.defunct = l->defunct,
	};
	return 0;
}

static int collect_hooks(const struct lc_xdp_devs *devs, __u32 netns_ino,
			 struct lc_mon_snapshot *s, size_t *cap)
{
	for (size_t i = 0; i < devs->n; i++) {
		for (int m = 0; m < LC_XDP_MODES; m++) {
			const struct lc_xdp_dev *d = &devs->v[i];
			struct lc_mon_hook *h;

			if (!d->prog_id[m])
				continue;
			struct lc_mon_hook *grown = lc_grow(s->hooks, cap, s->nhooks, sizeof(*grown));

			if (!grown)
				return -ENOMEM;
			s->hooks = grown;
			h = &s->hooks[s->nhooks++];
			memset(h, 0, sizeof(*h));
			h->netns_ino = netns_ino;
			h->ifindex = d->ifindex;
			h->mode = (enum lc_xdp_mode)m;
			memcpy(h->devname, d->name, sizeof(h->devname));
			h->prog_id = d->prog_id[m];
			h->link_id = d->link_id[m];
			h->owner_unsettled = d->link_matches[m] && !d->link_id[m];
		}
	}
	return 0;
}

static void restart_links(void *arg)
{
	((struct links_acc *)arg)->n = 0;
}

/* Types whose attach type or detached state only the link's info says. */
static bool info_needed(__u32 type)
{
	switch (type) {
	case LC_LINK_TYPE_TRACING: case LC_LINK_TYPE_CGROUP: case LC_LINK_TYPE_NETNS:
	case LC_LINK_TYPE_TCX: case LC_LINK_TYPE_NETKIT: case LC_LINK_TYPE_SOCKMAP:
	case LC_LINK_TYPE_STRUCT_OPS:
		return true;
	default:
		return false;
	}
}

/* One link from its record: 0, 1 when it went away meanwhile, -errno. */
static int rec_link(const struct lc_link_rec *r, struct lc_mon_link *out, struct lc_err *err)
{
	struct lc_link l;
	int fd, rc;

	*out = (struct lc_mon_link){
		.id = r->link_id, .type = r->type, .prog_id = r->prog_id, .ifindex = r->ifindex,
		.netns_ino = r->netns_ino, .defunct = r->detached,
		.attach_type = r->type == LC_LINK_TYPE_XDP ? LC_ATTACH_XDP
			     : r->type == LC_LINK_TYPE_ITER ? LC_ATTACH_TRACE_ITER : -1,
	};
	if (!info_needed(r->type))
		return 0;
	fd = lc_link_fd_by_id(r->link_id, err);
	if (fd == -ENOENT || fd == -EAGAIN)
		return 1;
	if (fd < 0)
		return fd;
	rc = lc_link_info(fd, &l, err);
	close(fd);
	if (rc)
		return rc;
	out->attach_type = lc_link_attach_type(&l);
	out->defunct = l.defunct;
	if (!r->dev_bound)
		out->ifindex = lc_link_ifindex(&l);
	return 0;
}

static int links_from_recs(const struct lc_link_recs *recs, struct links_acc *acc,
			   struct lc_err *err)
{
	for (size_t i = 0; i < recs->n; i++) {
		struct lc_mon_link *v;
		int rc;

		if (!recs->v[i].link_id) {
			acc->unsettled = true;  /* being created: link-new once it is settled */
			continue;
		}
		v = lc_grow(acc->v, &acc->cap, acc->n, sizeof(*v));
		if (!v)
			return lc_err_set(err, -ENOMEM, "cannot record links");
		acc->v = v;
		rc = rec_link(&recs->v[i], &acc->v[acc->n], err);
		if (rc < 0)
			return rc;
		acc->n += rc == 0;
	}
	return 0;
}

/* The iterator's program, loaded once per watch; NULL when it cannot be (why says why). */
static struct lc_link_iter_prog *iter_prog(struct lc_mon_watch *w, struct lc_err *why)
{
	if (!w->link_iter_tried) {
		w->link_iter_tried = true;
		lc_link_iter_prog_open(&w->link_iter, false, why);
	}
	return w->link_iter;
}

/* The link's ID is settled within the syscall that created it: a few passes, no sleep. */
#define UNSETTLED_PASSES 50

/* Passes of the iterator until no hook of any namespace of ns is owned by a link being made. */
static int iter_passes(const struct lc_mon_ns *ns, size_t nns, struct lc_link_iter_prog *prog,
		       struct lc_xdp_devs *devs, struct lc_link_recs *recs, struct lc_err *err)
{
	bool unsettled = true;
	int rc = 0;

	for (int pass = 0; unsettled && pass < UNSETTLED_PASSES; pass++) {
		if (pass) {
			lc_link_recs_free(recs);
			sched_yield();
		}
		rc = lc_link_iter_prog_read(prog, recs, err);
		if (rc)
			return rc;
		unsettled = false;
		for (size_t i = 0; i < nns; i++) {
			bool u;

			lc_xdp_attribute_recs(&devs[i], recs, ns[i].ino, &u);
			unsettled |= u;
		}
	}
	return 0;
}

/* The iterator's read; 1 when it cannot run (why says why: the walk's read follows). */
static int read_by_iter(const struct lc_mon_ns *ns, size_t nns, struct lc_link_iter_prog *prog,
			struct lc_xdp_devs *devs, struct links_acc *links, struct lc_err *why,
			struct lc_err *err)
{
	struct lc_link_recs recs = { 0 };
	int rc = prog ? iter_passes(ns, nns, prog, devs, &recs, why) : -EOPNOTSUPP;

	if (rc && rc != -ENOMEM) {
		lc_link_recs_free(&recs);
		return 1;
	}
	if (rc) {
		lc_link_recs_free(&recs);
		return lc_err_set(err, rc, "cannot record links");
	}
	rc = links_from_recs(&recs, links, err);
	lc_link_recs_free(&recs);
	return rc;
}

/* Namespace i of the watch entered (-A), or 0 when it is ours; nothing when that fails. */
static int enter(const struct lc_mon_watch *w, size_t i, struct lc_err *err)
{
	const struct lc_netns *ns = w->all_netns ? lc_netns_list_find(&w->netns, w->ns[i].ino) : NULL;

	if (!ns || ns->self)
		return 0;
	return lc_netns_enter(&w->netns, ns, err);
}

static int leave(const struct lc_mon_watch *w, size_t i, int rc, struct lc_err *err)
{
	const struct lc_netns *ns = w->all_netns ? lc_netns_list_find(&w->netns, w->ns[i].ino) : NULL;
	struct lc_err home_err = { 0 };

	if (!ns || ns->self || !lc_netns_enter(&w->netns, NULL, &home_err))
		return rc;
	*err = home_err;
	return home_err.code;
}

/*
 * Without the iterator, after the first read: one walk per namespace (the monitor keeps a
 * releasing link as a hook's owner itself, lc_mon_snapshot_inherit); on a system with
 * 10,000 links, the careful reading of the first read (five walks) on every tick took a
 * third of a CPU.
 */
static int read_by_walk(size_t nns, struct lc_xdp_devs *devs, struct links_acc *links,
			struct lc_err *err)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < nns; i++)
		rc = lc_xdp_attribute_walk(&devs[i], i ? NULL : collect_link, i ? NULL : restart_links,
					   links, err);
	return rc;
}

/*
 * The first read without the iterator attributes hooks the careful way (lc_xdp_state_read,
 * with second looks at hooks no link accounts for, in each namespace), then walks the links.
 */
static int read_first_by_walk(struct lc_mon_watch *w, struct lc_xdp_devs *devs,
			      struct links_acc *links, struct lc_err *err)
{
	struct lc_link_walk_stats stats;
	int rc = 0;

	for (size_t i = 0; !rc && i < w->nns; i++) {
		lc_xdp_devs_free(&devs[i]);
		rc = enter(w, i, err);
		if (!rc)
			rc = leave(w, i, lc_xdp_state_read(&devs[i], 0, err), err);
	}
	return rc ? rc : lc_link_walk(collect_link, links, &stats, err);
}

/* The first read says (-d) which way links are read from then on. */
static int read_first(struct lc_mon_watch *w, struct lc_xdp_devs *devs, struct links_acc *links,
		      struct lc_err *err)
{
	struct lc_err why = { 0 };
	struct lc_link_iter_prog *prog = iter_prog(w, &why);
	int rc = read_by_iter(w->ns, w->nns, prog, devs, links, &why, err);

	if (rc <= 0) {
		lc_log("monitor: links and hook owners read by the link iterator");
		return rc;
	}
	lc_log("monitor: the link iterator cannot run (%s): links are walked by ID, "
	       "hooks attributed by the (ifindex, program) rule", why.msg);
	links->n = 0;
	return read_first_by_walk(w, devs, links, err);
}

/* Every later read: the iterator's pass where prog runs, else the walk. */
static int read_links(const struct lc_mon_ns *ns, size_t nns, struct lc_link_iter_prog *prog,
		      struct lc_xdp_devs *devs, struct links_acc *links, struct lc_err *err)
{
	struct lc_err why = { 0 };
	int rc = read_by_iter(ns, nns, prog, devs, links, &why, err);

	if (rc > 0) {
		links->n = 0;
		rc = read_by_walk(nns, devs, links, err);
	}
	return rc;
}

void lc_mon_devs_free(struct lc_xdp_devs *devs, size_t n)
{
	for (size_t i = 0; devs && i < n; i++)
		lc_xdp_devs_free(&devs[i]);
	free(devs);
}

int lc_mon_dump(const struct lc_mon_watch *w, struct lc_xdp_devs **out, struct lc_err *err)
{
	struct lc_xdp_devs *devs = calloc(w->nns ? w->nns : 1, sizeof(*devs));
	int rc = devs ? 0 : lc_err_set(err, -ENOMEM, "cannot record XDP hooks");

	for (size_t i = 0; !rc && i < w->nns; i++)
		rc = lc_xdp_devs_dump_nl(&w->ns[i].dump, &devs[i], err);
	if (rc) {
		lc_mon_devs_free(devs, w->nns);
		devs = NULL;
	}
	*out = devs;
	return rc;
}

static int hooks_of(const struct lc_mon_ns *ns, size_t nns, const struct lc_xdp_devs *devs,
		    struct lc_mon_snapshot *s)
{
	size_t cap = 0;
	int rc = 0;

	for (size_t i = 0; !rc && i < nns; i++)
		rc = collect_hooks(&devs[i], (__u32)ns[i].ino, s, &cap);
	return rc;
}

/* The snapshot from a read's outcome rc, its devices (freed) and links (taken over). */
static int snapshot_of(struct lc_mon_snapshot *s, const struct lc_mon_ns *ns, size_t nns,
		       struct lc_xdp_devs *devs, struct links_acc *links, int rc, struct lc_err *err)
{
	memset(s, 0, sizeof(*s));
	if (rc) {
		lc_mon_devs_free(devs, nns);
		free(links->v);
		return rc == -ENOMEM ? lc_err_set(err, rc, "cannot record links") : rc;
	}
	rc = hooks_of(ns, nns, devs, s);
	lc_mon_devs_free(devs, nns);
	s->links = links->v;
	s->nlinks = links->n;
	s->unsettled = links->unsettled;
	if (rc) {
		lc_mon_snapshot_free(s);
		return lc_err_set(err, rc, "cannot record XDP hooks");
	}
	lc_mon_snapshot_sort(s);
	return 0;
}

int lc_mon_snapshot_read(struct lc_mon_snapshot *s, struct lc_mon_watch *w, bool first,
			 struct lc_err *err)
{
	struct links_acc links = { 0 };
	struct lc_xdp_devs *devs;
	struct lc_err why = { 0 };
	int rc;

	memset(s, 0, sizeof(*s));
	/* hooks first: a link attached in between shows as link-new now */
	rc = lc_mon_dump(w, &devs, err);
	if (rc)
		return rc;
	if (first)
		rc = read_first(w, devs, &links, err);
	else
		rc = read_links(w->ns, w->nns, iter_prog(w, &why), devs, &links, err);
	return snapshot_of(s, w->ns, w->nns, devs, &links, rc, err);
}

int lc_mon_links_read(struct lc_mon_snapshot *s, const struct lc_mon_ns *ns, size_t nns,
		      struct lc_link_iter_prog *prog, struct lc_xdp_devs *devs, struct lc_err *err)
{
	struct links_acc links = { 0 };

	return snapshot_of(s, ns, nns, devs, &links, read_links(ns, nns, prog, devs, &links, err), err);
}

static int hook_cmp(const void *a, const void *b);
static int link_cmp(const void *a, const void *b);

/* A merge-join of two lists sorted by cmp (hooks or links): one step at a time. */
struct merge {
	const char *a, *b;
	size_t na, nb, size, i, j;
	int (*cmp)(const void *, const void *);
};

#define MERGE(va, n_a, vb, n_b, cmp_fn) \
	((struct merge){ .a = (const char *)(va), .na = (n_a), .b = (const char *)(vb), \
			 .nb = (n_b), .size = sizeof(*(va)), .cmp = (cmp_fn) })

/* The next item: in both lists (*a and *b), only in a (*b NULL) or only in b (*a NULL). */
static bool merge_next(struct merge *m, const void **a, const void **b)
{
	const void *x = m->i < m->na ? m->a + m->i * m->size : NULL;
	const void *y = m->j < m->nb ? m->b + m->j * m->size : NULL;
	int c;

	if (!x && !y)
		return false;
	c = !x ? 1 : !y ? -1 : m->cmp(x, y);
	*a = c <= 0 ? x : NULL;
	*b = c >= 0 ? y : NULL;
	m->i += c <= 0;
	m->j += c >= 0;
	return true;
}

/* The program link_id runs now, 0 when it is gone (or cannot be read). */
static __u32 link_prog_now(__u32 link_id)
{
	struct lc_err ignored;
	struct lc_link l;
	int fd = lc_link_fd_by_id(link_id, &ignored), rc;

	if (fd < 0)
		return 0;
	rc = lc_link_info(fd, &l, &ignored);
	close(fd);
	return rc ? 0 : l.info.prog_id;
}

/* A link-owned hook whose program changed: still the link's when the link was updated to it. */
static void keep_updated_owners(const struct lc_mon_snapshot *old, struct lc_mon_snapshot *new)
{
	struct merge mj = MERGE(old->hooks, old->nhooks, new->hooks, new->nhooks, hook_cmp);
	const void *a, *b;

	while (merge_next(&mj, &a, &b)) {
		const struct lc_mon_hook *o = a;
		struct lc_mon_hook *n = (struct lc_mon_hook *)b;

		if (o && n && o->link_id && !n->link_id && o->prog_id != n->prog_id &&
		    link_prog_now(o->link_id) == n->prog_id)
			n->link_id = o->link_id;
	}
}

/* prev's links into s (s's hooks are read already). */
static int links_of_prev(struct lc_mon_snapshot *s, const struct lc_mon_snapshot *prev)
{
	if (!prev->nlinks)
		return 0;
	s->links = malloc(prev->nlinks * sizeof(*s->links));
	if (!s->links)
		return -ENOMEM;
	memcpy(s->links, prev->links, prev->nlinks * sizeof(*s->links));
	s->nlinks = prev->nlinks;
	return 0;
}

/*
 * The links of a full read, and those of prev above seen_before that it does not have:
 * probes found them while it ran (it may have read their IDs before they were made).
 */
static int links_of_full(struct lc_mon_snapshot *s, const struct lc_mon_snapshot *prev,
			 const struct lc_mon_snapshot *full, __u32 seen_before)
{
	struct merge mj = MERGE(prev->links, prev->nlinks, full->links, full->nlinks, link_cmp);
	size_t cap = prev->nlinks + full->nlinks;
	const void *a, *b;

	s->links = malloc((cap ? cap : 1) * sizeof(*s->links));
	if (!s->links)
		return -ENOMEM;
	while (merge_next(&mj, &a, &b)) {
		const struct lc_mon_link *p = a, *f = b;

		if (f)
			s->links[s->nlinks++] = *f;
		else if (p->id > seen_before)
			s->links[s->nlinks++] = *p;
	}
	return 0;
}

/* The hooks read now; the links and the owners of hooks as full (when given) and prev say. */
static int hooks_now(struct lc_mon_snapshot *s, struct lc_mon_watch *w,
		     const struct lc_mon_snapshot *prev, const struct lc_mon_snapshot *full,
		     __u32 seen_before, struct lc_err *err)
{
	struct lc_xdp_devs *devs;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = lc_mon_dump(w, &devs, err);
	if (rc)
		return rc;
	rc = hooks_of(w->ns, w->nns, devs, s);
	lc_mon_devs_free(devs, w->nns);
	if (!rc)
		rc = full ? links_of_full(s, prev, full, seen_before) : links_of_prev(s, prev);
	if (rc) {
		lc_mon_snapshot_free(s);
		return lc_err_set(err, rc, "cannot record XDP hooks");
	}
	/* the links are in order already (prev's, or merged): sorting all of them on every
	 * XDP event would make its cost grow with them */
	if (s->nhooks)
		qsort(s->hooks, s->nhooks, sizeof(*s->hooks), hook_cmp);
	if (full) {
		s->unsettled = full->unsettled;
		lc_mon_snapshot_inherit(full, s);
	}
	lc_mon_snapshot_inherit(prev, s);
	keep_updated_owners(prev, s);
	return 0;
}

int lc_mon_hooks_read(struct lc_mon_snapshot *s, struct lc_mon_watch *w,
		      const struct lc_mon_snapshot *prev, struct lc_err *err)
{
	return hooks_now(s, w, prev, NULL, 0, err);
}

int lc_mon_full_apply(struct lc_mon_snapshot *s, struct lc_mon_watch *w,
		      const struct lc_mon_snapshot *prev, const struct lc_mon_snapshot *full,
		      __u32 seen_before, struct lc_err *err)
{
	return hooks_now(s, w, prev, full, seen_before, err);
}

void lc_mon_snapshot_free(struct lc_mon_snapshot *s)
{
	free(s->hooks);
	free(s->links);
	memset(s, 0, sizeof(*s));
}

static int hook_cmp(const void *a, const void *b)
{
	const struct lc_mon_hook *x = a, *y = b;

	if (x->netns_ino != y->netns_ino)
		return x->netns_ino < y->netns_ino ? -1 : 1;
	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return (int)x->mode - (int)y->mode;
}

static int link_cmp(const void *a, const void *b)
{
	const struct lc_mon_link *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

void lc_mon_snapshot_sort(struct lc_mon_snapshot *s)
{
	if (s->nhooks)
		qsort(s->hooks, s->nhooks, sizeof(*s->hooks), hook_cmp);
	if (s->nlinks)
		qsort(s->links, s->nlinks, sizeof(*s->links), link_cmp);
}

static int link_id_cmp(const void *key, const void *elem)
{
	__u32 id = *(const __u32 *)key, other = ((const struct lc_mon_link *)elem)->id;

	return id < other ? -1 : id > other;
}

bool lc_mon_snapshot_has_link(const struct lc_mon_snapshot *s, __u32 id)
{
	return s->nlinks && bsearch(&id, s->links, s->nlinks, sizeof(*s->links), link_id_cmp);
}

void lc_mon_snapshot_inherit(const struct lc_mon_snapshot *old, struct lc_mon_snapshot *new)
{
	struct merge mj = MERGE(old->hooks, old->nhooks, new->hooks, new->nhooks, hook_cmp);
	const void *a, *b;

	while (merge_next(&mj, &a, &b)) {
		const struct lc_mon_hook *o = a;
		struct lc_mon_hook *n = (struct lc_mon_hook *)b;

		if (o && n && o->link_id && !n->link_id && o->prog_id == n->prog_id)
			n->link_id = o->link_id;
	}
}

/*
 * Could pending link p own hook h? An XDP link on h's device running h's program. A link
 * still being made (type 0) tells nothing yet, and the kernel gives a link its ID before it
 * attaches it and makes it readable only after: a hook read in between may be that link's,
 * so it may own any hook, unless seen (a full read's result) has the hook as it is and its
 * owner settled (the full read attributed it). Links other programs keep making hold a hook
 * back until the next full read at most, then.
 */
static bool maybe_owns(const struct lc_mon_link *p, const struct lc_mon_hook *h,
		       const struct lc_mon_snapshot *seen)
{
	const struct lc_mon_hook *s;

	if (!p->type) {
		s = seen && seen->nhooks ? bsearch(h, seen->hooks, seen->nhooks, sizeof(*h), hook_cmp)
					 : NULL;
		return !s || s->prog_id != h->prog_id || s->owner_unsettled;
	}
	return p->type == LC_LINK_TYPE_XDP && p->ifindex == h->ifindex && p->prog_id == h->prog_id;
}

static bool held(const struct lc_mon_pending *pending, const struct lc_mon_hook *h,
		 const struct lc_mon_snapshot *seen)
{
	for (size_t i = 0; h && i < pending->n; i++)
		if (maybe_owns(&pending->v[i], h, seen))
			return true;
	return false;
}

int lc_mon_hold_back(struct lc_mon_snapshot *s, const struct lc_mon_snapshot *prev,
		     const struct lc_mon_snapshot *seen, const struct lc_mon_pending *pending)
{
	struct merge mj = MERGE(prev->hooks, prev->nhooks, s->hooks, s->nhooks, hook_cmp);
	struct lc_mon_hook *kept;
	size_t n = 0;
	const void *a, *b;

	if (!pending->n)
		return 0;
	kept = malloc((prev->nhooks + s->nhooks + 1) * sizeof(*kept));
	if (!kept)
		return -ENOMEM;
	while (merge_next(&mj, &a, &b)) {
		const struct lc_mon_hook *o = a, *now = b;
		const struct lc_mon_hook *take = held(pending, now, seen) ? o : now;

		if (take)
			kept[n++] = *take;
	}
	free(s->hooks);
	s->hooks = kept;
	s->nhooks = n;
	return 0;
}

int lc_mon_events_push(struct lc_mon_events *ev, const struct lc_mon_event *e)
{
	struct lc_mon_event *v = lc_grow(ev->v, &ev->cap, ev->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	ev->v = v;
	ev->v[ev->n++] = *e;
	return 0;
}

/* Hooks: a prog or owner change on one hook is a replace. */
static bool hook_event(const struct lc_mon_hook *o, const struct lc_mon_hook *n,
		       struct lc_mon_event *e)
{
	if (!n) {               /* gone: detach */
		e->kind = LC_MON_XDP_DETACH;
		e->hook = *o;
		e->hook.prog_id = 0;
		e->hook.link_id = 0;
		e->old_prog_id = o->prog_id;
		e->old_link_id = o->link_id;
	} else if (!o) {        /* new: attach */
		e->kind = LC_MON_XDP_ATTACH;
		e->hook = *n;
	} else if (o->prog_id == n->prog_id && o->link_id == n->link_id) {
		return false;
	} else {
		e->kind = LC_MON_XDP_REPLACE;
		e->hook = *n;
		e->old_prog_id = o->prog_id;
		e->old_link_id = o->link_id;
	}
	return true;
}

static bool link_event(const struct lc_mon_link *o, const struct lc_mon_link *n,
		       struct lc_mon_event *e)
{
	if (!n) {
		e->kind = LC_MON_LINK_GONE;
		e->link = *o;
		return true;
	}
	e->link = *n;
	if (!o) {
		e->kind = LC_MON_LINK_NEW;
	} else if (!o->defunct && n->defunct) {
		e->kind = LC_MON_LINK_DETACHED;
		e->link.ifindex = o->ifindex;   /* the device it left */
		e->link.netns_ino = o->netns_ino;
	} else if (o->prog_id != n->prog_id) {
		e->kind = LC_MON_LINK_UPDATE;
		e->old_prog_id = o->prog_id;
	} else {
		return false;
	}
	return true;
}

/* Hooks or links (by is_link): one event per item that differs, in sorted order. */
static int diff_list(struct merge *mj, bool is_link, struct lc_mon_events *ev)
{
	const void *a, *b;
	int rc = 0;

	while (!rc && merge_next(mj, &a, &b)) {
		struct lc_mon_event e = { 0 };

		if (is_link ? link_event(a, b, &e) : hook_event(a, b, &e))
			rc = lc_mon_events_push(ev, &e);
	}
	return rc;
}

int lc_mon_diff(const struct lc_mon_snapshot *old, const struct lc_mon_snapshot *new,
		struct lc_mon_events *ev)
{
	struct merge hooks = MERGE(old->hooks, old->nhooks, new->hooks, new->nhooks, hook_cmp);
	struct merge links = MERGE(old->links, old->nlinks, new->links, new->nlinks, link_cmp);
	int rc = diff_list(&hooks, false, ev);

	return rc ? rc : diff_list(&links, true, ev);
}

void lc_mon_events_free(struct lc_mon_events *ev)
{
	free(ev->v);
	memset(ev, 0, sizeof(*ev));
}

const char *lc_mon_event_str(enum lc_mon_event_kind kind)
{
	static const char *const names[] = {
		[LC_MON_XDP_ATTACH] = "attach", [LC_MON_XDP_DETACH] = "detach",
		[LC_MON_XDP_REPLACE] = "replace", [LC_MON_LINK_NEW] = "link-new",
		[LC_MON_LINK_GONE] = "link-gone", [LC_MON_LINK_DETACHED] = "link-detached",
		[LC_MON_LINK_UPDATE] = "link-update",
	};

	return kind <= LC_MON_LINK_UPDATE ? names[kind] : "unknown";
}
