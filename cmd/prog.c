// SPDX-License-Identifier: GPL-2.0-only
/* prog.c: `linkctl prog list|show`: enough about each program to pick one to attach. */
#include <string.h>
#include <time.h>

#include "print_fields.h"
#include "../lib/names.h"
#include "../lib/objfd.h"

struct prog_list_state {
	struct lc_ctx *ctx;
	struct obj_scan scan;
	int type_filter;            /* -1: every type */
};

static void print_prog(struct out *o, struct obj_scan *scan, const struct lc_prog *p)
{
	out_open_object(o, NULL);
	out_u32(o, "id", "%u: ", p->id);
	print_type(o, lc_prog_type_str(p->type), p->type);
	out_str(o, "name", "  name %s", p->name);
	out_str(o, "tag", "  tag %s", p->tag);
	out_time(o, "loaded_at", "loaded_at_ms", "\n\tloaded_at %s", lc_prog_load_epoch_ms(p));
	if (p->btf_id)
		out_u32(o, "btf_id", "  btf_id %u", p->btf_id);
	out_open_array(o, "map_ids");
	for (__u32 i = 0; i < p->nr_map_ids; i++)
		out_u32(o, NULL, i ? ",%u" : "  map_ids %u", p->map_ids[i]);
	out_close_array(o);
	print_pins(o, scan, p->id);
	print_owners(o, scan, p->id);
	out_text(o, "\n");
	out_close_object(o);
}

static int list_one(const struct lc_prog *p, void *arg)
{
	struct prog_list_state *st = arg;

	if (st->type_filter >= 0 && p->type != (__u32)st->type_filter)
		return 0;
	print_prog(&st->ctx->out, &st->scan, p);
	return 0;
}

/* The options of list and show (show without id/pinned lists), filled by their rows. */
struct prog_opts {
	struct arg_u32 id;
	const char *pinned;
	const char *type;
};

/* type TYPE by its bpftool name; -1 when not given. */
static int type_arg(struct lc_ctx *ctx, const char *name, int *type)
{
	*type = -1;
	if (!name)
		return 0;
	*type = lc_prog_type_parse(name);
	if (*type < 0)
		return cmd_usage(ctx, "unknown program type '%s' (named as bpftool does: xdp, "
				 "sched_cls, raw_tracepoint, ...)", name);
	return 0;
}

static int do_prog_list(struct lc_ctx *ctx, const void *opts)
{
	const struct prog_opts *opt = opts;
	struct prog_list_state st = { .ctx = ctx, .type_filter = -1 };
	struct lc_err err = { 0 };
	int rc;

	rc = type_arg(ctx, opt->type, &st.type_filter);
	if (rc)
		return rc;
	rc = obj_scan_open(ctx, LC_OBJ_PROG, &st.scan);
	if (rc)
		return rc;
	out_open_array(&ctx->out, NULL);
	rc = lc_prog_walk(list_one, &st, &err);
	out_close_array(&ctx->out);
	obj_scan_close(&st.scan);
	return rc ? cmd_fail_err(ctx, &err) : EXIT_OK;
}

static int do_prog_show(struct lc_ctx *ctx, const void *opts)
{
	const struct prog_opts *opt = opts;
	struct lc_prog_spec spec = { .kind = LC_PROG_SPEC_ID };
	struct lc_prog_handle h;
	struct obj_scan scan;
	struct lc_err err = { 0 };
	int rc, type;

	if (!opt->id.given && !opt->pinned)
		return do_prog_list(ctx, opt);
	rc = type_arg(ctx, opt->type, &type);
	if (rc)
		return rc;
	if (opt->pinned) {
		spec.kind = LC_PROG_SPEC_PINNED;
		spec.path = opt->pinned;
	} else {
		spec.id = opt->id.val;
	}
	if (lc_prog_open(&spec, type < 0 ? BPF_PROG_TYPE_UNSPEC : (__u32)type, &h, &err))
		return cmd_fail_err(ctx, &err);
	rc = obj_scan_open(ctx, LC_OBJ_PROG, &scan);
	if (!rc) {
		print_prog(&ctx->out, &scan, &h.info);
		obj_scan_close(&scan);
	}
	lc_prog_handle_close(&h);
	return rc;
}

static const struct arg_spec prog_list_args[] = {
	ROW_STR(struct prog_opts, "type", type, "TYPE", VAL_NONE, 0, 0),
	{ 0 }
};

static const struct arg_spec prog_show_args[] = {
	ROW_U32(struct prog_opts, "id", id, "ID", VAL_PROG_ID, 0, 1),
	ROW_STR(struct prog_opts, "pinned", pinned, "PATH", VAL_PIN, 0, 1),
	ROW_STR(struct prog_opts, "type", type, "TYPE", VAL_NONE, 0, 0),
	{ 0 }
};

const struct cmd prog_verbs[] = {
	{ "list", do_prog_list, prog_list_args, "list every loaded program" },
	{ "show", do_prog_show, prog_show_args, "show one program (all without arguments)" },
	{ 0 }
};
