// SPDX-License-Identifier: GPL-2.0-only
/*
 * audit.c: `linkctl audit`: every attachment of the node and its findings, one document;
 * exit 1 when there is a finding (a CI gate), 0 when clean or with warn-only.
 */
#include <stdio.h>
#include <string.h>

#include "linkctl.h"
#include "print_netns.h"
#include "../lib/audit_findings.h"
#include "../lib/cgroup_bpf.h"
#include "../lib/names.h"
#include "../lib/strbuf.h"

/* The options of audit, filled by the rows of its table (at the end). */
struct audit_opts {
	bool warn_only;
	const char *ignore;
	const char *only;
};

/* "xdp-netlink, pin-dir-writable, ...": every code, for a usage error. */
static void code_list(char *buf, size_t len)
{
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, buf, len);
	for (int c = 0; c < LC_AUDIT_CODES; c++) {
		lc_strbuf_sep(&sb, ", ");
		lc_strbuf_addf(&sb, "%s", lc_audit_code_str((enum lc_audit_code)c));
	}
}

/* "xdp-netlink,pin-defunct" (the value of keyword) → bit set; a usage error names an unknown or empty code. */
static int parse_codes(struct lc_ctx *ctx, const char *keyword, const char *list,
		       unsigned int *codes)
{
	char buf[256], known[256], *rest = buf, *code;
	int c;

	snprintf(buf, sizeof(buf), "%s", list);
	while ((code = strsep(&rest, ","))) {
		c = *code ? lc_audit_code_parse(code) : -1;
		code_list(known, sizeof(known));
		if (c < 0)
			return cmd_usage(ctx, "audit: unknown finding code '%s' in '%s %s' (codes: "
					 "%s)", code, keyword, list, known);
		*codes |= 1u << c;
	}
	return 0;
}

/* ignore CODES: those not looked for; only CODES: every other one not looked for. */
static int parse_selection(struct lc_ctx *ctx, const struct audit_opts *opt, unsigned int *ignore)
{
	unsigned int only = 0;
	int rc;

	if (opt->ignore)
		return parse_codes(ctx, "ignore", opt->ignore, ignore);
	if (!opt->only)
		return 0;
	rc = parse_codes(ctx, "only", opt->only, &only);
	*ignore = ((1u << LC_AUDIT_CODES) - 1) & ~only;
	return rc;
}

/* A finding on a device: which object, where (namespace, device). */
static void print_dev_head(struct out *o, const char *object, const struct lc_audit_finding *f)
{
	out_json_str(o, "object", object);
	print_netns_text(o, f->ns);
	print_netns_obj(o, "netns", f->ns);
	out_u32(o, "ifindex", "  %u", f->ifindex);
	out_str(o, "devname", ": %s", f->devname);
}

/* A program attached the old way: no link, so no owner. */
static void print_unowned_prog(struct out *o, const struct lc_audit_finding *f)
{
	out_u32(o, "prog_id", "  prog %u", f->prog_id);
	out_null(o, "link_id", NULL);
}

static void print_xdp_finding(struct out *o, const struct lc_audit_finding *f)
{
	print_dev_head(o, "xdp-hook", f);
	out_str(o, "mode", "  %s", lc_xdp_mode_str(f->mode));
	print_unowned_prog(o, f);
}

static void print_pin_finding(struct out *o, const struct lc_audit_finding *f)
{
	out_json_str(o, "object", "pin");
	out_u32(o, "link_id", "link %u", f->link_id);
	out_str(o, "pin", "  pin %s", f->pin_path);
	if (f->code == LC_AUDIT_PIN_NETNS_GONE)     /* gone: nothing names or holds it now */
		print_netns_ref(o, f->netns_ino, NULL, false);
}

static void print_cgroup_finding(struct out *o, const struct lc_audit_finding *f)
{
	const char *type = lc_attach_type_str(f->attach_type);

	out_json_str(o, "object", "cgroup-prog");
	out_str(o, "cgroup_path", "%s", f->cgroup_path);
	out_json_u64(o, "cgroup_id", f->cgroup_id);
	out_str(o, "attach_type", "  %s", type ? type : "?");
	out_str(o, "attach_flags", "  %s", lc_cgroup_mode_str(f->attach_flags));
	print_unowned_prog(o, f);
}

static void print_tc_finding(struct out *o, const struct lc_audit_finding *f)
{
	print_dev_head(o, "tc-filter", f);
	out_str(o, "direction", "  %s", lc_tcx_dir_str(f->dir));
	out_u32(o, "pref", "  pref %u", f->filter.pref);
	out_u32(o, "handle", " handle 0x%x", f->filter.handle);
	out_json_u32(o, "chain", f->filter.chain);
	out_str(o, "name", " %s", f->filter.name);
	print_unowned_prog(o, f);
}

