/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hook_events_exit.h: the monitor's way to a released link without a pass over every link.
 * Most links go away because the process holding their fd exits, and the kernel reports
 * every exit (lib/proc_events.h) after the process's files are closed. Knowing who held
 * which link (an owner scan, lib/owners.h), an exit costs a look at that process's links
 * and at those whose holders are unknown, whatever the number of links on the host.
 */
#ifndef LC_HOOK_EVENTS_EXIT_H
#define LC_HOOK_EVENTS_EXIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "hook_events.h"
#include "owners.h"

/* A set of link IDs. */
struct lc_mon_ids {
	__u32 *v;
	size_t n, cap;
};

/* One (process, link) pair of the last owner scan: a process with two fds of a link is one. */
struct lc_mon_holder {
	pid_t tgid;
	__u32 link_id;          /* 0 once the process exited */
};

/* How many processes of the scan held a link, less those that exited since. */
struct lc_mon_held {
	__u32 link_id;
	__u32 holders;
};

struct lc_mon_holders {
	bool scanned;                   /* an owner scan has been taken */
	__u32 upto;                     /* links above this ID are newer than it: holders unknown */
	struct lc_mon_holder *by_tgid;  /* sorted by tgid, then link_id */
	size_t n;
	struct lc_mon_held *by_link;    /* sorted by link_id */
	size_t nlinks;
	/* alive after every holder the scan knew exited (fd passed on, pinned): unknown too */
	struct lc_mon_ids unknown;
	/* found gone by an exit since the running full read began: not to come back from it */
	struct lc_mon_ids gone;
};

/*
 * Take an owner scan (o) as the holders, the links up to upto covered by it (the highest
 * link ID known before it began); the unknown ones are known again. The gone set stays.
 */
int lc_mon_holders_set(struct lc_mon_holders *h, const struct lc_owners *o, __u32 upto);
void lc_mon_holders_free(struct lc_mon_holders *h);
/* An owner scan would make unknown holders known again (links newer than it, or orphans). */
bool lc_mon_holders_stale(const struct lc_mon_holders *h, const struct lc_mon_snapshot *s);

/* The links to look at again after exits: each with the process that held it, or 0. */
struct lc_mon_checks {
	struct lc_mon_holder *v;        /* sorted by link_id, each once */
	size_t n, cap;
};

/*
 * After a batch of exits (tgids: the processes that exited; a thread's exit is not one,
 * but any exit is a moment to look at the links whose holders are unknown): the links of
 * s to look at again, into check: those the processes held and those with unknown holders.
 * The processes' entries go.
 */
int lc_mon_exit_candidates(struct lc_mon_holders *h, const pid_t *tgids, size_t ntgids,
			   const struct lc_mon_snapshot *s, struct lc_mon_checks *check);
/*
 * Look at each link of check (one BPF_LINK_GET_FD_BY_ID): gone ones go to gone (sorted;
 * also recorded in h->gone), live ones with no holder left become unknown. -d notes each
 * gone link and the exit it was found through (at_exit false: a look with no exit).
 */
int lc_mon_exit_check(struct lc_mon_holders *h, const struct lc_mon_checks *check,
		      bool at_exit, struct lc_mon_ids *gone);
void lc_mon_checks_free(struct lc_mon_checks *c);
/* Remove the links of gone (sorted) from s. */
void lc_mon_links_drop(struct lc_mon_snapshot *s, const struct lc_mon_ids *gone);

int lc_mon_ids_add(struct lc_mon_ids *ids, __u32 id);
/* Sorted, each once. */
void lc_mon_ids_sort(struct lc_mon_ids *ids);
void lc_mon_ids_free(struct lc_mon_ids *ids);

#endif
