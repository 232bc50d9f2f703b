// SPDX-License-Identifier: GPL-2.0-only
/*
 * tcx.c: `linkctl tcx attach|detach|show`. The chain comes from lib/tcx_query.c, the tc
 * cls_bpf filters beside it from lib/tc_filters.c; attach and detach live in lib/tcx_*.c.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attach_owner.h"
#include "print_netns.h"
#include "../lib/xdp_devs.h"
#include "../lib/tcx.h"

#define TCX_DIR_GROUP 1
#define TCX_PLACE_GROUP 2       /* before | after | first | last */
#define TCX_RELATIVE_GROUP 3    /* id PROG_ID | link LINK_ID */
#define TCX_OWNER_GROUP 4       /* a new link is owned by its pin or by an exec'd command */

struct tcx_dev {
	__u32 ifindex;
	char name[IF_NAMESIZE];
	const struct lc_netns *ns;      /* -A: the device's namespace, named on every line */
};

/* "[netns LABEL  ]IFINDEX: NAME  ": how each text line about the device starts. */
static void print_dev_text(struct out *o, const struct tcx_dev *dev)
{
	if (dev->ns) {
		print_netns_text(o, dev->ns);
		out_text(o, "  ");
	}
	out_text(o, "%u: ", dev->ifindex);
	out_text_name(o, "%s  ", dev->name);    /* a device name may hold control bytes */
}

/* The direction keywords; they exclude each other. */
struct tcx_dir_words {
	bool ingress, egress;
};

/* The options of each verb, filled by the rows of its table (at the end of the file). */
struct tcx_attach_opts {
	const char *dev;
	struct tcx_dir_words dir;
	struct lc_prog_spec prog;
	bool before, after, first, last;
	struct arg_u32 id;              /* the neighbour's program ... */
	struct arg_u32 link;            /* ... or link */
	struct arg_u32 revision;
	const char *pin;
	struct arg_rest exec;
	bool replace;
	struct arg_u32 old_prog;
};

struct tcx_detach_opts {
	const char *dev;
	struct tcx_dir_words dir;
	struct arg_u32 prog;
	bool force;
};

struct tcx_show_opts {
	const char *dev;
	struct tcx_dir_words dir;
};

/* ingress | egress given, or -1. */
static int dir_arg(const struct tcx_dir_words *d)
{
	return d->ingress ? LC_TCX_INGRESS : d->egress ? LC_TCX_EGRESS : -1;
}

static void print_entry(struct out *o, struct obj_scan *scan, const struct tcx_dev *dev,
			enum lc_tcx_dir dir, size_t pos, const struct lc_tcx_entry *e)
{
	out_open_object(o, NULL);
	print_dev_text(o, dev);
	out_text(o, "%s  ", lc_tcx_dir_str(dir));
	out_u64(o, "position", "%llu", (unsigned long long)pos);
	print_prog_ref(o, scan, e->prog_id);
	out_str(o, "attached", "  attached %s", e->link_id ? "link" : "prog-attach");
	if (e->link_id) {
		out_u32(o, "link_id", " %u", e->link_id);
		print_pins(o, scan, e->link_id);
		print_owners(o, scan, e->link_id);
	} else {
		out_null(o, "link_id", NULL);
	}
	out_text(o, "\n");
	out_close_object(o);
}

static void print_filter(struct out *o, struct obj_scan *scan, const struct tcx_dev *dev,
			 enum lc_tcx_dir dir, const struct lc_tc_filter *f)
{
	out_open_object(o, NULL);
	print_dev_text(o, dev);
	out_text(o, "%s  tc filter", lc_tcx_dir_str(dir));
	out_u32(o, "pref", " pref %u", f->pref);
	out_u32(o, "handle", " handle 0x%x", f->handle);
	out_u32(o, "chain", " chain %u", f->chain);
	print_prog_ref(o, scan, f->prog_id);
	out_str(o, "attached", "  attached %s", "tc");
	out_json_bool(o, "direct_action", f->direct_action);
	if (f->direct_action)
		out_text(o, "  direct-action");
	out_str(o, "name", "  %s", f->name);
	out_text(o, "\n");
	out_close_object(o);
}

