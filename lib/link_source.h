/* SPDX-License-Identifier: GPL-2.0-only */
/* link_source.h: every link in ID order for a listing: from the link iterator, or the ID walk. */
#ifndef LC_LINK_SOURCE_H
#define LC_LINK_SOURCE_H

#include "link_stream.h"
#include "linkdev.h"
#include "prog_info.h"

/*
 * The link iterator reads each link's info in one pass, in the kernel: no fd and no info
 * call per link, except for the types whose info it does not read (those are read by ID).
 * Where it cannot run (LINKCTL_BPF_ITER=0, a kernel without it), or for a few links (fewer
 * than loading it costs; LINKCTL_BPF_ITER=1 runs it all the same), the walk over link IDs
 * on a thread of its own (lib/link_stream.h) hands over the same links. Programs read
 * by the iterator go into progs, device links' records into devs, so that the printer
 * looks neither up again.
 */
struct lc_link_source;

int lc_link_source_start(struct lc_link_source **s, lc_link_keep_fn keep, const void *arg,
			 struct lc_prog_cache *progs, struct lc_linkdev_cache *devs,
			 struct lc_err *err);
/* The next link: 1 with *l filled, 0 at the end, -errno (err set). */
int lc_link_source_next(struct lc_link_source *s, struct lc_link *l, struct lc_err *err);
/* Whether the link iterator reads the links (else the walk, on its thread). */
bool lc_link_source_is_iter(const struct lc_link_source *s);
/* After the end: what the walk skipped (nothing counted where the iterator ran). */
const struct lc_link_walk_stats *lc_link_source_stats(const struct lc_link_source *s);
void lc_link_source_free(struct lc_link_source *s);   /* NULL: nothing */

#endif
