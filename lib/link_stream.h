/* SPDX-License-Identifier: GPL-2.0-only */
/* link_stream.h: the link walk on a thread of its own, handing links over as it finds them. */
#ifndef LC_LINK_STREAM_H
#define LC_LINK_STREAM_H

#include <stdbool.h>

#include "link_info.h"

/*
 * The walk spends its time in the kernel (four syscalls a link) and a listing spends
 * about as long again formatting: with the walk on a second CPU the two overlap, and
 * a listing takes little more than the walk alone.
 */
struct lc_link_stream;

/* Which links to hand over; called on the walking thread, so it must only read l and arg. */
typedef bool (*lc_link_keep_fn)(const struct lc_link *l, const void *arg);

/*
 * Start walking. Without a thread (pthread_create failed) the whole walk runs here
 * first and the links are handed over afterwards, so callers see no difference.
 */
int lc_link_stream_start(struct lc_link_stream **s, lc_link_keep_fn keep, const void *arg,
			 struct lc_err *err);
/* The next link in ID order: 1 with *l filled, 0 at the end, -errno (err set) when the walk failed. */
int lc_link_stream_next(struct lc_link_stream *s, struct lc_link *l, struct lc_err *err);
/* After the end: what the walk skipped. */
const struct lc_link_walk_stats *lc_link_stream_stats(const struct lc_link_stream *s);
/* Stop the walk (if still going) and free everything; s may be NULL. */
void lc_link_stream_free(struct lc_link_stream *s);

#endif