static void print_chain(struct out *o, struct obj_scan *scan, const struct tcx_dev *dev,
			const struct lc_tcx_chain *c, const struct lc_tc_filters *filters)
{
	out_open_object(o, NULL);
	print_dev_text(o, dev);
	out_json_u32(o, "ifindex", dev->ifindex);
	out_json_str(o, "devname", dev->name);
	if (dev->ns)
		print_netns_obj(o, "netns", dev->ns);
	out_str(o, "direction", "%s", lc_tcx_dir_str(c->dir));
	out_u64(o, "revision", "  revision %llu\n", (unsigned long long)c->revision);
	out_open_array(o, "progs");
	for (size_t i = 0; i < c->n; i++)
		print_entry(o, scan, dev, c->dir, i + 1, &c->v[i]);
	out_close_array(o);
	out_open_array(o, "tc_filters");
	for (size_t i = 0; i < filters->n; i++)
		print_filter(o, scan, dev, c->dir, &filters->v[i]);
	out_close_array(o);
	out_close_object(o);
}

/* The hook's chain and filters, printed when named or when it has something. */
static int show_hook(struct lc_ctx *ctx, struct obj_scan *scan, const struct tcx_dev *dev,
		     enum lc_tcx_dir dir, bool named)
{
	struct lc_tc_filters filters = { 0 };
	struct lc_err err = { 0 };
	struct lc_tcx_chain c;
	int rc = lc_tcx_chain_read(dev->ifindex, dir, &c, &err);

	if (!rc)
		rc = lc_tc_filters_dump(dev->ifindex, dir, &filters, &err);
	if (rc == -ENODEV && !named) {
		lc_tcx_chain_free(&c);
		return 0;       /* a device of the dump went meanwhile (a namespace torn down) */
	}
	if (rc) {
		lc_tcx_chain_free(&c);
		return cmd_fail_err(ctx, &err);
	}
	/* links to show pins and holders for: scan once, at the first */
	for (size_t i = 0; !scan->resolved && !ctx->no_owners && i < c.n && !rc; i++)
		if (c.v[i].link_id)
			rc = obj_scan_resolve(ctx, scan);
	if (!rc && (named || c.n || filters.n))
		print_chain(&ctx->out, scan, dev, &c, &filters);
	lc_tcx_chain_free(&c);
	lc_tc_filters_free(&filters);
	return rc;
}

static int show_dev(struct lc_ctx *ctx, struct obj_scan *scan, const struct tcx_dev *dev,
		    int only_dir, bool named)
{
	int rc = 0;

	for (int d = 0; d < LC_TCX_DIRS && !rc; d++)
		if (only_dir < 0 || only_dir == d)
			rc = show_hook(ctx, scan, dev, (enum lc_tcx_dir)d, named);
	return rc;
}

/*
 * Every device of the namespace we are in (ns: under -A, that one), or only the one called
 * devname (each found adds to *found).
 */
static int show_all(struct lc_ctx *ctx, struct obj_scan *scan, int only_dir,
		    const struct lc_netns *ns, const char *devname, size_t *found)
{
	struct lc_xdp_devs devs;
	struct lc_err err = { 0 };
	int rc;

	if (lc_xdp_devs_dump(&devs, &err))
		return cmd_fail_err(ctx, &err);
	rc = 0;
	for (size_t i = 0; i < devs.n && !rc; i++) {
		struct tcx_dev dev = { .ifindex = devs.v[i].ifindex, .ns = ns };

		if (devname && strcmp(devs.v[i].name, devname))
			continue;
		snprintf(dev.name, sizeof(dev.name), "%s", devs.v[i].name);
		rc = show_dev(ctx, scan, &dev, only_dir, devname != NULL);
		(*found)++;
	}
	lc_xdp_devs_free(&devs);
	return rc;
}

