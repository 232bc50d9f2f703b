// SPDX-License-Identifier: GPL-2.0-only
/* print_fields.c: the pins/owners/program fields every object printer shares. */
#include <stdio.h>
#include <string.h>

#include "print_fields.h"
#include "../lib/names.h"
#include "../lib/self_iter.h"
#include "../lib/strbuf.h"

int obj_scan_open(struct lc_ctx *ctx, enum lc_obj_kind kind, struct obj_scan *s)
{
	return obj_scan_open_one(ctx, kind, 0, s);
}

/* The pins of every bpffs, then the holders (of s->only_id alone when set). */
static int scan_pins_owners(struct obj_scan *s, struct lc_err *err)
{
	int rc = lc_pins_scan(1u << s->kind, &s->pins, err);

	if (rc)
		return rc;
	/* one link that nobody but its pins holds: no pass over every process */
	if (s->kind == LC_OBJ_LINK && s->only_id &&
	    lc_link_held_by_pins_only(s->only_id, s->only_fd, &s->pins))
		return 0;
	return lc_owners_scan_one(s->kind, s->only_id, &s->owners, err);
}

/* The scans here and now; a failure leaves s closed. */
static int resolve(struct obj_scan *s, struct lc_err *err)
{
	int rc = scan_pins_owners(s, err);

	if (rc)
		obj_scan_close(s);
	else
		s->resolved = true;
	return rc;
}

static void scan_init(struct obj_scan *s, enum lc_obj_kind kind, __u32 id)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->only_id = id;
	s->only_fd = -1;
}

int obj_scan_open_one(struct lc_ctx *ctx, enum lc_obj_kind kind, __u32 id, struct obj_scan *s)
{
	scan_init(s, kind, id);
	return obj_scan_resolve(ctx, s);
}

int obj_scan_resolve(struct lc_ctx *ctx, struct obj_scan *s)
{
	struct lc_err err = { 0 };

	if (ctx->no_owners || s->resolved)
		return 0;
	return resolve(s, &err) ? cmd_fail_err(ctx, &err) : 0;
}

int obj_scan_try_one(struct lc_ctx *ctx, enum lc_obj_kind kind, __u32 id, struct obj_scan *s,
		     struct lc_err *err)
{
	scan_init(s, kind, id);
	return ctx->no_owners ? 0 : resolve(s, err);
}

static void *scan_worker(void *arg)
{
	struct obj_scan *s = arg;

	s->worker_rc = scan_pins_owners(s, &s->worker_err);
	atomic_store(&s->finished, true);
	return NULL;
}

bool obj_scan_done(struct obj_scan *s)
{
	return !s->working || atomic_load(&s->finished);
}

int obj_scan_start(struct lc_ctx *ctx, enum lc_obj_kind kind, struct obj_scan *s)
{
	return obj_scan_start_one(ctx, kind, 0, s);
}

/* s initialised: its scans on a worker thread. */
static int start(struct lc_ctx *ctx, struct obj_scan *s)
{
	if (ctx->no_owners)
		return 0;
	if (pthread_create(&s->worker, NULL, scan_worker, s))
		return obj_scan_resolve(ctx, s);    /* no thread: scan here instead */
	s->working = true;
	return 0;
}

int obj_scan_start_one(struct lc_ctx *ctx, enum lc_obj_kind kind, __u32 id, struct obj_scan *s)
{
	scan_init(s, kind, id);
	return start(ctx, s);
}

int obj_scan_start_link(struct lc_ctx *ctx, __u32 link_id, int fd, struct obj_scan *s)
{
	scan_init(s, LC_OBJ_LINK, link_id);
	s->only_fd = fd;
	return start(ctx, s);
}

int obj_scan_wait(struct lc_ctx *ctx, struct obj_scan *s)
{
	if (!s->working)
		return 0;
	pthread_join(s->worker, NULL);
	s->working = false;
	if (s->worker_rc) {
		lc_pins_free(&s->pins);
		lc_owners_free(&s->owners);
		return cmd_fail_err(ctx, &s->worker_err);
	}
	s->resolved = true;
	return 0;
}

