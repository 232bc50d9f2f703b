// SPDX-License-Identifier: GPL-2.0-only
/* hook_events_full.c: the monitor's full read on a worker thread, and its handoff. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "hook_events.h"

void lc_mon_full_init(struct lc_mon_full *f)
{
	memset(f, 0, sizeof(*f));
	f->done_fd = -1;
}

static long long thread_cpu_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Reads the links; the eventfd write is its last touch of the job. */
static void *full_worker(void *arg)
{
	struct lc_mon_full *f = arg;
	long long start = thread_cpu_ms();
	uint64_t one = 1;

	f->rc = lc_mon_links_read(&f->got, f->ns, f->nns, f->prog, f->devs, &f->err);
	f->devs = NULL;         /* lc_mon_links_read freed them */
	f->owners_rc = -ENODATA;
	/* every link the read found existed before the scan: the scan covers them */
	f->owners_upto = f->got.nlinks ? f->got.links[f->got.nlinks - 1].id : 0;
	f->cpu_ms = thread_cpu_ms() - start;
	f->owners_cpu_ms = 0;
	if (f->want_owners && !f->rc) {
		start = thread_cpu_ms();
		f->owners_rc = lc_owners_scan(LC_OBJ_LINK, &f->owners, &f->owners_err);
		f->owners_cpu_ms = thread_cpu_ms() - start;
	}
	if (write(f->done_fd, &one, sizeof(one)) != sizeof(one))
		f->rc = f->rc ? f->rc : lc_err_set(&f->err, -errno, "cannot signal a full read's end");
	return NULL;
}

static int open_done_fd(struct lc_mon_full *f, struct lc_err *err)
{
	if (f->done_fd >= 0)
		return 0;
	f->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return f->done_fd < 0 ? lc_err_set(err, -errno, "cannot make an eventfd") : 0;
}

int lc_mon_full_begin(struct lc_mon_full *f, struct lc_mon_watch *w, bool owners,
		      struct lc_err *err)
{
	int rc = open_done_fd(f, err);

	if (rc)
		return rc;
	f->ns = malloc((w->nns ? w->nns : 1) * sizeof(*f->ns));
	if (!f->ns)
		return lc_err_set(err, -ENOMEM, "cannot start a full read");
	memcpy(f->ns, w->ns, w->nns * sizeof(*f->ns));
	f->nns = w->nns;
	/* hooks first: a link attached in between shows as link-new now */
	rc = lc_mon_dump(w, &f->devs, err);
	if (rc) {
		free(f->ns);
		f->ns = NULL;
		return rc;
	}
	f->prog = w->link_iter;
	f->seen_before = w->max_link_id;
	lc_mon_snapshot_free(&f->got);      /* the last job's, kept for its caller until now */
	lc_owners_free(&f->owners);
	f->want_owners = owners;
	f->rc = 0;
	f->running = true;
	f->threaded = !pthread_create(&f->thread, NULL, full_worker, f);
	/* no thread to be had: the read runs here, and done_fd turns readable all the same */
	if (!f->threaded)
		full_worker(f);
	return 0;
}

/* The worker joined (when there was one) and done_fd emptied; the job's inputs freed. */
static void reap(struct lc_mon_full *f)
{
	uint64_t count;

	if (f->threaded)
		pthread_join(f->thread, NULL);
	f->threaded = false;
	f->running = false;
	if (read(f->done_fd, &count, sizeof(count)) < 0) {
		/* nothing to read: EAGAIN on the non-blocking eventfd, harmless */
	}
	free(f->ns);
	f->ns = NULL;
	lc_mon_devs_free(f->devs, f->nns);
	f->devs = NULL;
}

int lc_mon_full_end(struct lc_mon_full *f, struct lc_mon_watch *w,
		    const struct lc_mon_snapshot *prev, struct lc_mon_snapshot *s,
		    struct lc_err *err)
{
	int rc;

	reap(f);
	if (f->rc) {
		*err = f->err;
		rc = f->rc;
	} else {
		rc = lc_mon_full_apply(s, w, prev, &f->got, f->seen_before, err);
	}
	return rc;
}

void lc_mon_full_close(struct lc_mon_full *f)
{
	if (f->done_fd < 0)
		return;
	reap(f);
	lc_mon_snapshot_free(&f->got);
	lc_owners_free(&f->owners);
	close(f->done_fd);
	f->done_fd = -1;
}