/* -A: each namespace entered in turn for show_all, then back home. */
static int show_all_netns(struct lc_ctx *ctx, struct obj_scan *scan, int only_dir,
			  const char *devname, size_t *found)
{
	struct lc_netns_list l;
	struct lc_err err = { 0 };
	int rc = lc_netns_list_read(&l, &err);

	if (rc)
		return cmd_fail_err(ctx, &err);
	for (size_t i = 0; !rc && i < l.n; i++) {
		rc = lc_netns_enter(&l, &l.v[i], &err) ? cmd_fail_err(ctx, &err) : 0;
		if (!rc)
			rc = show_all(ctx, scan, only_dir, &l.v[i], devname, found);
	}
	if (lc_netns_enter(&l, NULL, &err) && !rc)
		rc = cmd_fail_err(ctx, &err);
	lc_netns_list_free(&l);
	return rc;
}

static int do_tcx_show(struct lc_ctx *ctx, const void *opts)
{
	const struct tcx_show_opts *opt = opts;
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	const char *devname = opt->dev;
	struct tcx_dev dev = { 0 };
	size_t found = 0;
	int rc;

	if (!ctx->all_netns && devname && (rc = cmd_dev_resolve(ctx, devname, &dev.ifindex, dev.name)))
		return rc;
	out_open_array(&ctx->out, NULL);
	if (ctx->all_netns)
		rc = show_all_netns(ctx, &scan, dir_arg(&opt->dir), devname, &found);
	else if (devname)
		rc = show_dev(ctx, &scan, &dev, dir_arg(&opt->dir), true);
	else
		rc = show_all(ctx, &scan, dir_arg(&opt->dir), NULL, NULL, &found);
	out_close_array(&ctx->out);
	obj_scan_close(&scan);
	if (!rc && ctx->all_netns && devname && !found) {
		out_reset(&ctx->out);
		return cmd_fail_no_device(ctx, devname);
	}
	return rc ? rc : EXIT_OK;
}

/* Combinations the grammar table cannot express. */
static int check_attach_args(struct lc_ctx *ctx, const struct tcx_attach_opts *opt)
{
	const struct { const struct arg_u32 *v; const char *name; } nonzero[] = {
		{ &opt->id, "id" }, { &opt->link, "link" }, { &opt->old_prog, "old-prog" },
		{ &opt->revision, "revision" },
	};
	bool relative = opt->id.given || opt->link.given;
	bool placed = opt->before || opt->after;

	if (relative && !placed)
		return cmd_usage(ctx, "tcx attach: 'id' and 'link' name the neighbour of 'before' "
				 "or 'after'");
	if (placed && !relative)
		return cmd_usage(ctx, "tcx attach: 'before' and 'after' need 'id PROG_ID' or "
				 "'link LINK_ID' (or say 'first' or 'last')");
	if (opt->replace && (relative || opt->first || opt->last || opt->revision.given))
		return cmd_usage(ctx, "tcx attach: a replace keeps the entry's place; it goes with "
				 "neither a place nor 'revision' (name the program with old-prog)");
	if (opt->old_prog.given && !opt->replace)
		return cmd_usage(ctx, "tcx attach: 'old-prog' needs 'replace'");
	if (opt->exec.argv && opt->replace)
		return cmd_usage(ctx, "tcx attach: 'exec' hands a new bpf_link to the command; it "
				 "does not go with 'replace'");
	for (size_t i = 0; i < sizeof(nonzero) / sizeof(nonzero[0]); i++)
		if (nonzero[i].v->given && !nonzero[i].v->val)
			return cmd_usage(ctx, "tcx attach: invalid value '0' for '%s'",
					 nonzero[i].name);
	return 0;
}