static void print_tcx_finding(struct out *o, const struct lc_audit_finding *f)
{
	print_dev_head(o, "tcx-prog", f);
	out_str(o, "direction", "  %s", lc_tcx_dir_str(f->dir));
	out_u64(o, "position", "  %llu", (unsigned long long)f->position);
	print_unowned_prog(o, f);
}

static void print_finding(struct out *o, const struct lc_audit_finding *f)
{
	out_open_object(o, NULL);
	out_str(o, "code", "%-18s", lc_audit_code_str(f->code));
	out_text(o, " ");
	if (f->code == LC_AUDIT_XDP_NETLINK)
		print_xdp_finding(o, f);
	else if (f->code == LC_AUDIT_CGROUP_PROG_ATTACH)
		print_cgroup_finding(o, f);
	else if (f->code == LC_AUDIT_TC_CLS_BPF)
		print_tc_finding(o, f);
	else if (f->code == LC_AUDIT_TCX_PROG_ATTACH)
		print_tcx_finding(o, f);
	else
		print_pin_finding(o, f);
	out_str(o, "message", ": %s\n", f->why);
	out_close_object(o);
}

/* A count of a source that did not run (its code ignored) is null, and no text. */
static void OUT_FORMAT(3) print_count(struct out *o, const char *key, const char *fmt, long n)
{
	if (n < 0)
		out_null(o, key, NULL);
	else
		out_i64(o, key, fmt, n);
}

static void print_audit(struct out *o, const struct lc_audit *a, bool warn_only)
{
	out_open_object(o, NULL);
	out_json_bool(o, "clean", !a->n);
	out_json_bool(o, "warn_only", warn_only);
	out_open_array(o, "ignored");
	for (int c = 0; c < LC_AUDIT_CODES; c++)
		if (a->ignore & (1u << c))
			out_json_str(o, NULL, lc_audit_code_str((enum lc_audit_code)c));
	out_close_array(o);
	out_open_array(o, "findings");
	for (size_t i = 0; i < a->n; i++)
		print_finding(o, &a->v[i]);
	out_close_array(o);
	out_text(o, "audit: %s", a->n ? "" : "clean; ");
	if (a->n)
		out_u64(o, "finding_count", a->n == 1 ? "%llu finding; " : "%llu findings; ", a->n);
	else
		out_json_u64(o, "finding_count", 0);
	out_u64(o, "namespaces", "%llu network namespaces, ", a->node.n);
	out_u64(o, "xdp_hooks", "%llu XDP hooks, ", a->xdp_hooks);
	out_u64(o, "links", "%llu links", a->links);
	out_u64(o, "tcx_links", " (%llu tcx)", a->tcx_links);
	print_count(o, "cgroups", ", %lld cgroups", a->cgroups);
	print_count(o, "cgroup_progs", " (%lld programs)", a->cgroup_progs);
	print_count(o, "tc_filters", ", %lld tc filters", a->tc_filters);
	print_count(o, "tcx_progs", ", %lld tcx programs", a->tcx_progs);
	if (a->tcx_unsupported)
		out_text(o, ", no tcx in this kernel");
	out_json_bool(o, "tcx_supported", !a->tcx_unsupported);
	out_text(o, "\n");
	out_close_object(o);
}

int do_audit(struct lc_ctx *ctx, const void *opts)
{
	const struct audit_opts *opt = opts;
	struct lc_audit a = { 0 };
	struct lc_err err = { 0 };
	bool warn_only = opt->warn_only;
	int rc;

	if ((rc = parse_selection(ctx, opt, &a.ignore)))
		return rc;
	if (lc_audit_run(&a, &err))
		return cmd_fail_err(ctx, &err);
	print_audit(&ctx->out, &a, warn_only);
	rc = EXIT_OK;
	if (a.n && !warn_only) {
		ctx->doc_printed = true;        /* the findings are the document, not {"error"} */
		rc = cmd_fail(ctx, "audit: %zu finding%s (exit 1; 'warn-only' exits 0)", a.n,
			      a.n == 1 ? "" : "s");
	}
	lc_audit_free(&a);
	return rc;
}

const struct arg_spec audit_args[] = {
	ROW_FLAG(struct audit_opts, "warn-only", warn_only, 0, 0),
	ROW_STR(struct audit_opts, "ignore", ignore, "CODE[,CODE...]", VAL_CODE, 0, 1),
	ROW_STR(struct audit_opts, "only", only, "CODE[,CODE...]", VAL_CODE, 0, 1),
	{ 0 }
};
