// SPDX-License-Identifier: GPL-2.0-only
/* hook_events_exit.c: which links a process's exit may have released, and whether it did. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "link_info.h"
#include "log.h"
#include "hook_events_exit.h"

int lc_mon_ids_add(struct lc_mon_ids *ids, __u32 id)
{
	__u32 *v = lc_grow(ids->v, &ids->cap, ids->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	ids->v = v;
	ids->v[ids->n++] = id;
	return 0;
}

static int u32_cmp(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

void lc_mon_ids_sort(struct lc_mon_ids *ids)
{
	size_t n = 0;

	if (ids->n > 1)
		qsort(ids->v, ids->n, sizeof(*ids->v), u32_cmp);
	for (size_t i = 0; i < ids->n; i++)
		if (!n || ids->v[n - 1] != ids->v[i])
			ids->v[n++] = ids->v[i];
	ids->n = n;
}

/* ids without those of drop (both sorted). */
static void ids_minus(struct lc_mon_ids *ids, const struct lc_mon_ids *drop)
{
	size_t n = 0, d = 0;

	for (size_t i = 0; i < ids->n; i++) {
		while (d < drop->n && drop->v[d] < ids->v[i])
			d++;
		if (d == drop->n || drop->v[d] != ids->v[i])
			ids->v[n++] = ids->v[i];
	}
	ids->n = n;
}

void lc_mon_ids_free(struct lc_mon_ids *ids)
{
	free(ids->v);
	memset(ids, 0, sizeof(*ids));
}

static int holder_cmp(const void *a, const void *b)
{
	const struct lc_mon_holder *x = a, *y = b;

	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	return x->link_id < y->link_id ? -1 : x->link_id > y->link_id;
}

static int held_cmp(const void *a, const void *b)
{
	__u32 x = ((const struct lc_mon_held *)a)->link_id, y = ((const struct lc_mon_held *)b)->link_id;

	return x < y ? -1 : x > y;
}

/* The scan's (link, process) pairs, each once (the scan is sorted by link, then process). */
static int pairs_of(const struct lc_owners *o, struct lc_mon_holders *h)
{
	h->by_tgid = malloc((o->n ? o->n : 1) * sizeof(*h->by_tgid));
	h->by_link = malloc((o->n ? o->n : 1) * sizeof(*h->by_link));
	if (!h->by_tgid || !h->by_link)
		return -ENOMEM;
	for (size_t i = 0; i < o->n; i++) {
		const struct lc_owner *w = &o->v[i];

		if (i && w->obj_id == o->v[i - 1].obj_id && w->pid == o->v[i - 1].pid)
			continue;
		h->by_tgid[h->n++] = (struct lc_mon_holder){ .tgid = w->pid, .link_id = w->obj_id };
		if (h->nlinks && h->by_link[h->nlinks - 1].link_id == w->obj_id)
			h->by_link[h->nlinks - 1].holders++;
		else
			h->by_link[h->nlinks++] = (struct lc_mon_held){ w->obj_id, 1 };
	}
	if (h->n > 1)
		qsort(h->by_tgid, h->n, sizeof(*h->by_tgid), holder_cmp);
	return 0;
}

int lc_mon_holders_set(struct lc_mon_holders *h, const struct lc_owners *o, __u32 upto)
{
	struct lc_mon_holders next = { .scanned = true, .upto = upto, .gone = h->gone };
	int rc = pairs_of(o, &next);

	if (rc) {
		free(next.by_tgid);
		free(next.by_link);
		return rc;
	}
	free(h->by_tgid);
	free(h->by_link);
	lc_mon_ids_free(&h->unknown);
	*h = next;
	return 0;
}

void lc_mon_holders_free(struct lc_mon_holders *h)
{
	free(h->by_tgid);
	free(h->by_link);
	lc_mon_ids_free(&h->unknown);
	lc_mon_ids_free(&h->gone);
	memset(h, 0, sizeof(*h));
}

bool lc_mon_holders_stale(const struct lc_mon_holders *h, const struct lc_mon_snapshot *s)
{
	return h->unknown.n || (s->nlinks && s->links[s->nlinks - 1].id > h->upto);
}

static struct lc_mon_held *held_of(const struct lc_mon_holders *h, __u32 link_id)
{
	struct lc_mon_held key = { .link_id = link_id };

	return h->nlinks ? bsearch(&key, h->by_link, h->nlinks, sizeof(key), held_cmp) : NULL;
}

