// SPDX-License-Identifier: GPL-2.0-only
/* link_iter.c: load the iter/bpf_link light skeleton, run it, decode its records. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "iter_cache.h"
#include "iter_run.h"
#include "link_iter.h"
#include "prog_info.h"
#include "../bpf/iter_records.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "link_iter.lskel.h"
#pragma GCC diagnostic pop

#define WHAT "the link iterator"

struct lc_link_rec lc_link_rec_of(const struct lc_link_iter_rec *in)
{
	return (struct lc_link_rec){
		.link_id = in->link_id, .type = in->type, .prog_id = in->prog_id,
		.ifindex = in->ifindex, .netns_ino = in->netns_ino, .xdp_flags = in->xdp_flags,
		.xdp_hook = in->xdp_hook,
		.dev_bound = in->flags & LC_LINK_REC_DEV_BOUND,
		.detached = in->flags & LC_LINK_REC_DETACHED,
	};
}

static int take(struct lc_link_recs *r, const struct lc_link_iter_rec *in)
{
	struct lc_link_rec *v = lc_grow(r->v, &r->cap, r->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	r->v = v;
	v[r->n++] = lc_link_rec_of(in);
	r->unsettled += !in->link_id;
	return 0;
}

static int decode(const char *buf, size_t len, struct lc_link_recs *r, struct lc_err *err)
{
	struct lc_link_iter_rec in;

	for (size_t at = 0; at + LC_LINK_ITER_REC_BRIEF <= len; at += LC_LINK_ITER_REC_BRIEF) {
		memcpy(&in, buf + at, LC_LINK_ITER_REC_BRIEF);
		if (in.flags & LC_LINK_REC_LINKCTL)
			continue;       /* a scan of ours (or another linkctl's), not a user's link */
		if (take(r, &in))
			return lc_err_msg(err, -ENOMEM, "cannot record the links");
	}
	return 0;
}

struct lc_link_iter_prog {
	struct lc_link_iter_bpf *skel;
};

int lc_link_iter_prog_open(struct lc_link_iter_prog **p, bool dev_links_only, struct lc_err *err)
{
	struct lc_link_iter_prog *it;
	int rc;

	*p = NULL;
	rc = lc_iter_allowed(WHAT, err);
	if (rc)
		return rc;
	it = calloc(1, sizeof(*it));
	if (!it)
		return lc_err_set(err, -ENOMEM, "cannot open " WHAT);
	it->skel = lc_link_iter_bpf__open();
	if (!it->skel) {
		free(it);
		return lc_err_set(err, -ENOMEM, "cannot open " WHAT);
	}
	it->skel->rodata->lc_dev_links_only = dev_links_only;
	rc = lc_link_iter_bpf__load(it->skel);
	if (rc) {
		lc_link_iter_prog_close(it);
		return lc_err_set(err, rc < 0 ? rc : -EINVAL, "cannot load " WHAT);
	}
	*p = it;
	return 0;
}


int lc_link_iter_prog_read(struct lc_link_iter_prog *p, struct lc_link_recs *r,
			   struct lc_err *err)
{
	struct lc_iter_out out;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = lc_iter_run(p->skel->progs.lc_link_iter.prog_fd, WHAT, &out, err);
	if (rc)
		return rc;
	rc = decode(out.buf, out.len, r, err);
	free(out.buf);
	if (rc)
		lc_link_recs_free(r);
	return rc;
}

void lc_link_iter_prog_close(struct lc_link_iter_prog *p)
{
	if (!p)
		return;
	lc_link_iter_bpf__destroy(p->skel);
	free(p);
}

/* The programs kept by lc_iter_cache_begin (lib/iter_cache.h), by dev_links_only. */
static struct {
	pthread_mutex_t lock;
	bool tried[2];
	struct lc_link_iter_prog *prog[2];
	struct lc_err err[2];           /* why it could not be loaded */
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int read_cached(struct lc_link_recs *r, bool dev_links_only, struct lc_err *err)
{
	int rc;

	pthread_mutex_lock(&cache.lock);
	if (!cache.tried[dev_links_only]) {
		cache.tried[dev_links_only] = true;
		lc_link_iter_prog_open(&cache.prog[dev_links_only], dev_links_only,
				       &cache.err[dev_links_only]);
	}
	if (cache.prog[dev_links_only]) {
		rc = lc_link_iter_prog_read(cache.prog[dev_links_only], r, err);
	} else {
		*err = cache.err[dev_links_only];
		rc = err->code;
	}
	pthread_mutex_unlock(&cache.lock);
	return rc;
}

void lc_link_iter_cache_release(void)
{
	pthread_mutex_lock(&cache.lock);
	for (int i = 0; i < 2; i++) {
		lc_link_iter_prog_close(cache.prog[i]);
		cache.prog[i] = NULL;
		cache.tried[i] = false;
	}
	pthread_mutex_unlock(&cache.lock);
}

static int read_recs(struct lc_link_recs *r, bool dev_links_only, struct lc_err *err)
{
	struct lc_link_iter_prog *p;
	int rc;

	memset(r, 0, sizeof(*r));
	if (lc_iter_cache_on())
		return read_cached(r, dev_links_only, err);
	rc = lc_link_iter_prog_open(&p, dev_links_only, err);
	if (rc)
		return rc;
	rc = lc_link_iter_prog_read(p, r, err);
	lc_link_iter_prog_close(p);
	return rc;
}

int lc_link_iter_read(struct lc_link_recs *r, struct lc_err *err)
{
	return read_recs(r, false, err);
}

int lc_link_iter_read_dev(struct lc_link_recs *r, struct lc_err *err)
{
	return read_recs(r, true, err);
}

bool lc_link_is_linkctl_iter(const struct lc_link *l)
{
	struct lc_prog prog;
	struct lc_err ignored;

	if (l->info.type != LC_LINK_TYPE_ITER || (strcmp(l->name, "bpf_link") &&
	    strcmp(l->name, "task_file") && strcmp(l->name, "task")))
		return false;
	if (lc_prog_info_id(l->info.prog_id, &prog, &ignored))
		return false;
	return !strcmp(prog.name, LC_LINK_ITER_PROG) || !strcmp(prog.name, LC_OWNERS_ITER_PROG) ||
	       !strcmp(prog.name, LC_NSFS_FDS_ITER_PROG) || !strcmp(prog.name, LC_SELF_HOOK_PROG) ||
	       !strcmp(prog.name, LC_SELF_LINKS_PROG);
}

const struct lc_link_rec *lc_link_recs_find(const struct lc_link_recs *r, __u32 link_id)
{
	size_t lo = 0, hi = r->n;

	if (!link_id)
		return NULL;
	while (lo < hi) {           /* unsettled records (ID 0) may break the order: check */
		size_t mid = lo + (hi - lo) / 2;

		if (!r->v[mid].link_id)
			break;
		if (r->v[mid].link_id == link_id)
			return &r->v[mid];
		if (r->v[mid].link_id < link_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; r->unsettled && i < r->n; i++)
		if (r->v[i].link_id == link_id)
			return &r->v[i];
	return NULL;
}

void lc_link_recs_free(struct lc_link_recs *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}
