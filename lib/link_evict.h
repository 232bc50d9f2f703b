/* SPDX-License-Identifier: GPL-2.0-only */
/* link_evict.h: detach a link that others own (the force of a detach): its pins go first. */
#ifndef LC_LINK_EVICT_H
#define LC_LINK_EVICT_H

#include <stdbool.h>
#include <linux/types.h>

#include "err.h"
#include "pins.h"

/*
 * Remove every pin of link link_id (listed in *unpinned, which the caller frees), then
 * BPF_LINK_DETACH it through link_fd. Processes holding it keep a defunct link fd.
 */
int lc_link_evict(int link_fd, __u32 link_id, struct lc_pins *unpinned, struct lc_err *err);
/*
 * The same; *unheld: no process held the link when it was about to be unpinned, and no
 * pin was made meanwhile (its reference count says so, lib/self_iter.h), so neither needs a
 * scan now. false: it may be held (or the count could not be read).
 */
int lc_link_evict_unheld(int link_fd, __u32 link_id, struct lc_pins *unpinned, bool *unheld,
			 struct lc_err *err);

#endif
