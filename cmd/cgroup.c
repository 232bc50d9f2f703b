// SPDX-License-Identifier: GPL-2.0-only
/*
 * cgroup.c: `linkctl cgroup attach|detach|show`. Which program is link-owned is decided in
 * lib/cgroup_query.c; attach and detach live in lib/cgroup_*.c; this file parses and prints.
 */
#define _GNU_SOURCE     /* scandirat */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/statfs.h>
#include <linux/magic.h>

#include "attach_owner.h"
#include "../lib/cgroup_fs.h"
#include "../lib/cgroup_bpf.h"
#include "../lib/names.h"
#include "../lib/strbuf.h"

#define CG_MODE_GROUP 1
#define CG_OWNER_GROUP 2    /* a new link is owned by its pin or by an exec'd command */

/* The options of each verb, filled by the rows of its table (at the end of the file). */
struct cgroup_attach_opts {
	const char *cgroup;
	const char *attach_type;
	struct lc_prog_spec prog;
	enum lc_cgroup_via via;
	bool multi, override;
	const char *pin;
	bool replace;
	struct arg_u32 old_prog;
	struct arg_rest exec;
};

struct cgroup_detach_opts {
	const char *cgroup;
	const char *attach_type;
	struct arg_u32 prog;
	bool force;
};

struct cgroup_show_opts {
	const char *cgroup;
	const char *type;
	bool recursive, effective;
};

/* One cgroup, opened: its fd and the path it is shown by. */
struct cg_dir {
	int fd;
	__u64 id;
	char path[PATH_MAX];
};

/* What show needs across the cgroups it walks. */
struct cg_view {
	int root_fd;                    /* the cgroup2 mount: cgroup IDs back to paths */
	int only_type;                  /* -1: every attach type */
	bool effective, recursive;
	bool explicit_path;             /* an empty cgroup named on the command line is shown */
	struct lc_cgroup_links links;   /* every cgroup link, walked once */
	bool links_read, scan_opened;
	struct obj_scan scan;
};

static const char *type_str(__u32 type)
{
	const char *name = lc_attach_type_str(type);

	return name ? name : "?";
}

/* The path a cgroup ID is shown by: from the cgroup2 mount, or given when that fails. */
static void cg_path(int root_fd, __u64 id, const char *given, char *buf, size_t len)
{
	if (root_fd < 0 || lc_cgroup_path(root_fd, id, buf, len))
		snprintf(buf, len, "%s", given);
}