void obj_scan_close(struct obj_scan *s)
{
	if (s->working) {
		pthread_join(s->worker, NULL);
		s->working = false;
	}
	lc_pins_free(&s->pins);
	lc_owners_free(&s->owners);
	lc_prog_cache_free(&s->progs);
	s->resolved = false;
}

void print_pins(struct out *o, const struct obj_scan *s, __u32 id)
{
	const struct lc_pin *pin;
	size_t n;

	if (!s->resolved)
		return;
	n = lc_pins_find(&s->pins, s->kind, id, &pin);
	out_open_array(o, "pinned");
	for (size_t i = 0; i < n; i++)
		out_str(o, NULL, "\n\tpinned %s", pin[i].path);
	out_close_array(o);
}

void print_owners(struct out *o, const struct obj_scan *s, __u32 id)
{
	const struct lc_owner *w;
	size_t n;

	if (!s->resolved)
		return;
	n = lc_owners_find(&s->owners, id, &w);
	out_open_array(o, "pids");
	for (size_t i = 0; i < n; i++) {
		out_open_object(o, NULL);
		out_json_i64(o, "pid", w[i].pid);
		out_str(o, "comm", "\n\tpids %s", lc_owners_comm(&s->owners, w[i].pid));
		out_json_i64(o, "fd", w[i].fd);
		out_text(o, "(%d) fd %d", (int)w[i].pid, w[i].fd);
		out_close_object(o);
	}
	out_close_array(o);
}

void print_detached(struct out *o, const struct obj_scan *s, __u32 link_id, const char *old_way,
		    const struct lc_pins *unpinned)
{
	const struct lc_owner *holder;

	out_str(o, "attached", "  detached, was attached via %s", link_id ? "link" : old_way);
	if (!link_id) {
		out_null(o, "link_id", NULL);
		return;
	}
	out_u32(o, "link_id", " %u", link_id);
	out_open_array(o, "unpinned");
	for (size_t i = 0; i < unpinned->n; i++)
		out_str(o, NULL, "\n\tunpinned %s", unpinned->v[i].path);
	out_close_array(o);
	print_owners(o, s, link_id);
	if (s->resolved && lc_owners_find(&s->owners, link_id, &holder))
		out_text(o, "\n\t(these processes now hold a defunct link)");
}

void print_type(struct out *o, const char *name, __u32 type)
{
	if (name)
		out_str(o, "type", "%s", name);
	else
		out_u32(o, "type", "unknown(%u)", type);
}

void print_link_type(struct out *o, __u32 type)
{
	print_type(o, lc_link_type_str(type), type);
}

void print_prog_ref(struct out *o, struct obj_scan *s, __u32 prog_id)
{
	print_prog_fields(o, prog_id, lc_prog_cache_get(&s->progs, prog_id));
}

void print_prog_fields(struct out *o, __u32 prog_id, const struct lc_prog *p)
{
	out_u32(o, "prog_id", "  prog %u", prog_id);
	out_str(o, "prog_name", " %s", p ? p->name : NULL);
	out_str(o, "prog_tag", " tag %s", p ? p->tag : NULL);
}

void format_pins_owners(const struct obj_scan *s, __u32 id, char *buf, size_t len)
{
	const struct lc_pin *pin;
	const struct lc_owner *w;
	size_t npins, nowners;
	struct lc_strbuf sb;

	if (!len)
		return;
	lc_strbuf_init(&sb, buf, len);
	if (!s->resolved)
		return;
	npins = lc_pins_find(&s->pins, s->kind, id, &pin);
	nowners = lc_owners_find(&s->owners, id, &w);
	lc_strbuf_addf(&sb, " (%s", npins ? "pinned " : "not pinned");
	for (size_t i = 0; i < npins; i++)
		lc_strbuf_addf(&sb, "%s%s", i ? ", " : "", pin[i].path);
	lc_strbuf_addf(&sb, "; %s", nowners ? "held by " : "no process holds it");
	for (size_t i = 0; i < nowners; i++)
		lc_strbuf_addf(&sb, "%s%s(%d) fd %d", i ? ", " : "",
			       lc_owners_comm(&s->owners, w[i].pid), (int)w[i].pid, w[i].fd);
	lc_strbuf_addf(&sb, ")");
}
