// SPDX-License-Identifier: GPL-2.0-only
/*
 * nsfs_fds_iter.c: the nsfs fds of every process, from one pass of the iter/task_file
 * program of bpf/nsfs_fds_iter.bpf.c (a light skeleton, as owners_iter.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "iter_run.h"
#include "nsfs_fds_iter.h"
#include "../bpf/iter_records.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "nsfs_fds_iter.lskel.h"
#pragma GCC diagnostic pop

#define WHAT "the nsfs fd iterator"

static int push(struct lc_nsfs_fds *f, const struct lc_nsfs_fd_rec *r)
{
	struct lc_nsfs_fd *v = lc_grow(f->v, &f->cap, f->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	f->v = v;
	v = &f->v[f->n++];
	v->pid = (pid_t)r->tgid;
	v->fd = (int)r->fd;
	v->ino = r->ino;
	memcpy(v->comm, r->comm, sizeof(r->comm));
	v->comm[sizeof(v->comm) - 1] = '\0';
	return 0;
}

/* Records into f, ours left out once one of them proved the kernel's pids are ours. */
static int take_records(const struct lc_iter_out *out, struct lc_nsfs_fds *f,
			unsigned long long self_ino, struct lc_err *err)
{
	pid_t self = getpid();
	bool saw_self = false;
	struct lc_nsfs_fd_rec r;

	for (size_t at = 0; at + sizeof(r) <= out->len; at += sizeof(r)) {
		memcpy(&r, out->buf + at, sizeof(r));
		if ((pid_t)r.tgid == self) {
			saw_self |= r.ino == self_ino;
			continue;
		}
		if (push(f, &r)) {
			lc_nsfs_fds_free(f);
			return lc_err_msg(err, -ENOMEM, "cannot record nsfs fds");
		}
	}
	if (!saw_self) {    /* another pid namespace: the kernel's pids would mislead */
		lc_nsfs_fds_free(f);
		return lc_err_msg(err, -EOPNOTSUPP, WHAT "'s pids are not this namespace's");
	}
	return 0;
}

int lc_nsfs_fds_read(struct lc_nsfs_fds *f, unsigned long long self_ino, struct lc_err *err)
{
	struct lc_nsfs_fds_iter_bpf *skel;
	struct lc_iter_out out;
	int rc;

	memset(f, 0, sizeof(*f));
	rc = lc_iter_allowed(WHAT, err);
	if (rc)
		return rc;
	skel = lc_nsfs_fds_iter_bpf__open_and_load();
	if (!skel)
		return lc_err_set(err, -errno ? -errno : -EINVAL, "cannot load " WHAT);
	rc = lc_iter_run(skel->progs.lc_nsfs_fds.prog_fd, WHAT, &out, err);
	lc_nsfs_fds_iter_bpf__destroy(skel);
	if (rc)
		return rc;
	rc = take_records(&out, f, self_ino, err);
	free(out.buf);
	return rc;
}

void lc_nsfs_fds_free(struct lc_nsfs_fds *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}