/* CGROUP absolute, or relative to the cgroup2 mount; NULL: the mount itself. */
static int cg_open(struct lc_ctx *ctx, int root_fd, const char *path, struct cg_dir *cg)
{
	struct statfs sfs;

	cg->fd = !path ? dup(root_fd) : path[0] == '/'
		? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
		: openat(root_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg->fd < 0)
		return cmd_fail(ctx, "cannot open cgroup %s: %s", path ? path : "/", strerror(errno));
	if (fstatfs(cg->fd, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		close(cg->fd);
		cg->fd = -1;
		return cmd_fail_class(ctx, LC_ERRC_NOT_FOUND, "%s is not a cgroup v2 directory", path);
	}
	cg->id = lc_cgroup_id(cg->fd);
	cg_path(root_fd, cg->id, path ? path : "/", cg->path, sizeof(cg->path));
	return 0;
}

static int root_open(struct lc_ctx *ctx, int *root_fd)
{
	struct lc_err err = { 0 };

	*root_fd = lc_cgroup2_root_open(&err);
	return *root_fd < 0 ? cmd_fail_err(ctx, &err) : 0;
}

static int type_arg(struct lc_ctx *ctx, const char *verb, const char *name, int *type)
{
	*type = name ? lc_cgroup_attach_type_parse(name) : -1;
	if (name && *type < 0)
		return cmd_usage(ctx, "cgroup %s: unknown cgroup attach type '%s' (e.g. ingress, "
				 "egress, sock_create, connect4; 'man linkctl-cgroup' lists them)",
				 verb, name);
	return 0;
}

/* One attachment: "CGROUP  ATTACH_TYPE  MODE  prog ID NAME tag T  attached link L" and its fields. */
/*
 * The ancestor an effective program comes from: its ID and path. The walk up stops at the
 * top of the mount, so an ancestor above a cgroup namespace's root is not found (ID 0):
 * then both are null and inherited_from_reason says why; (unknown) in text, as for a device.
 */
static void print_inherited(struct out *o, int root_fd, __u64 from_id)
{
	char from[PATH_MAX];

	if (from_id)
		out_json_u64(o, "inherited_from_id", from_id);
	else
		out_null(o, "inherited_from_id", NULL);
	if (from_id && root_fd >= 0 && !lc_cgroup_path(root_fd, from_id, from, sizeof(from))) {
		out_str(o, "inherited_from", "  inherited from %s", from);
		return;
	}
	out_null(o, "inherited_from", "  inherited from (unknown)");
	out_json_str(o, "inherited_from_reason", "unknown");
}

static void print_prog(struct lc_ctx *ctx, struct cg_view *v, const struct cg_dir *cg,
		       const struct lc_cgroup_prog *p)
{
	struct out *o = &ctx->out;

	out_open_object(o, NULL);
	out_text_name(o, "%s  ", cg->path);
	out_str(o, "attach_type", "%s", type_str(p->attach_type));
	out_str(o, "attach_flags", "  %s", lc_cgroup_mode_str(p->attach_flags));
	print_prog_ref(o, &v->scan, p->prog_id);
	out_str(o, "attached", "  attached %s", p->link_id ? "link" : "prog-attach");
	if (p->link_id)
		out_u32(o, "link_id", " %u", p->link_id);
	else
		out_null(o, "link_id", NULL);
	if (v->effective && p->from_cgroup_id != cg->id)
		print_inherited(o, v->root_fd, p->from_cgroup_id);
	else if (v->effective)
		out_null(o, "inherited_from", NULL);
	if (p->link_id) {
		print_pins(o, &v->scan, p->link_id);
		print_owners(o, &v->scan, p->link_id);
	}
	out_text(o, "\n");
	out_close_object(o);
}

/* Every cgroup link, walked once, when the first program needs it (the walk costs the most). */
static int view_links(struct lc_ctx *ctx, struct cg_view *v)
{
	struct lc_err err = { 0 };

	if (v->links_read)
		return 0;
	v->links_read = true;
	return lc_cgroup_links_read(&v->links, &err) ? cmd_fail_err(ctx, &err) : 0;
}

/* Pins and holders, scanned once, when the first link-owned program is to be shown. */
static int view_scan(struct lc_ctx *ctx, struct cg_view *v, const struct lc_cgroup_progs *p)
{
	if (v->scan_opened)
		return 0;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].link_id) {
			v->scan_opened = true;
			return obj_scan_resolve(ctx, &v->scan);
		}
	return 0;
}

static int show_one(struct lc_ctx *ctx, struct cg_view *v, const struct cg_dir *cg)
{
	struct out *o = &ctx->out;
	struct lc_cgroup_progs progs;
	struct lc_err err = { 0 };

	if (lc_cgroup_progs_query(cg->fd, v->only_type, v->effective, &progs, &err))
		return cmd_fail_errno(ctx, err.code, "%s: %s", cg->path, err.msg);
	if (lc_cgroup_progs_need_links(&progs) && view_links(ctx, v)) {
		lc_cgroup_progs_free(&progs);
		return EXIT_FAILED;
	}
	lc_cgroup_progs_attribute(&progs, &v->links);
	if (view_scan(ctx, v, &progs)) {
		lc_cgroup_progs_free(&progs);
		return EXIT_FAILED;
	}
	if (progs.n || v->explicit_path) {
		out_open_object(o, NULL);
		out_json_str(o, "cgroup_path", cg->path);
		out_json_u64(o, "cgroup_id", cg->id);
		out_open_array(o, "progs");
		for (size_t i = 0; i < progs.n; i++)
			print_prog(ctx, v, cg, &progs.v[i]);
		out_close_array(o);
		if (!progs.n)
			out_text_name(o, "%s  no BPF programs\n", cg->path);
		out_close_object(o);
	}
	lc_cgroup_progs_free(&progs);
	return 0;
}

