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

bool lc_iter_forced(void)
{
	const char *env = getenv("LINKCTL_BPF_ITER");

	return env && !strcmp(env, "1");
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

/* opts: NULL for every object the iterator visits, or the iterator's own limits (a tid). */
static int iter_start(int prog_fd, const struct bpf_link_create_opts *opts, const char *what,
		      struct lc_iter_handle *h, struct lc_err *err)
{
	struct bpf_link_info info = { 0 };
	__u32 info_len = sizeof(info);
	int rc;

	h->iter_fd = -1;
	h->link_id = 0;
	h->link_fd = bpf_link_create(prog_fd, 0, BPF_TRACE_ITER, opts);
	if (h->link_fd < 0)
		return lc_err_set(err, -errno, "cannot attach %s", what);
	if (bpf_obj_get_info_by_fd(h->link_fd, &info, &info_len)) {
		rc = lc_err_set(err, -errno, "cannot read the link of %s", what);
		lc_iter_stop(h);
		return rc;
	}
	h->link_id = info.id;
	h->iter_fd = bpf_iter_create(h->link_fd);
	if (h->iter_fd < 0) {
		rc = lc_err_set(err, -errno, "cannot start %s", what);
		lc_iter_stop(h);
		return rc;
	}
	return 0;
}

int lc_iter_start(int prog_fd, const char *what, struct lc_iter_handle *h, struct lc_err *err)
{
	return iter_start(prog_fd, NULL, what, h, err);
}

int lc_iter_start_tid(int prog_fd, __u32 tid, const char *what, struct lc_iter_handle *h,
		      struct lc_err *err)
{
	union bpf_iter_link_info linfo = { .task.tid = tid };
	LIBBPF_OPTS(bpf_link_create_opts, opts, .iter_info = &linfo, .iter_info_len = sizeof(linfo));

	return iter_start(prog_fd, &opts, what, h, err);
}

ssize_t lc_iter_read(struct lc_iter_handle *h, char *buf, size_t len, const char *what,
		     struct lc_err *err)
{
	unsigned int restarts = 0;
	ssize_t n;

	for (;;) {
		n = read(h->iter_fd, buf, len);
		if (n >= 0)
			return n;
		if (errno == EAGAIN && ++restarts < ITER_RESTARTS)
			continue;
		return lc_err_set(err, -errno, "cannot read %s", what);
	}
}

void lc_iter_stop(struct lc_iter_handle *h)
{
	if (h->iter_fd >= 0)
		close(h->iter_fd);
	if (h->link_fd >= 0)
		close(h->link_fd);
	h->iter_fd = h->link_fd = -1;
}

int lc_iter_run(int prog_fd, const char *what, struct lc_iter_out *out, struct lc_err *err)
{
	struct lc_iter_handle h;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = lc_iter_start(prog_fd, what, &h, err);
	if (rc)
		return rc;
	out->link_id = h.link_id;
	rc = read_all(h.iter_fd, what, out, err);
	lc_iter_stop(&h);
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
	struct lc_iter_handle h;
	size_t len = 0;
	ssize_t n;
	int rc;

	if (rec_size == 0 || rec_size > sizeof(buf))
		return lc_err_msg(err, -EINVAL, "cannot read %s: bad record size", what);
	rc = lc_iter_start(prog_fd, what, &h, err);
	if (rc)
		return rc;
	*link_id = h.link_id;
	while (!rc) {
		n = lc_iter_read(&h, buf + len, sizeof(buf) - len, what, err);
		if (n <= 0) {
			rc = (int)n;
			break;
		}
		rc = each_record(buf, len + (size_t)n, rec_size, fn, arg, &len);
	}
	lc_iter_stop(&h);
	return rc;
}
