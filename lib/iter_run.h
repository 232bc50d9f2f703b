/* SPDX-License-Identifier: GPL-2.0-only */
/* iter_run.h: run a loaded BPF iterator program once and read its output, whole or in pieces. */
#ifndef LC_ITER_RUN_H
#define LC_ITER_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "err.h"

struct lc_iter_out {
	char *buf;              /* malloc'd; the caller frees */
	size_t len;
	__u32 link_id;          /* the iterator's own link, while it ran */
};

/*
 * Attach prog_fd as an iterator, read everything it writes (restarting a bounded number
 * of times when a task changed under it), then close the link. what names the iterator
 * in messages ("the link iterator").
 */
int lc_iter_run(int prog_fd, const char *what, struct lc_iter_out *out, struct lc_err *err);

/* The same in steps, for a reader that takes the output as it comes. */
struct lc_iter_handle {
	int link_fd, iter_fd;
	__u32 link_id;          /* the iterator's own link */
};
int lc_iter_start(int prog_fd, const char *what, struct lc_iter_handle *h, struct lc_err *err);
/* A task iterator limited to one thread (tid; the kernel's filter, since 6.1). */
int lc_iter_start_tid(int prog_fd, __u32 tid, const char *what, struct lc_iter_handle *h,
		      struct lc_err *err);
/* Up to len bytes (whole records or not); 0 at the end; -errno with err set. */
ssize_t lc_iter_read(struct lc_iter_handle *h, char *buf, size_t len, const char *what,
		     struct lc_err *err);
void lc_iter_stop(struct lc_iter_handle *h);   /* after a successful start only */

/*
 * The same, reading in pieces: fn gets each record of rec_size bytes as it comes (a
 * nonzero return stops the read and is returned), so that the whole output is never held.
 * *link_id is the iterator's own link, set before the first record.
 */
typedef int (*lc_iter_rec_fn)(const void *rec, void *arg);
int lc_iter_run_each(int prog_fd, const char *what, size_t rec_size, lc_iter_rec_fn fn, void *arg,
		     __u32 *link_id, struct lc_err *err);

/*
 * Whether BPF iterators are allowed by the environment: LINKCTL_BPF_ITER=0 turns them
 * off (the tests compare both paths). Returns 0, or -EOPNOTSUPP with the reason in err.
 */
int lc_iter_allowed(const char *what, struct lc_err *err);
/*
 * LINKCTL_BPF_ITER=1: an iterator even where a caller would choose otherwise (a listing
 * of few links walks their IDs), so that the tests compare both paths on few links.
 */
bool lc_iter_forced(void);

#endif
