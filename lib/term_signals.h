/* SPDX-License-Identifier: GPL-2.0-only */
/* term_signals.h: SIGINT/SIGTERM held back (and, if asked, made a pollable fd) while a command waits. */
#ifndef LC_TERM_SIGNALS_H
#define LC_TERM_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

#include "err.h"

/* Blocked so that a command that waits or holds ends between steps and cleans up first. */
struct lc_term_signals {
	sigset_t old_mask;
	int fd;                     /* signalfd for poll(), -1 when not asked for */
	bool blocked;
};

/* Block SIGINT and SIGTERM; with want_fd also open a signalfd (non-blocking, close-on-exec). */
int lc_term_signals_block(struct lc_term_signals *ts, bool want_fd, struct lc_err *err);
/* Wait for SIGINT or SIGTERM (they must be blocked). */
void lc_term_signals_wait(void);
/* Done polling: close the signalfd (signals stay blocked). */
void lc_term_signals_drop_fd(struct lc_term_signals *ts);
/* Close the fd, consume pending SIGINT/SIGTERM (they were handled) and restore the old mask. */
void lc_term_signals_restore(struct lc_term_signals *ts);

#endif
