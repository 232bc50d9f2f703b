// SPDX-License-Identifier: GPL-2.0-only
/* iter_run.c: one pass of a BPF iterator: attach, read until the end, detach. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "iter_run.h"

int lc_iter_allowed(const char *what, struct lc_err *err)
{
	const char *env = getenv("LINKCTL_BPF_ITER");

	if (env && !strcmp(env, "0"))
		return lc_err_msg(err, -EOPNOTSUPP, "%s is turned off (LINKCTL_BPF_ITER=0)", what);
	return 0;
}

/* A task or link changed under the iterator: the kernel says EAGAIN, read again. */
#define ITER_RESTARTS 100

static int read_all(int iter_fd, const char *what, struct lc_iter_out *out, struct lc_err *err)
{
	size_t cap = 64 * 1024;
	unsigned int restarts = 0;
	ssize_t n;

	out->buf = malloc(cap);
	if (!out->buf)
		return lc_err_msg(err, -ENOMEM, "cannot read %s", what);
	for (;;) {
		if (cap - out->len < 4096) {
			char *bigger = realloc(out->buf, cap * 2);

			if (!bigger)
				return lc_err_msg(err, -ENOMEM, "cannot read %s", what);
			out->buf = bigger;
			cap *= 2;
		}
		n = read(iter_fd, out->buf + out->len, cap - out->len);
		if (n == 0)
			return 0;
		if (n < 0 && errno == EAGAIN && ++restarts < ITER_RESTARTS)
			continue;
		if (n < 0)
			return lc_err_set(err, -errno, "cannot read %s", what);
		out->len += (size_t)n;
	}
}

/* Attach prog_fd as an iterator: its link in *link_fd (its ID in *link_id), its reader returned. */
static int iter_open(int prog_fd, const char *what, int *link_fd, __u32 *link_id, struct lc_err *err)
{
	struct bpf_link_info info = { 0 };
	__u32 info_len = sizeof(info);
	int iter_fd, rc;

	*link_fd = bpf_link_create(prog_fd, 0, BPF_TRACE_ITER, NULL);
	if (*link_fd < 0)
		return lc_err_set(err, -errno, "cannot attach %s", what);
	if (bpf_obj_get_info_by_fd(*link_fd, &info, &info_len)) {
		rc = lc_err_set(err, -errno, "cannot read the link of %s", what);
		close(*link_fd);
		return rc;
	}
	*link_id = info.id;
	iter_fd = bpf_iter_create(*link_fd);
	if (iter_fd < 0) {
		rc = lc_err_set(err, -errno, "cannot start %s", what);
		close(*link_fd);
		return rc;
	}
	return iter_fd;
}

int lc_iter_run(int prog_fd, const char *what, struct lc_iter_out *out, struct lc_err *err)
{
	int link_fd, iter_fd, rc;

	memset(out, 0, sizeof(*out));
	iter_fd = iter_open(prog_fd, what, &link_fd, &out->link_id, err);
	if (iter_fd < 0)
		return iter_fd;
	rc = read_all(iter_fd, what, out, err);
	close(iter_fd);
	close(link_fd);
	if (rc) {
		free(out->buf);
		out->buf = NULL;
	}
	return rc;
}

/* Hand each whole record of the bytes at buf to fn; returns the bytes of a partial one left. */
static int each_record(char *buf, size_t len, size_t rec_size, lc_iter_rec_fn fn, void *arg,
		       size_t *left)
{
	size_t at = 0;
	int rc;

	for (; at + rec_size <= len; at += rec_size)
		if ((rc = fn(buf + at, arg)))
			return rc;
	*left = len - at;
	memmove(buf, buf + at, *left);
	return 0;
}

int lc_iter_run_each(int prog_fd, const char *what, size_t rec_size, lc_iter_rec_fn fn, void *arg,
		     __u32 *link_id, struct lc_err *err)
{
	char buf[64 * 1024];
	unsigned int restarts = 0;
	size_t len = 0;
	int link_fd, iter_fd, rc = 0;
	ssize_t n;

	if (rec_size == 0 || rec_size > sizeof(buf))
		return lc_err_msg(err, -EINVAL, "cannot read %s: bad record size", what);
	iter_fd = iter_open(prog_fd, what, &link_fd, link_id, err);
	if (iter_fd < 0)
		return iter_fd;
	while (!rc) {
		n = read(iter_fd, buf + len, sizeof(buf) - len);
		if (n == 0)
			break;
		if (n < 0 && errno == EAGAIN && ++restarts < ITER_RESTARTS)
			continue;
		if (n < 0)
			rc = lc_err_set(err, -errno, "cannot read %s", what);
		else
			rc = each_record(buf, len + (size_t)n, rec_size, fn, arg, &len);
	}
	close(iter_fd);
	close(link_fd);
	return rc;
}