static int check_add(struct lc_mon_checks *c, pid_t tgid, __u32 link_id)
{
	struct lc_mon_holder *v = lc_grow(c->v, &c->cap, c->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	c->v = v;
	c->v[c->n++] = (struct lc_mon_holder){ .tgid = tgid, .link_id = link_id };
	return 0;
}

/* The entries of process tgid: each of its links to check, one holder fewer. */
static int exited(struct lc_mon_holders *h, pid_t tgid, const struct lc_mon_snapshot *s,
		  struct lc_mon_checks *check)
{
	struct lc_mon_holder key = { .tgid = tgid }, *e;
	size_t lo = 0, hi = h->n;
	int rc = 0;

	while (lo < hi) {       /* the first entry of tgid, if any */
		size_t mid = lo + (hi - lo) / 2;

		if (holder_cmp(&h->by_tgid[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = h->by_tgid + lo; !rc && e < h->by_tgid + h->n && e->tgid == tgid; e++) {
		struct lc_mon_held *held = e->link_id ? held_of(h, e->link_id) : NULL;

		if (held && held->holders)
			held->holders--;
		if (e->link_id && lc_mon_snapshot_has_link(s, e->link_id))
			rc = check_add(check, tgid, e->link_id);
		e->link_id = 0;
	}
	return rc;
}

/* The links whose holders are unknown: those left by their known holders, and newer ones. */
static int unknown_ones(const struct lc_mon_holders *h, const struct lc_mon_snapshot *s,
			struct lc_mon_checks *check)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < h->unknown.n; i++)
		if (lc_mon_snapshot_has_link(s, h->unknown.v[i]))
			rc = check_add(check, 0, h->unknown.v[i]);
	for (size_t i = s->nlinks; !rc && i > 0 && s->links[i - 1].id > h->upto; i--)
		rc = check_add(check, 0, s->links[i - 1].id);
	return rc;
}

static int check_cmp(const void *a, const void *b)
{
	const struct lc_mon_holder *x = a, *y = b;

	if (x->link_id != y->link_id)
		return x->link_id < y->link_id ? -1 : 1;
	return x->tgid > y->tgid ? -1 : x->tgid < y->tgid;   /* a known holder first */
}

/* Sorted by link, each once (with its known holder where it has one). */
static void checks_unique(struct lc_mon_checks *c)
{
	size_t n = 0;

	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), check_cmp);
	for (size_t i = 0; i < c->n; i++)
		if (!n || c->v[n - 1].link_id != c->v[i].link_id)
			c->v[n++] = c->v[i];
	c->n = n;
}

int lc_mon_exit_candidates(struct lc_mon_holders *h, const pid_t *tgids, size_t ntgids,
			   const struct lc_mon_snapshot *s, struct lc_mon_checks *check)
{
	int rc = 0;

	check->n = 0;
	if (!h->scanned)
		return 0;
	for (size_t i = 0; !rc && i < ntgids; i++)
		rc = exited(h, tgids[i], s, check);
	if (!rc)
		rc = unknown_ones(h, s, check);
	checks_unique(check);
	return rc;
}

/* 1 when link_id is gone, 0 when it is still there (or cannot be told). */
static int link_gone(__u32 link_id)
{
	struct lc_err ignored;
	int fd = lc_link_fd_by_id(link_id, &ignored);

	if (fd >= 0)
		close(fd);
	return fd == -ENOENT;
}

static void note_gone(const struct lc_mon_holder *c, bool at_exit)
{
	if (!at_exit)
		lc_log("monitor: link %u gone: found by a look at the links whose holders are "
		       "unknown", c->link_id);
	else if (c->tgid)
		lc_log("monitor: link %u gone: found through the exit of its holder, process %d",
		       c->link_id, (int)c->tgid);
	else
		lc_log("monitor: link %u gone: found through a process exit (its holder unknown)",
		       c->link_id);
}

/* Gone ones into gone; live ones no known holder has now into h->unknown. */
static int check_each(struct lc_mon_holders *h, const struct lc_mon_checks *check,
		      bool at_exit, struct lc_mon_ids *gone)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < check->n; i++) {
		const struct lc_mon_holder *c = &check->v[i];
		const struct lc_mon_held *held = held_of(h, c->link_id);

		if (link_gone(c->link_id)) {
			note_gone(c, at_exit);
			rc = lc_mon_ids_add(gone, c->link_id);
		} else if (c->link_id <= h->upto && (!held || !held->holders)) {
			rc = lc_mon_ids_add(&h->unknown, c->link_id);
		}
	}
	return rc;
}

int lc_mon_exit_check(struct lc_mon_holders *h, const struct lc_mon_checks *check,
		      bool at_exit, struct lc_mon_ids *gone)
{
	int rc;

	gone->n = 0;
	rc = check_each(h, check, at_exit, gone);
	/* check is sorted by link: so is gone */
	lc_mon_ids_sort(&h->unknown);
	ids_minus(&h->unknown, gone);
	for (size_t i = 0; !rc && i < gone->n; i++)
		rc = lc_mon_ids_add(&h->gone, gone->v[i]);
	lc_mon_ids_sort(&h->gone);
	return rc;
}

void lc_mon_checks_free(struct lc_mon_checks *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

void lc_mon_links_drop(struct lc_mon_snapshot *s, const struct lc_mon_ids *gone)
{
	size_t n = 0, g = 0;

	if (!gone->n)
		return;
	for (size_t i = 0; i < s->nlinks; i++) {
		while (g < gone->n && gone->v[g] < s->links[i].id)
			g++;
		if (g < gone->n && gone->v[g] == s->links[i].id)
			continue;
		s->links[n++] = s->links[i];
	}
	s->nlinks = n;
}
