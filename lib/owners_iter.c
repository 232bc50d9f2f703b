// SPDX-License-Identifier: GPL-2.0-only
/*
 * owners_iter.c: who holds each bpf_link, from one pass of the iter/task_file program of
 * bpf/owners_iter.bpf.c (a light skeleton: the kernel's loader does its CO-RE relocations).
 */
#define _GNU_SOURCE    /* gettid */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iter_cache.h"
#include "iter_run.h"
#include "owners_iter.h"
#include "self_iter.h"
#include "../bpf/iter_records.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "owners_iter.lskel.h"
#pragma GCC diagnostic pop

#define WHAT "the owner iterator"

static int push(struct lc_owners *o, const struct lc_owner_iter_rec *r)
{
	char comm[sizeof(r->comm) + 1];

	memcpy(comm, r->comm, sizeof(r->comm));
	comm[sizeof(r->comm)] = '\0';
	return lc_owners_add(o, r->link_id, (pid_t)r->tgid, (int)r->fd, comm);
}

/* Where the records go, and what proves the kernel's pids are ours. */
struct take {
	struct lc_owners *o;
	pid_t self;
	__u32 iter_link_id;         /* set by lc_iter_run_each before the first record */
	bool saw_self;
};

/*
 * One record into o; our own are left out, after one of them proved the kernel's pids
 * are ours: the iterator's link itself, which this process holds.
 */
static int take_record(const void *rec, void *arg)
{
	struct take *t = arg;
	struct lc_owner_iter_rec r;

	memcpy(&r, rec, sizeof(r));
	if (r.link_id == t->iter_link_id && (pid_t)r.tgid == t->self)
		t->saw_self = true;
	if ((pid_t)r.tgid == t->self || !r.link_id)
		return 0;
	return push(t->o, &r);
}

/* The program kept by lc_iter_cache_begin (lib/iter_cache.h). */
static struct {
	pthread_mutex_t lock;
	bool tried;
	struct lc_owners_iter_bpf *skel;
	struct lc_err err;              /* why it could not be loaded */
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct lc_owners_iter_bpf *load(struct lc_err *err)
{
	struct lc_owners_iter_bpf *skel = lc_owners_iter_bpf__open();
	int rc;

	if (!skel) {
		lc_err_set(err, -ENOMEM, "cannot open " WHAT);
		return NULL;
	}
	rc = lc_owners_iter_bpf__load(skel);
	if (rc) {
		lc_err_set(err, rc < 0 ? rc : -EINVAL, "cannot load " WHAT);
		lc_owners_iter_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/*
 * A pass over this thread's files alone (the kernel's tid filter, 6.1+), whose records are
 * dropped: it holds a link (the pass's own), from which the program learns what a link's
 * file looks like before the pass over every process, which then reads no file's dentry
 * (bpf/owners_iter.bpf.c). Without the filter, or with LINKCTL_SELF_ITER=0, the program
 * learns from the first link it meets, as cheaply in the end but slower until then.
 */
static void learn_link_files(int prog_fd)
{
	struct lc_iter_handle h;
	struct lc_err err = { 0 };
	char buf[4096];

	if (lc_iter_start_tid(prog_fd, (__u32)gettid(), WHAT, &h, &err))
		return;
	while (lc_iter_read(&h, buf, sizeof(buf), WHAT, &err) > 0)
		;
	lc_iter_stop(&h);
}

static int run(struct lc_owners_iter_bpf *skel, __u32 only_link_id, struct take *t,
	       struct lc_err *err)
{
	if (!skel->bss->lc_anon_inode && lc_self_iter_on())
		learn_link_files(skel->progs.lc_owners_iter.prog_fd);
	skel->bss->lc_only_link_id = only_link_id;
	return lc_iter_run_each(skel->progs.lc_owners_iter.prog_fd, WHAT,
				sizeof(struct lc_owner_iter_rec), take_record, t, &t->iter_link_id, err);
}

static int run_cached(__u32 only_link_id, struct take *t, struct lc_err *err)
{
	int rc;

	pthread_mutex_lock(&cache.lock);
	if (!cache.tried) {
		cache.tried = true;
		cache.skel = load(&cache.err);
	}
	if (cache.skel) {
		rc = run(cache.skel, only_link_id, t, err);
	} else {
		*err = cache.err;
		rc = err->code;
	}
	pthread_mutex_unlock(&cache.lock);
	return rc;
}

void lc_owners_iter_cache_release(void)
{
	pthread_mutex_lock(&cache.lock);
	lc_owners_iter_bpf__destroy(cache.skel);
	cache.skel = NULL;
	cache.tried = false;
	pthread_mutex_unlock(&cache.lock);
}

int lc_owners_iter_links(struct lc_owners *o, __u32 only_link_id, __u32 *scanner_link_id,
			 struct lc_err *err)
{
	struct lc_owners_iter_bpf *skel;
	struct take t = { .o = o, .self = getpid() };
	size_t start = o->n, start_procs = o->nprocs;
	int rc;

	*scanner_link_id = 0;
	rc = lc_iter_allowed(WHAT, err);
	if (rc)
		return rc;
	if (lc_iter_cache_on()) {
		rc = run_cached(only_link_id, &t, err);
	} else {
		skel = load(err);
		rc = skel ? run(skel, only_link_id, &t, err) : err->code;
		lc_owners_iter_bpf__destroy(skel);
	}
	if (rc == -ENOMEM && !err->code)
		rc = lc_err_msg(err, -ENOMEM, "cannot record fd owners");
	if (!rc && !t.saw_self)     /* another pid namespace: the kernel's pids would mislead */
		rc = lc_err_msg(err, -EOPNOTSUPP, "the owner iterator's pids are not this namespace's");
	*scanner_link_id = t.iter_link_id;     /* it ran: its link may have been walked */
	if (rc) {
		o->n = start;
		o->nprocs = start_procs;
	}
	return rc;
}
