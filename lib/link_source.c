// SPDX-License-Identifier: GPL-2.0-only
/* link_source.c: a listing's links from the link iterator, or from the walk over IDs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "iter_run.h"
#include "link_iter.h"
#include "link_source.h"
#include "log.h"

/*
 * Below this many links the walk over their IDs costs less than loading the iterator
 * program (the kernel verifies it and resolves its CO-RE relocations first).
 */
#define ITER_MIN_LINKS 2000

struct lc_link_source {
	struct lc_link_iter_stream *iter;   /* NULL: the walk runs */
	struct lc_link_stream *walk;
	lc_link_keep_fn keep;
	const void *keep_arg;
	struct lc_prog_cache *progs;
	struct lc_linkdev_cache *devs;
	bool devs_fed;                      /* devs takes our device records */
	struct lc_link_walk_stats stats;
	unsigned int being_created;         /* links the pass saw before their ID was settled */
	struct lc_link_iter_full cur;
};

/* Fewer than ITER_MIN_LINKS links: one GET_NEXT_ID each tells, and stops at the limit. */
static bool few_links(void)
{
	__u32 id = 0;

	for (unsigned int n = 0; n < ITER_MIN_LINKS; n++)
		if (bpf_link_get_next_id(id, &id))
			return true;    /* the end (or an error the walk will report) */
	return false;
}

/* The link iterator, where it can run and pays; false: walk the IDs (-d says why). */
static bool iter_start(struct lc_link_source *s)
{
	struct lc_err why = { 0 };

	if (!lc_iter_allowed("the link iterator", &why) && !lc_iter_forced() && few_links()) {
		lc_log("links: fewer than %u: walking link IDs (loading the link iterator costs more)",
		       ITER_MIN_LINKS);
		return false;
	}
	if (why.code || lc_link_iter_stream_open(&s->iter, &why)) {
		lc_log("links: the link iterator cannot run (%s): walking link IDs", why.msg);
		return false;
	}
	lc_log("links: read by the link iterator");
	s->devs_fed = lc_linkdev_recs_begin(s->devs);
	return true;
}

int lc_link_source_start(struct lc_link_source **out, lc_link_keep_fn keep, const void *arg,
			 struct lc_prog_cache *progs, struct lc_linkdev_cache *devs,
			 struct lc_err *err)
{
	struct lc_link_source *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return lc_err_set(err, -ENOMEM, "cannot list links");
	/*
	 * The iterator needs CAP_BPF and CAP_PERFMON, the walk CAP_SYS_ADMIN: a listing asks
	 * for what the walk needs either way, so that it never lists for one and not the other.
	 */
	if (lc_link_walk_allowed(err)) {
		free(s);
		return err->code;
	}
	s->keep = keep;
	s->keep_arg = arg;
	s->progs = progs;
	s->devs = devs;
	if (iter_start(s)) {
		*out = s;
		return 0;
	}
	rc = lc_link_stream_start(&s->walk, keep, arg, err);
	if (rc) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* A link whose info the iterator did not read: by ID, as the walk reads it. 0: skip it. */
static int read_by_id(struct lc_link_source *s, struct lc_link *l, struct lc_err *err)
{
	__u32 id = s->cur.rec.link_id;
	int fd = lc_link_fd_by_id(id, err), rc;

	if (fd == -ENOENT) {
		s->stats.vanished++;
		return 0;
	}
	if (fd == -EAGAIN) {
		if (s->stats.unsettled < 16)
			s->stats.unsettled_ids[s->stats.unsettled] = id;
		s->stats.unsettled++;
		return 0;
	}
	if (fd < 0)
		return fd;
	rc = lc_link_info(fd, l, err);
	close(fd);
	return rc ? rc : 1;
}

/* One record: 1 with *l filled, 0 to skip it, -errno. */
static int take(struct lc_link_source *s, struct lc_link *l, struct lc_err *err)
{
	const struct lc_link_iter_full *cur = &s->cur;

	if (cur->linkctl)
		return 0;
	/*
	 * A link in the middle of its creation, its ID not settled: the pass is a snapshot
	 * taken a moment before it was made (the walk waits a little for it instead).
	 */
	if (!cur->rec.link_id) {
		s->being_created++;
		return 0;
	}
	if (s->keep && !s->keep(&cur->link, s->keep_arg))
		return 0;
	if (s->devs_fed && cur->rec.dev_bound && lc_linkdev_recs_add(s->devs, &cur->rec))
		return lc_err_set(err, -ENOMEM, "cannot list links");
	if (!cur->has_info)
		return read_by_id(s, l, err);
	memcpy(&l->info, &cur->link.info, sizeof(l->info));
	memcpy(l->name, cur->link.name, strlen(cur->link.name) + 1);
	l->defunct = cur->link.defunct;
	lc_prog_cache_put(s->progs, &cur->prog);
	return 1;
}

int lc_link_source_next(struct lc_link_source *s, struct lc_link *l, struct lc_err *err)
{
	int rc;

	if (!s->iter)
		return lc_link_stream_next(s->walk, l, err);
	for (;;) {
		rc = lc_link_iter_stream_next(s->iter, &s->cur, err);
		if (rc == 0 && s->being_created) {
			lc_log("links: %u link%s being created during the pass not listed",
			       s->being_created, s->being_created == 1 ? "" : "s");
			s->being_created = 0;
		}
		if (rc <= 0)
			return rc;
		rc = take(s, l, err);
		if (rc) {
			s->stats.visited += rc > 0;
			return rc;
		}
	}
}

bool lc_link_source_is_iter(const struct lc_link_source *s)
{
	return s->iter != NULL;
}

const struct lc_link_walk_stats *lc_link_source_stats(const struct lc_link_source *s)
{
	return s->iter ? &s->stats : lc_link_stream_stats(s->walk);
}

void lc_link_source_free(struct lc_link_source *s)
{
	if (!s)
		return;
	lc_link_iter_stream_close(s->iter);
	lc_link_stream_free(s->walk);
	free(s);
}
