// SPDX-License-Identifier: GPL-2.0-only
/*
 * owners_iter.c: who holds each bpf_link, from one pass of the iter/task_file program of
 * bpf/owners_iter.bpf.c (a light skeleton: the kernel's loader does its CO-RE relocations).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "iter_cache.h"
#include "iter_run.h"
#include "owners_iter.h"
#include "../bpf/iter_records.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "owners_iter.lskel.h"
#pragma GCC diagnostic pop

#define WHAT "the owner iterator"

static int push(struct lc_owners *o, const struct lc_owner_iter_rec *r)
{
	struct lc_owner *v = lc_grow(o->v, &o->cap, o->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	o->v = v;
	v = &o->v[o->n++];
	v->obj_id = r->link_id;
	v->pid = (pid_t)r->tgid;
	v->fd = (int)r->fd;
	memcpy(v->comm, r->comm, sizeof(r->comm));
	v->comm[sizeof(v->comm) - 1] = '\0';
	return 0;
}

/*
 * Records into o; our own are left out, after one of them proved the kernel's pids
 * are ours: the iterator's link itself, which this process holds.
 */
static int take_records(const struct lc_iter_out *out, struct lc_owners *o, struct lc_err *err)
{
	pid_t self = getpid();
	size_t start = o->n;
	bool saw_self = false;
	struct lc_owner_iter_rec r;

	for (size_t at = 0; at + sizeof(r) <= out->len; at += sizeof(r)) {
		memcpy(&r, out->buf + at, sizeof(r));
		if (r.link_id == out->link_id && (pid_t)r.tgid == self)
			saw_self = true;
		if ((pid_t)r.tgid == self || !r.link_id)
			continue;
		if (push(o, &r)) {
			o->n = start;
			return lc_err_msg(err, -ENOMEM, "cannot record fd owners");
		}
	}
	if (!saw_self) {    /* another pid namespace: the kernel's pids would mislead */
		o->n = start;
		return lc_err_msg(err, -EOPNOTSUPP, "the owner iterator's pids are not this namespace's");
	}
	return 0;
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

static int run(struct lc_owners_iter_bpf *skel, __u32 only_link_id, struct lc_iter_out *out,
	       struct lc_err *err)
{
	skel->bss->lc_only_link_id = only_link_id;
	return lc_iter_run(skel->progs.lc_owners_iter.prog_fd, WHAT, out, err);
}

static int run_cached(__u32 only_link_id, struct lc_iter_out *out, struct lc_err *err)
{
	int rc;

	pthread_mutex_lock(&cache.lock);
	if (!cache.tried) {
		cache.tried = true;
		cache.skel = load(&cache.err);
	}
	if (cache.skel) {
		rc = run(cache.skel, only_link_id, out, err);
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
	struct lc_iter_out out = { 0 };
	int rc;

	*scanner_link_id = 0;
	rc = lc_iter_allowed(WHAT, err);
	if (rc)
		return rc;
	if (lc_iter_cache_on()) {
		rc = run_cached(only_link_id, &out, err);
	} else {
		skel = load(err);
		rc = skel ? run(skel, only_link_id, &out, err) : err->code;
		lc_owners_iter_bpf__destroy(skel);
	}
	if (rc)
		return rc;
	*scanner_link_id = out.link_id;
	rc = take_records(&out, o, err);
	free(out.buf);
	return rc;
}