static enum lc_tcx_where where_arg(const struct tcx_attach_opts *opt)
{
	if (opt->before || opt->first)
		return LC_TCX_BEFORE;
	return opt->after || opt->last ? LC_TCX_AFTER : LC_TCX_ANYWHERE;
}

static void print_attach(struct lc_ctx *ctx, const struct lc_tcx_attach_req *req,
			 const struct lc_tcx_attach_res *res, const struct lc_prog *prog,
			 const struct owner_plan *exec)
{
	struct attach_outcome outcome = {
		.link_id = res->link_id, .link_updated = res->link_updated,
		.pin_path = res->pin_path[0] ? res->pin_path : NULL, .exec = exec,
		.replaced_prog_id = res->replaced_prog_id,
	};
	struct out *o = &ctx->out;

	out_open_object(o, NULL);
	out_u32(o, "ifindex", "%u: ", req->ifindex);
	out_str(o, "devname", "%s  ", req->ifname);
	out_str(o, "direction", "%s  ", lc_tcx_dir_str(req->dir));
	out_u64(o, "position", "%llu", (unsigned long long)res->position);
	print_prog_fields(o, res->prog_id, prog->id == res->prog_id ? prog : NULL);
	out_u64(o, "revision", "  revision %llu", (unsigned long long)res->revision);
	print_attach_owner(ctx, &outcome, "prog-attach");
	out_close_object(o);
}

static int attach_prog(struct lc_ctx *ctx, const struct lc_prog_spec *spec,
		       struct lc_tcx_attach_req *req, const struct owner_plan *exec)
{
	struct lc_tcx_attach_res res;
	struct lc_prog_handle prog;
	struct lc_err err = { 0 };
	int rc;

	req->keep_fd = exec->mode == OWNER_EXEC;
	if (lc_prog_open(spec, BPF_PROG_TYPE_SCHED_CLS, &prog, &err))
		return cmd_fail_err(ctx, &err);
	req->prog_fd = prog.fd;
	rc = lc_tcx_attach(req, &res, &err);
	if (rc)
		rc = cmd_fail_err(ctx, &err);
	else
		print_attach(ctx, req, &res, &prog.info, exec);
	lc_prog_handle_close(&prog);    /* the attachment keeps the program alive, nothing else */
	if (!rc && res.link_fd >= 0)
		rc = attach_exec(ctx, res.link_fd, exec);
	return rc;
}

static int do_tcx_attach(struct lc_ctx *ctx, const void *opts)
{
	const struct tcx_attach_opts *opt = opts;
	struct owner_plan exec = { .mode = OWNER_HOLD };
	struct lc_tcx_attach_req req;
	struct tcx_dev dev;
	int rc = check_attach_args(ctx, opt);

	if (!rc)
		rc = cmd_dev_resolve(ctx, opt->dev, &dev.ifindex, dev.name);
	if (!rc && opt->exec.argv)     /* an unknown command fails before anything attaches */
		rc = owner_plan_parse(ctx, opt->pin, &opt->exec, &exec);
	if (rc)
		return rc;
	req = (struct lc_tcx_attach_req){
		.ifindex = dev.ifindex, .ifname = dev.name,
		.dir = (enum lc_tcx_dir)dir_arg(&opt->dir), .where = where_arg(opt),
		.relative_prog_id = opt->id.val, .relative_link_id = opt->link.val,
		.expected_revision = opt->revision.val, .replace = opt->replace,
		.old_prog_id = opt->old_prog.val, .pin_path = opt->pin,
		.bpffs_root = ctx->bpffs_root, .allow_mount = !ctx->nomount,
	};
	rc = attach_prog(ctx, &opt->prog, &req, &exec);
	owner_plan_free(&exec);
	return rc ? rc : EXIT_OK;
}

