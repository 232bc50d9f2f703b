// SPDX-License-Identifier: GPL-2.0-only
/*
 * owners_iter.c: who holds each bpf_link, from one pass of the iter/task_file program of
 * bpf/owners_iter.bpf.c (a light skeleton: the kernel's loader does its CO-RE relocations).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
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

int lc_owners_iter_links(struct lc_owners *o, __u32 only_link_id, __u32 *scanner_link_id,
			 struct lc_err *err)
{
	struct lc_owners_iter_bpf *skel;
	struct lc_iter_out out;
	int rc;

	*scanner_link_id = 0;
	rc = lc_iter_allowed(WHAT, err);
	if (rc)
		return rc;
	skel = lc_owners_iter_bpf__open();
	if (!skel)
		return lc_err_set(err, -ENOMEM, "cannot open " WHAT);
	skel->rodata->lc_only_link_id = only_link_id;
	rc = lc_owners_iter_bpf__load(skel);
	if (rc)
		rc = lc_err_set(err, rc < 0 ? rc : -EINVAL, "cannot load " WHAT);
	else
		rc = lc_iter_run(skel->progs.lc_owners_iter.prog_fd, WHAT, &out, err);
	lc_owners_iter_bpf__destroy(skel);
	if (rc)
		return rc;
	*scanner_link_id = out.link_id;
	rc = take_records(&out, o, err);
	free(out.buf);
	return rc;
}
