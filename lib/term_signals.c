// SPDX-License-Identifier: GPL-2.0-only
/* term_signals.c: blocking SIGINT/SIGTERM around a wait, with an optional signalfd. */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>

#include "term_signals.h"

static void term_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

int lc_term_signals_block(struct lc_term_signals *ts, bool want_fd, struct lc_err *err)
{
	sigset_t set;
	int rc;

	ts->fd = -1;
	ts->blocked = false;
	term_set(&set);
	if (sigprocmask(SIG_BLOCK, &set, &ts->old_mask))
		return lc_err_set(err, -errno, "cannot block SIGINT/SIGTERM");
	ts->blocked = true;
	if (!want_fd)
		return 0;
	ts->fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (ts->fd < 0) {
		rc = -errno;
		lc_term_signals_restore(ts);
		return lc_err_set(err, rc, "cannot create a signalfd");
	}
	return 0;
}

void lc_term_signals_wait(void)
{
	sigset_t set;
	int sig;

	term_set(&set);
	while (sigwait(&set, &sig))
		;
}

void lc_term_signals_drop_fd(struct lc_term_signals *ts)
{
	/* pending signals stay pending: one that came after the hand-over still ends the hold */
	if (ts->fd < 0)
		return;
	close(ts->fd);
	ts->fd = -1;
}

/* Consume pending SIGINT/SIGTERM, so that unblocking does not deliver them again. */
static void drain_pending(void)
{
	struct timespec now = { 0, 0 };
	sigset_t set;

	term_set(&set);
	while (sigtimedwait(&set, NULL, &now) > 0)
		;
}

void lc_term_signals_restore(struct lc_term_signals *ts)
{
	lc_term_signals_drop_fd(ts);
	if (ts->blocked) {
		drain_pending();    /* a signal that ended a wait was handled already */
		sigprocmask(SIG_SETMASK, &ts->old_mask, NULL);
	}
	ts->blocked = false;
}