static void print_detach(struct lc_ctx *ctx, const struct tcx_dev *dev, enum lc_tcx_dir dir,
			 const struct lc_tcx_detach_res *res)
{
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	struct out *o = &ctx->out;
	__u32 link_id = res->entry.link_id;

	if (link_id)            /* who still holds the now defunct link */
		obj_scan_open_one(ctx, LC_OBJ_LINK, link_id, &scan);
	out_open_object(o, NULL);
	out_u32(o, "ifindex", "%u: ", dev->ifindex);
	out_str(o, "devname", "%s  ", dev->name);
	out_str(o, "direction", "%s", lc_tcx_dir_str(dir));
	print_prog_fields(o, res->entry.prog_id, res->prog.id ? &res->prog : NULL);
	print_detached(o, &scan, link_id, "prog-attach", &res->unpinned);
	out_text(o, "\n");
	out_close_object(o);
	obj_scan_close(&scan);
}

/* Not in the chain: a cls_bpf filter of that ID is named, it is the likely confusion. */
static int fail_not_in_chain(struct lc_ctx *ctx, const struct tcx_dev *dev, enum lc_tcx_dir dir,
			     __u32 prog_id, const struct lc_err *err)
{
	struct lc_tc_filters filters;
	struct lc_err ignored;
	int rc = -1;

	if (lc_tc_filters_dump(dev->ifindex, dir, &filters, &ignored))
		return cmd_fail_errno(ctx, err->code, "%s: %s", dev->name, err->msg);
	for (size_t i = 0; i < filters.n && rc < 0; i++)
		if (filters.v[i].prog_id == prog_id)
			rc = cmd_fail(ctx, "%s: program %u is a tc filter (pref %u handle 0x%x) on the "
				      "clsact %s hook, not in the tcx chain; 'tc filter del' removes it",
				      dev->name, prog_id, filters.v[i].pref, filters.v[i].handle,
				      lc_tcx_dir_str(dir));
	lc_tc_filters_free(&filters);
	return rc < 0 ? cmd_fail_errno(ctx, err->code, "%s: %s", dev->name, err->msg) : rc;
}

static int refuse_link_owned(struct lc_ctx *ctx, const struct tcx_dev *dev, enum lc_tcx_dir dir,
			     const struct lc_tcx_detach_res *res)
{
	char holders[LC_ERR_MSG_MAX / 2] = "";
	struct obj_scan scan;

	if (!obj_scan_open_one(ctx, LC_OBJ_LINK, res->entry.link_id, &scan)) {
		format_pins_owners(&scan, res->entry.link_id, holders, sizeof(holders));
		obj_scan_close(&scan);
	}
	return cmd_fail_class(ctx, LC_ERRC_BUSY, "%s %s: prog %u%s%s attached via bpf_link %u%s; add 'force' to remove "
			"its pins and detach the link", dev->name, lc_tcx_dir_str(dir),
			res->entry.prog_id, res->prog.name[0] ? " " : "", res->prog.name,
			res->entry.link_id, holders);
}

static int do_tcx_detach(struct lc_ctx *ctx, const void *opts)
{
	const struct tcx_detach_opts *opt = opts;
	enum lc_tcx_dir dir = (enum lc_tcx_dir)dir_arg(&opt->dir);
	__u32 prog_id = opt->prog.val;
	struct lc_tcx_detach_res res;
	struct lc_err err = { 0 };
	struct tcx_dev dev;
	int rc;

	if (!prog_id)
		return cmd_usage(ctx, "tcx detach: invalid ID '0' for 'prog'");
	rc = cmd_dev_resolve(ctx, opt->dev, &dev.ifindex, dev.name);
	if (rc)
		return rc;
	rc = lc_tcx_detach(dev.ifindex, dir, prog_id, opt->force, &res, &err);
	if (rc && res.link_owned)
		rc = refuse_link_owned(ctx, &dev, dir, &res);
	else if (rc == -ENOENT && !res.entry.prog_id)
		rc = fail_not_in_chain(ctx, &dev, dir, prog_id, &err);
	else if (rc)
		rc = cmd_fail_errno(ctx, err.code, "%s: %s", dev.name, err.msg);
	else
		print_detach(ctx, &dev, dir, &res);
	lc_pins_free(&res.unpinned);
	return rc;
}