static int only_dirs(const struct dirent *e)
{
	return e->d_type == DT_DIR && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
}

/* The cgroup, then (recursive) its descendants by name, parents before children. */
static int show_tree(struct lc_ctx *ctx, struct cg_view *v, const struct cg_dir *cg)
{
	struct dirent **children;
	int rc = show_one(ctx, v, cg), n;

	v->explicit_path = false;       /* descendants without programs are left out */
	if (rc || !v->recursive)
		return rc;
	n = scandirat(cg->fd, ".", &children, only_dirs, alphasort);
	if (n < 0)
		return cmd_fail(ctx, "cannot list %s: %s", cg->path, strerror(errno));
	for (int i = 0; i < n; i++) {
		struct cg_dir child;

		if (!rc && snprintf(child.path, sizeof(child.path), "%s/%s", cg->path,
				    children[i]->d_name) < (int)sizeof(child.path) &&
		    (child.fd = openat(cg->fd, children[i]->d_name,
				       O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			child.id = lc_cgroup_id(child.fd);
			rc = show_tree(ctx, v, &child);
			close(child.fd);
		}       /* else: removed meanwhile, or deeper than a path can name */
		free(children[i]);
	}
	free(children);
	return rc;
}

static int do_cgroup_show(struct lc_ctx *ctx, const void *opts)
{
	const struct cgroup_show_opts *opt = opts;
	struct cg_view v = {
		.effective = opt->effective, .explicit_path = opt->cgroup != NULL,
		/* without CGROUP: the whole hierarchy */
		.recursive = opt->recursive || !opt->cgroup,
		.scan = { .kind = LC_OBJ_LINK },
	};
	struct cg_dir cg = { .fd = -1 };
	int rc;

	rc = type_arg(ctx, "show", opt->type, &v.only_type);
	if (!rc)
		rc = root_open(ctx, &v.root_fd);
	if (rc)
		return rc;
	rc = cg_open(ctx, v.root_fd, opt->cgroup, &cg);
	if (!rc) {
		out_open_array(&ctx->out, NULL);
		rc = show_tree(ctx, &v, &cg);
		out_close_array(&ctx->out);
	}
	obj_scan_close(&v.scan);
	lc_cgroup_links_free(&v.links);
	if (cg.fd >= 0)
		close(cg.fd);
	close(v.root_fd);
	return rc ? rc : EXIT_OK;
}

/* Combinations the grammar table cannot express. */
static int check_attach_args(struct lc_ctx *ctx, const struct cgroup_attach_opts *opt)
{
	bool legacy = opt->via == LC_CGROUP_VIA_PROG_ATTACH;

	if (!legacy && (opt->multi || opt->override))
		return cmd_usage(ctx, "cgroup attach: 'multi' and 'override' apply to 'via prog-attach' "
				 "only (a link is always multi)");
	if (legacy && opt->pin)
		return cmd_usage(ctx, "cgroup attach: 'pin' applies to link attachments only");
	if (opt->old_prog.given && !opt->replace)
		return cmd_usage(ctx, "cgroup attach: 'old-prog' needs 'replace'");
	if (opt->old_prog.given && !opt->old_prog.val)
		return cmd_usage(ctx, "cgroup attach: invalid ID '0' for 'old-prog'");
	if (opt->exec.argv && (legacy || opt->replace))
		return cmd_usage(ctx, "cgroup attach: 'exec' hands a new bpf_link to the command; "
				 "it goes with neither 'via prog-attach' nor 'replace'");
	return 0;
}

static void print_attach(struct lc_ctx *ctx, const struct cg_dir *cg, __u32 type,
			 const struct lc_cgroup_attach_res *res, const struct lc_prog *prog,
			 const struct owner_plan *exec)
{
	struct attach_outcome outcome = {
		.link_id = res->link_id, .link_updated = res->link_updated,
		.pin_path = res->pin_path[0] ? res->pin_path : NULL, .exec = exec,
		.replaced_prog_id = res->replaced_prog_id,
	};
	struct out *o = &ctx->out;

	out_open_object(o, NULL);
	out_str(o, "cgroup_path", "%s  ", cg->path);
	out_json_u64(o, "cgroup_id", cg->id);
	out_str(o, "attach_type", "%s", type_str(type));
	out_str(o, "attach_flags", "  %s", lc_cgroup_mode_str(res->attach_flags));
	print_prog_fields(o, res->prog_id, prog->id == res->prog_id ? prog : NULL);
	print_attach_owner(ctx, &outcome, "prog-attach");
	out_close_object(o);
}

/* "prog 12 cg_allow via bpf_link 7 (pinned P; held by c(1) fd 3)" */
static void describe_att(struct lc_ctx *ctx, const struct lc_cgroup_prog *att,
			 const struct lc_prog *prog, char *buf, size_t len)
{
	char holders[LC_ERR_MSG_MAX / 2] = "";
	struct obj_scan scan;

	if (att->link_id && !obj_scan_open_one(ctx, LC_OBJ_LINK, att->link_id, &scan)) {
		format_pins_owners(&scan, att->link_id, holders, sizeof(holders));
		obj_scan_close(&scan);
	}
	snprintf(buf, len, "prog %u%s%s attached via bpf_link %u%s", att->prog_id,
		 prog->name[0] ? " " : "", prog->name, att->link_id, holders);
}

/* After a refused attach: what is attached there already, and a mode conflict said plainly. */
static int fail_attach(struct lc_ctx *ctx, const struct cg_dir *cg,
		       const struct lc_cgroup_attach_req *req, const struct lc_cgroup_attach_res *res,
		       const struct lc_err *err)
{
	const struct lc_cgroup_prog *v;
	struct lc_cgroup_progs progs;
	struct lc_err ignored;
	char there[LC_ERR_MSG_MAX / 2];
	__u32 type = req->attach_type, wanted, mode;
	struct lc_strbuf sb;
	size_t n;

	if (!res->refused || lc_cgroup_progs_read(cg->fd, (int)type, &progs, &ignored))
		return cmd_fail_err(ctx, err);
	n = lc_cgroup_progs_of(&progs, type, &v);
	mode = n ? v[0].attach_flags : 0;
	lc_strbuf_init(&sb, there, sizeof(there));
	for (size_t i = 0; i < n; i++) {
		lc_strbuf_sep(&sb, ", ");
		lc_strbuf_addf(&sb, "prog %u (%s)", v[i].prog_id, v[i].link_id ? "link" : "prog-attach");
	}
	lc_cgroup_progs_free(&progs);
	if (!n)
		return cmd_fail_err(ctx, err);
	wanted = req->via == LC_CGROUP_VIA_PROG_ATTACH ? req->mode_flags : BPF_F_ALLOW_MULTI;
	if (err->code == -EPERM && strcmp(lc_cgroup_mode_str(mode), lc_cgroup_mode_str(wanted)))
		return cmd_fail_class(ctx, LC_ERRC_BUSY, "cannot attach to %s as %s in %s mode%s: %s runs %s there in %s "
				"mode, which the kernel keeps (detach them first, or replace one)",
				cg->path, type_str(type), lc_cgroup_mode_str(wanted),
				req->via == LC_CGROUP_VIA_PROG_ATTACH ? "" : " (a link is always multi)",
				cg->path, there, lc_cgroup_mode_str(mode));
	return cmd_fail_errno(ctx, err->code, "%s; %s has %s as %s (%s mode)", err->msg, cg->path, there,
			type_str(type), lc_cgroup_mode_str(mode));
}

static int attach_request(struct lc_ctx *ctx, const struct cgroup_attach_opts *opt,
			  struct cg_dir *cg, struct lc_cgroup_attach_req *req, int *root_fd)
{
	int type, rc = check_attach_args(ctx, opt);

	if (!rc)
		rc = type_arg(ctx, "attach", opt->attach_type, &type);
	if (!rc)
		rc = root_open(ctx, root_fd);
	if (!rc)
		rc = cg_open(ctx, *root_fd, opt->cgroup, cg);
	if (rc)
		return rc;
	*req = (struct lc_cgroup_attach_req){
		.cgroup_fd = cg->fd, .cgroup_path = cg->path, .cgroup_id = cg->id,
		.attach_type = (__u32)type, .replace = opt->replace,
		.old_prog_id = opt->old_prog.val, .pin_path = opt->pin,
		.bpffs_root = ctx->bpffs_root, .allow_mount = !ctx->nomount,
		.mode_flags = opt->multi ? BPF_F_ALLOW_MULTI
			    : opt->override ? BPF_F_ALLOW_OVERRIDE : 0,
		.via = opt->via,
	};
	return 0;
}

static int attach_prog(struct lc_ctx *ctx, const struct lc_prog_spec *spec, const struct cg_dir *cg,
		       struct lc_cgroup_attach_req *req, struct owner_plan *exec)
{
	struct lc_cgroup_attach_res res;
	struct lc_prog_handle prog;
	struct lc_err err = { 0 };
	int rc;

	req->keep_fd = exec->mode == OWNER_EXEC;
	if (lc_prog_open(spec, lc_cgroup_attach_prog_type(req->attach_type),
			 &prog, &err))
		return cmd_fail_err(ctx, &err);
	req->prog_fd = prog.fd;
	rc = lc_cgroup_attach(req, &res, &err);
	if (rc)
		rc = fail_attach(ctx, cg, req, &res, &err);
	else
		print_attach(ctx, cg, req->attach_type, &res, &prog.info, exec);
	lc_prog_handle_close(&prog);    /* the attachment keeps the program alive, nothing else */
	if (!rc && res.link_fd >= 0)
		rc = attach_exec(ctx, res.link_fd, exec);
	return rc;
}

static int do_cgroup_attach(struct lc_ctx *ctx, const void *opts)
{
	const struct cgroup_attach_opts *opt = opts;
	struct owner_plan exec = { .mode = OWNER_HOLD };
	struct lc_cgroup_attach_req req;
	struct cg_dir cg = { .fd = -1 };
	int root_fd = -1, rc;

	rc = attach_request(ctx, opt, &cg, &req, &root_fd);
	if (!rc && opt->exec.argv)     /* an unknown command fails before anything attaches */
		rc = owner_plan_parse(ctx, opt->pin, &opt->exec, &exec);
	if (!rc)
		rc = attach_prog(ctx, &opt->prog, &cg, &req, &exec);
	owner_plan_free(&exec);
	if (cg.fd >= 0)
		close(cg.fd);
	if (root_fd >= 0)
		close(root_fd);
	return rc ? rc : EXIT_OK;
}

static void print_detach(struct lc_ctx *ctx, const struct cg_dir *cg,
			 const struct lc_cgroup_detach_res *res)
{
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	struct out *o = &ctx->out;
	__u32 link_id = res->att.link_id;

	if (link_id)            /* who still holds the now defunct link */
		obj_scan_open_one(ctx, LC_OBJ_LINK, link_id, &scan);
	out_open_object(o, NULL);
	out_str(o, "cgroup_path", "%s  ", cg->path);
	out_json_u64(o, "cgroup_id", cg->id);
	out_str(o, "attach_type", "%s", type_str(res->att.attach_type));
	print_prog_fields(o, res->att.prog_id, res->prog.id ? &res->prog : NULL);
	print_detached(o, &scan, link_id, "prog-attach", &res->unpinned);
	out_text(o, "\n");
	out_close_object(o);
	obj_scan_close(&scan);
}

static int detach(struct lc_ctx *ctx, const struct cgroup_detach_opts *opt, const struct cg_dir *cg,
		  __u32 type)
{
	struct lc_cgroup_detach_res res;
	struct lc_err err = { 0 };
	char att[LC_ERR_MSG_MAX];
	int rc;

	rc = lc_cgroup_detach(cg->fd, type, opt->prog.val, opt->force, &res, &err);
	if (rc && res.link_owned) {
		describe_att(ctx, &res.att, &res.prog, att, sizeof(att));
		rc = cmd_fail_class(ctx, LC_ERRC_BUSY, "%s as %s: %s; add 'force' to remove its pins and detach the link",
			      cg->path, type_str(type), att);
	} else if (rc) {
		rc = cmd_fail_errno(ctx, err.code, "%s: %s", cg->path, err.msg);
	} else {
		print_detach(ctx, cg, &res);
	}
	lc_pins_free(&res.unpinned);
	return rc;
}

static int do_cgroup_detach(struct lc_ctx *ctx, const void *opts)
{
	const struct cgroup_detach_opts *opt = opts;
	struct cg_dir cg = { .fd = -1 };
	int root_fd = -1, type, rc;

	rc = type_arg(ctx, "detach", opt->attach_type, &type);
	if (!rc && !opt->prog.val)
		rc = cmd_usage(ctx, "cgroup detach: invalid ID '0' for 'prog'");
	if (!rc)
		rc = root_open(ctx, &root_fd);
	if (!rc)
		rc = cg_open(ctx, root_fd, opt->cgroup, &cg);
	if (!rc)
		rc = detach(ctx, opt, &cg, (__u32)type);
	if (cg.fd >= 0)
		close(cg.fd);
	if (root_fd >= 0)
		close(root_fd);
	return rc ? rc : EXIT_OK;
}

static const struct arg_choice cgroup_via_words[] = {
	{ "link", LC_CGROUP_VIA_LINK }, { "prog-attach", LC_CGROUP_VIA_PROG_ATTACH }, { 0 }
};

static const struct arg_spec cgroup_attach_args[] = {
	ROW_POS(struct cgroup_attach_opts, "CGROUP", cgroup, VAL_CGROUP, ARG_REQUIRED),
	ROW_POS(struct cgroup_attach_opts, "ATTACH_TYPE", attach_type, VAL_ATTACH_TYPE,
		ARG_REQUIRED),
	ROW_PROG(struct cgroup_attach_opts, "prog", prog, ARG_REQUIRED, 0),
	ROW_CHOICE(struct cgroup_attach_opts, "via", via, enum lc_cgroup_via, cgroup_via_words,
		   0, 0),
	ROW_FLAG(struct cgroup_attach_opts, "multi", multi, 0, CG_MODE_GROUP),
	ROW_FLAG(struct cgroup_attach_opts, "override", override, 0, CG_MODE_GROUP),
	ROW_STR(struct cgroup_attach_opts, "pin", pin, "PATH", VAL_PIN, 0, CG_OWNER_GROUP),
	ROW_FLAG(struct cgroup_attach_opts, "replace", replace, 0, 0),
	ROW_U32(struct cgroup_attach_opts, "old-prog", old_prog, "ID", VAL_PROG_ID, 0, 0),
	ROW_REST(struct cgroup_attach_opts, "exec", exec, "CMD [ARGS...]", 0, CG_OWNER_GROUP),
	{ 0 }
};

static const struct arg_spec cgroup_detach_args[] = {
	ROW_POS(struct cgroup_detach_opts, "CGROUP", cgroup, VAL_CGROUP, ARG_REQUIRED),
	ROW_POS(struct cgroup_detach_opts, "ATTACH_TYPE", attach_type, VAL_ATTACH_TYPE,
		ARG_REQUIRED),
	ROW_U32(struct cgroup_detach_opts, "prog", prog, "ID", VAL_PROG_ID,
		ARG_REQUIRED | ARG_ID_WORD, 0),
	ROW_FLAG(struct cgroup_detach_opts, "force", force, 0, 0),
	{ 0 }
};

static const struct arg_spec cgroup_show_args[] = {
	ROW_POS(struct cgroup_show_opts, "CGROUP", cgroup, VAL_CGROUP, 0),
	ROW_STR(struct cgroup_show_opts, "type", type, "ATTACH_TYPE", VAL_ATTACH_TYPE, 0, 0),
	ROW_FLAG(struct cgroup_show_opts, "recursive", recursive, 0, 0),
	ROW_FLAG(struct cgroup_show_opts, "effective", effective, 0, 0),
	{ 0 }
};

const struct cmd cgroup_verbs[] = {
	{ "attach", do_cgroup_attach, cgroup_attach_args,
	  "attach a program to a cgroup via bpf_link (pinned) or prog-attach; replace atomically" },
	{ "detach", do_cgroup_detach, cgroup_detach_args,
	  "detach one program from a cgroup (a link's only with force)" },
	{ "show", do_cgroup_show, cgroup_show_args,
	  "programs of a cgroup per attach type: link or prog-attach, mode, pins, owners" },
	{ 0 }
};
