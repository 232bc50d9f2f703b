// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_iter_full.c: the records of bpf/link_info_iter.bpf.c, read as they come: each link
 * with the info BPF_OBJ_GET_INFO_BY_FD would give, where the program read all its type prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iter_run.h"
#include "link_iter.h"
#include "../bpf/iter_records.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "link_info_iter.lskel.h"
#pragma GCC diagnostic pop

#define WHAT "the link iterator"
/* Several pages of records per read(2); a record and its name always fit. */
#define STREAM_BUF (64 * 1024)

struct lc_link_iter_stream {
	struct lc_link_info_iter_bpf *skel;
	struct lc_iter_handle iter;
	size_t start, end;          /* unread bytes of buf */
	bool eof;
	char buf[STREAM_BUF];
};

int lc_link_iter_stream_open(struct lc_link_iter_stream **out, struct lc_err *err)
{
	struct lc_link_iter_stream *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return lc_err_set(err, -ENOMEM, "cannot open " WHAT);
	rc = lc_iter_allowed(WHAT, err);
	if (rc) {
		free(s);
		return rc;
	}
	s->skel = lc_link_info_iter_bpf__open();
	if (!s->skel) {
		free(s);
		return lc_err_set(err, -ENOMEM, "cannot open " WHAT);
	}
	rc = lc_link_info_iter_bpf__load(s->skel);
	if (rc)
		rc = lc_err_set(err, rc < 0 ? rc : -EINVAL, "cannot load " WHAT);
	else
		rc = lc_iter_start(s->skel->progs.lc_link_iter.prog_fd, WHAT, &s->iter, err);
	if (rc) {
		lc_link_info_iter_bpf__destroy(s->skel);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* At least want unread bytes in buf, unless the output ends first: 1, 0 at the end, -errno. */
static int fill(struct lc_link_iter_stream *s, size_t want, struct lc_err *err)
{
	while (s->end - s->start < want) {
		ssize_t n;

		if (s->eof)
			return 0;
		if (s->start) {
			memmove(s->buf, s->buf + s->start, s->end - s->start);
			s->end -= s->start;
			s->start = 0;
		}
		n = lc_iter_read(&s->iter, s->buf + s->end, sizeof(s->buf) - s->end, WHAT, err);
		if (n < 0)
			return (int)n;
		if (n == 0)
			s->eof = true;
		s->end += (size_t)n;
	}
	return 1;
}

/* The info of l's type as the kernel fills it (lib/link_info.c reads the same fields). */
static void fill_info(const struct lc_link_iter_rec *in, struct lc_link *l)
{
	memset(&l->info, 0, sizeof(l->info));
	l->info.type = in->type;
	l->info.id = in->link_id;
	l->info.prog_id = in->prog_id;
	switch (in->type) {
	case LC_LINK_TYPE_NETNS:
		l->info.netns.netns_ino = (__u32)in->obj_id;
		l->info.netns.attach_type = in->attach_type;
		break;
	case LC_LINK_TYPE_XDP:
		l->info.xdp.ifindex = in->ifindex;
		break;
	case LC_LINK_TYPE_TCX:
		l->info.tcx.ifindex = in->ifindex;
		l->info.tcx.attach_type = in->attach_type;
		break;
	default:
		break;
	}
	l->defunct = lc_link_is_defunct(l);
}

static void fill_prog(const struct lc_link_iter_rec *in, struct lc_prog *p)
{
	static const char hex[] = "0123456789abcdef";

	p->id = in->prog_id;
	p->type = in->prog_type;
	memcpy(p->name, in->prog_name, sizeof(in->prog_name));
	p->name[sizeof(p->name) - 1] = '\0';
	for (size_t i = 0; i < sizeof(in->prog_tag); i++) {
		p->tag[2 * i] = hex[in->prog_tag[i] >> 4];
		p->tag[2 * i + 1] = hex[in->prog_tag[i] & 15];
	}
	p->tag[2 * sizeof(in->prog_tag)] = '\0';
}

/* Decode the record at the start of buf (its name included) into out. */
static void decode_full(struct lc_link_iter_stream *s, const struct lc_link_iter_rec *in,
			struct lc_link_iter_full *out)
{
	const char *name = s->buf + s->start + sizeof(*in);
	size_t name_len = in->name_len < sizeof(out->link.name) ? in->name_len : sizeof(out->link.name);

	out->rec = lc_link_rec_of(in);
	out->linkctl = in->flags & LC_LINK_REC_LINKCTL;
	out->has_info = in->flags & LC_LINK_REC_INFO;
	fill_info(in, &out->link);
	out->link.name[0] = '\0';
	if (name_len) {
		memcpy(out->link.name, name, name_len);
		out->link.name[name_len - 1] = '\0';
	}
	fill_prog(in, &out->prog);
}

int lc_link_iter_stream_next(struct lc_link_iter_stream *s, struct lc_link_iter_full *out,
			     struct lc_err *err)
{
	struct lc_link_iter_rec in;
	int rc = fill(s, sizeof(in), err);

	if (rc <= 0)
		return rc;
	memcpy(&in, s->buf + s->start, sizeof(in));
	if (in.name_len > LC_LINK_ITER_NAME_MAX)
		return lc_err_msg(err, -EPROTO, WHAT " wrote a record this linkctl cannot read");
	rc = fill(s, sizeof(in) + in.name_len, err);
	if (rc == 0)
		return lc_err_msg(err, -EPROTO, WHAT " ended inside a record");
	if (rc < 0)
		return rc;
	decode_full(s, &in, out);
	s->start += sizeof(in) + in.name_len;
	return 1;
}

__u32 lc_link_iter_stream_link_id(const struct lc_link_iter_stream *s)
{
	return s->iter.link_id;
}

void lc_link_iter_stream_close(struct lc_link_iter_stream *s)
{
	if (!s)
		return;
	lc_iter_stop(&s->iter);
	lc_link_info_iter_bpf__destroy(s->skel);
	free(s);
}