static const struct arg_spec tcx_attach_args[] = {
	ROW_STR(struct tcx_attach_opts, "dev", dev, "IFNAME", VAL_IFNAME, ARG_REQUIRED, 0),
	ROW_FLAG(struct tcx_attach_opts, "ingress", dir.ingress, ARG_REQUIRED, TCX_DIR_GROUP),
	ROW_FLAG(struct tcx_attach_opts, "egress", dir.egress, ARG_REQUIRED, TCX_DIR_GROUP),
	ROW_PROG(struct tcx_attach_opts, "prog", prog, ARG_REQUIRED, 0),
	ROW_FLAG(struct tcx_attach_opts, "before", before, 0, TCX_PLACE_GROUP),
	ROW_FLAG(struct tcx_attach_opts, "after", after, 0, TCX_PLACE_GROUP),
	ROW_FLAG(struct tcx_attach_opts, "first", first, 0, TCX_PLACE_GROUP),
	ROW_FLAG(struct tcx_attach_opts, "last", last, 0, TCX_PLACE_GROUP),
	ROW_U32(struct tcx_attach_opts, "id", id, "PROG_ID", VAL_PROG_ID, 0, TCX_RELATIVE_GROUP),
	ROW_U32(struct tcx_attach_opts, "link", link, "LINK_ID", VAL_LINK_ID, 0,
		TCX_RELATIVE_GROUP),
	ROW_U32(struct tcx_attach_opts, "revision", revision, "N", VAL_NONE, 0, 0),
	ROW_STR(struct tcx_attach_opts, "pin", pin, "PATH", VAL_PIN, 0, TCX_OWNER_GROUP),
	ROW_REST(struct tcx_attach_opts, "exec", exec, "CMD [ARGS...]", 0, TCX_OWNER_GROUP),
	ROW_FLAG(struct tcx_attach_opts, "replace", replace, 0, 0),
	ROW_U32(struct tcx_attach_opts, "old-prog", old_prog, "ID", VAL_PROG_ID, 0, 0),
	{ 0 }
};

static const struct arg_spec tcx_detach_args[] = {
	ROW_STR(struct tcx_detach_opts, "dev", dev, "IFNAME", VAL_IFNAME, ARG_REQUIRED, 0),
	ROW_FLAG(struct tcx_detach_opts, "ingress", dir.ingress, ARG_REQUIRED, TCX_DIR_GROUP),
	ROW_FLAG(struct tcx_detach_opts, "egress", dir.egress, ARG_REQUIRED, TCX_DIR_GROUP),
	ROW_U32(struct tcx_detach_opts, "prog", prog, "ID", VAL_PROG_ID,
		ARG_REQUIRED | ARG_ID_WORD, 0),
	ROW_FLAG(struct tcx_detach_opts, "force", force, 0, 0),
	{ 0 }
};

static const struct arg_spec tcx_show_args[] = {
	ROW_STR(struct tcx_show_opts, "dev", dev, "IFNAME", VAL_IFNAME, 0, 0),
	ROW_FLAG(struct tcx_show_opts, "ingress", dir.ingress, 0, TCX_DIR_GROUP),
	ROW_FLAG(struct tcx_show_opts, "egress", dir.egress, 0, TCX_DIR_GROUP),
	{ 0 }
};

const struct cmd tcx_verbs[] = {
	{ "attach", do_tcx_attach, tcx_attach_args,
	  "attach a tc program to a device's tcx chain via bpf_link (pinned), in a chosen place" },
	{ "detach", do_tcx_detach, tcx_detach_args,
	  "detach one program from a tcx chain (a link's only with force)" },
	{ "show", do_tcx_show, tcx_show_args,
	  "tcx chains in order (revision, links, pins, owners) and tc cls_bpf filters beside them",
	  .all_netns = true },
	{ 0 }
};
