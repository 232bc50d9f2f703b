// SPDX-License-Identifier: GPL-2.0-only
/*
 * xdp.c: `linkctl xdp attach|detach|show`. Which hook is link-owned is decided once, by
 * lc_xdp_state_read(); attach and detach live in lib/xdp_*.c; this file parses and prints.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "link_handover.h"
#include "print_netns.h"
#include "print_fields.h"
#include "print_xdp_dispatcher.h"
#include "../lib/xdp_hooks.h"
#include "../lib/xdp_node.h"

#define XDP_MODE_GROUP 1
#define XDP_OWNER_GROUP 2   /* a new link is owned by its pin or by an exec'd command */

/* The mode keywords; they exclude each other. */
struct xdp_mode_words {
	bool skb, drv, hw;
};

/* The options of each verb, filled by the rows of its table (at the end of the file). */
struct xdp_attach_opts {
	const char *dev;
	struct lc_prog_spec prog;
	enum lc_xdp_via via;
	struct xdp_mode_words mode;
	const char *pin;
	bool replace;
	struct arg_u32 old_prog;
	struct arg_rest exec;
};

struct xdp_detach_opts {
	const char *dev;
	struct xdp_mode_words mode;
	bool force;
};

struct xdp_show_opts {
	const char *dev;
};

/* skb | drv | hw, or -1 when none was given. */
static int mode_arg(const struct xdp_mode_words *m)
{
	return m->skb ? LC_XDP_MODE_SKB : m->drv ? LC_XDP_MODE_DRV : m->hw ? LC_XDP_MODE_HW : -1;
}

/* "prog 42 xdp_pass in drv mode, attached via bpf_link 7 (pinned P; held by c(1) fd 3)" */
static void describe_hook(struct lc_ctx *ctx, const struct lc_xdp_dev *dev, int mode,
			  char *buf, size_t len)
{
	__u32 link_id = dev->link_id[mode];
	struct lc_err ignored;
	struct obj_scan scan;
	struct lc_prog prog;
	char holders[LC_ERR_MSG_MAX / 2] = "";
	bool named = !lc_prog_info_id(dev->prog_id[mode], &prog, &ignored) && prog.name[0];

	if (link_id && !obj_scan_open_one(ctx, LC_OBJ_LINK, link_id, &scan)) {
		format_pins_owners(&scan, link_id, holders, sizeof(holders));
		obj_scan_close(&scan);
	}
	if (named && !holders[0])       /* what a libxdp dispatcher would cut off */
		format_xdp_dispatcher(dev->ifindex, dev->prog_id[mode], holders, sizeof(holders));
	if (!link_id)
		snprintf(buf, len, "prog %u%s%s in %s mode, attached via netlink%s", dev->prog_id[mode],
			 named ? " " : "", named ? prog.name : "", lc_xdp_mode_str(mode), holders);
	else
		snprintf(buf, len, "prog %u%s%s in %s mode, attached via bpf_link %u%s",
			 dev->prog_id[mode], named ? " " : "", named ? prog.name : "",
			 lc_xdp_mode_str(mode), link_id, holders);
}

/* A refusal that names what is in the way; the kernel's own message otherwise. */
static int fail_conflict(struct lc_ctx *ctx, enum lc_xdp_conflict conflict,
			 const struct lc_xdp_dev *dev, int mode, const struct lc_err *err)
{
	char hook[LC_ERR_MSG_MAX];

	if (conflict == LC_XDP_CONFLICT_NONE || mode < 0 || !dev->prog_id[mode])
		return cmd_fail_err(ctx, err);
	describe_hook(ctx, dev, mode, hook, sizeof(hook));
	switch (conflict) {
	case LC_XDP_CONFLICT_OCCUPIED:
		return cmd_fail_class(ctx, LC_ERRC_BUSY, "%s already has an XDP program: %s; add 'replace' to swap it",
				dev->name, hook);
	case LC_XDP_CONFLICT_LINK_OWNED:
		return cmd_fail_class(ctx, LC_ERRC_BUSY, "a bpf_link owns the XDP hook of %s: %s; netlink cannot "
				"replace it (replace via link, or detach the link)", dev->name, hook);
	case LC_XDP_CONFLICT_NETLINK:
		return cmd_fail_class(ctx, LC_ERRC_BUSY, "%s: %s; a bpf_link cannot take over a netlink attachment "
				"(replace via netlink, or detach it first)", dev->name, hook);
	default:
		return cmd_fail_class(ctx, LC_ERRC_BUSY, "%s has %s; native and generic XDP cannot be active at the "
				"same time", dev->name, hook);
	}
}

/*
 * One occupied hook: the text line "IFINDEX: DEV  MODE  prog ..." and its JSON fields.
 * known: the program's info when the caller has it (reading it by ID needs CAP_SYS_ADMIN).
 */
static void print_hook(struct out *o, struct obj_scan *scan, const struct lc_xdp_dev *dev, int m,
		       const struct lc_prog *known)
{
	__u32 link_id = dev->link_id[m];

	out_text(o, "%u: ", dev->ifindex);
	out_text_name(o, "%s  ", dev->name);
	out_str(o, "mode", "%s", lc_xdp_mode_str(m));
	if (known && known->id == dev->prog_id[m])
		print_prog_fields(o, known->id, known);
	else
		print_prog_ref(o, scan, dev->prog_id[m]);
	out_str(o, "attached", "  attached %s", link_id ? "link" : "netlink");
	if (!link_id) {
		out_null(o, "link_id", NULL);
		return;
	}
	out_u32(o, "link_id", " %u", link_id);
	if (dev->link_matches[m] > 1)
		out_u32(o, "link_matches", " (ambiguous: %u links match)", dev->link_matches[m]);
	print_pins(o, scan, link_id);
	print_owners(o, scan, link_id);
}

/* ns: the device's namespace under -A (the JSON object once, each text line names it). */
static void print_dev(struct lc_ctx *ctx, struct obj_scan *scan, const struct lc_xdp_dev *dev,
		      const struct lc_netns *ns)
{
	struct out *o = &ctx->out;

	out_open_object(o, NULL);
	out_json_u32(o, "ifindex", dev->ifindex);
	out_json_str(o, "devname", dev->name);
	if (ns)
		print_netns_obj(o, "netns", ns);
	out_open_array(o, "modes");
	for (int m = 0; m < LC_XDP_MODES; m++) {
		if (!dev->prog_id[m])
			continue;
		out_open_object(o, NULL);
		if (ns) {
			print_netns_text(o, ns);
			out_text(o, "  ");
		}
		print_hook(o, scan, dev, m, NULL);
		print_xdp_dispatcher(ctx, scan, dev->ifindex, dev->prog_id[m]);
		out_text(o, "\n");
		out_close_object(o);
	}
	out_close_array(o);
	if (!lc_xdp_dev_modes(dev)) {
		if (ns) {
			print_netns_text(o, ns);
			out_text(o, "  ");
		}
		out_text(o, "%u: ", dev->ifindex);
		out_text_name(o, "%s  no XDP program\n", dev->name);
	}
	out_close_object(o);
}

static bool any_link_owned(const struct lc_xdp_devs *devs)
{
	return lc_xdp_devs_links(devs, NULL) > 0;
}

static bool any_link_owned_node(const struct lc_xdp_node *node)
{
	for (size_t i = 0; i < node->n; i++)
		if (any_link_owned(&node->v[i].devs))
			return true;
	return false;
}

/* -A: every namespace's devices with a program (or named dev), one array. */
static int do_xdp_show_all(struct lc_ctx *ctx, const char *devname)
{
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	struct lc_xdp_node node;
	struct lc_err err = { 0 };
	size_t shown = 0;
	int rc;

	if (lc_xdp_node_read(&node, &err))
		return cmd_fail_err(ctx, &err);
	if (any_link_owned_node(&node) && (rc = obj_scan_open(ctx, LC_OBJ_LINK, &scan))) {
		lc_xdp_node_free(&node);
		return rc;
	}
	out_open_array(&ctx->out, NULL);
	for (size_t i = 0; i < node.n; i++)
		for (size_t d = 0; d < node.v[i].devs.n; d++) {
			const struct lc_xdp_dev *dev = &node.v[i].devs.v[d];

			if (devname ? strcmp(dev->name, devname) : !lc_xdp_dev_modes(dev))
				continue;
			print_dev(ctx, &scan, dev, node.v[i].ns);
			shown++;
		}
	out_close_array(&ctx->out);
	obj_scan_close(&scan);
	lc_xdp_node_free(&node);
	if (devname && !shown) {
		out_reset(&ctx->out);
		return cmd_fail_no_device(ctx, devname);
	}
	return EXIT_OK;
}

static int do_xdp_show(struct lc_ctx *ctx, const void *opts)
{
	const struct xdp_show_opts *opt = opts;
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	struct lc_xdp_devs devs;
	struct lc_err err = { 0 };
	__u32 ifindex = 0, link_id;
	int rc = 0;

	if (ctx->all_netns)
		return do_xdp_show_all(ctx, opt->dev);
	if (opt->dev && (rc = cmd_dev_resolve(ctx, opt->dev, &ifindex, NULL)))
		return rc;
	if (lc_xdp_state_read(&devs, ifindex, &err))
		return cmd_fail_err(ctx, &err);
	/*
	 * Pins and owners matter for links only: no scans when there are none, and the scans of
	 * one link when the device has one (as a rule): its reference count may spare the pass
	 * over every process's files, and it is the same whatever the host holds.
	 */
	if (ifindex && lc_xdp_devs_links(&devs, &link_id) == 1)
		rc = obj_scan_open_one(ctx, LC_OBJ_LINK, link_id, &scan);
	else if (any_link_owned(&devs))
		rc = obj_scan_open(ctx, LC_OBJ_LINK, &scan);
	if (rc) {
		lc_xdp_devs_free(&devs);
		return rc;
	}
	out_open_array(&ctx->out, NULL);
	for (size_t i = 0; i < devs.n; i++)
		if (ifindex || lc_xdp_dev_modes(&devs.v[i]))
			print_dev(ctx, &scan, &devs.v[i], NULL);
	out_close_array(&ctx->out);
	obj_scan_close(&scan);
	lc_xdp_devs_free(&devs);
	return EXIT_OK;
}

static void print_attach(struct lc_ctx *ctx, const struct lc_xdp_attach_res *res,
			 const struct lc_prog *prog, const struct owner_plan *exec)
{
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	struct out *o = &ctx->out;

	if (res->link_updated)      /* an old link: show the pins and owners it already has */
		obj_scan_open(ctx, LC_OBJ_LINK, &scan);
	out_open_object(o, NULL);
	out_json_u32(o, "ifindex", res->dev.ifindex);
	out_json_str(o, "devname", res->dev.name);
	if (res->mode >= 0)
		print_hook(o, &scan, &res->dev, res->mode, prog);
	if (res->replaced_prog_id)
		out_u32(o, "replaced_prog_id", "\n\treplaced prog %u", res->replaced_prog_id);
	if (res->via == LC_XDP_VIA_LINK && !res->link_updated && res->link_fd < 0) {
		out_open_array(o, "pinned");
		out_str(o, NULL, "\n\tpinned %s", res->pin_path);
		out_close_array(o);
	}
	/* a new pinned link: once linkctl exits, only the pin holds it (with exec: below) */
	if (res->via == LC_XDP_VIA_LINK && !res->link_updated && exec->mode != OWNER_EXEC) {
		out_open_array(o, "pids");
		out_close_array(o);
	}
	if (exec->mode == OWNER_EXEC)
		owner_plan_print(o, exec, -1);  /* ends the text line */
	else
		out_text(o, "\n");
	out_close_object(o);
	obj_scan_close(&scan);
}

/* Combinations the grammar table cannot express. */
static int check_attach_args(struct lc_ctx *ctx, const struct xdp_attach_opts *opt)
{
	bool netlink = opt->via == LC_XDP_VIA_NETLINK;

	if (netlink && opt->pin)
		return cmd_usage(ctx, "xdp attach: 'pin' applies to link attachments only");
	if (opt->old_prog.given && !opt->replace)
		return cmd_usage(ctx, "xdp attach: 'old-prog' needs 'replace'");
	if (opt->old_prog.given && !opt->old_prog.val)
		return cmd_usage(ctx, "xdp attach: invalid ID '0' for 'old-prog'");
	if (opt->exec.argv && (netlink || opt->replace))
		return cmd_usage(ctx, "xdp attach: 'exec' hands a new bpf_link to the command; "
				 "it goes with neither 'via netlink' nor 'replace'");
	return 0;
}

/* The command becomes the link's only owner; returns only if the exec failed. */
static int attach_exec(struct lc_ctx *ctx, int link_fd, const struct owner_plan *plan)
{
	struct lc_term_signals no_signals = { .fd = -1 };
	struct lc_err err = { 0 };

	owner_exec(ctx, link_fd, plan, &no_signals, &err);
	close(link_fd);             /* its last reference: the program detaches again */
	return cmd_fail_errno(ctx, err.code, "%s (link closed: nothing attached)", err.msg);
}

static int do_xdp_attach(struct lc_ctx *ctx, const void *opts)
{
	const struct xdp_attach_opts *opt = opts;
	struct lc_xdp_attach_req req = {
		.ifname = opt->dev, .mode = mode_arg(&opt->mode), .replace = opt->replace,
		.old_prog_id = opt->old_prog.val, .pin_path = opt->pin, .via = opt->via,
		.bpffs_root = ctx->bpffs_root, .allow_mount = !ctx->nomount,
	};
	struct owner_plan exec = { .mode = OWNER_HOLD };
	char devname[IF_NAMESIZE];
	struct lc_xdp_attach_res res;
	struct lc_prog_handle prog;
	struct lc_err err = { 0 };
	int rc;

	rc = check_attach_args(ctx, opt);
	if (!rc)
		rc = cmd_dev_resolve(ctx, req.ifname, &req.ifindex, NULL);
	/* the device's own name, not an alternative one: the default pin is named after it */
	if (!rc && if_indextoname(req.ifindex, devname))
		req.ifname = devname;
	if (!rc && opt->exec.argv)     /* an unknown command fails before anything attaches */
		rc = owner_plan_parse(ctx, opt->pin, &opt->exec, &exec);
	if (rc)
		return rc;
	req.keep_fd = exec.mode == OWNER_EXEC;
	if (lc_prog_open(&opt->prog, BPF_PROG_TYPE_XDP, &prog, &err)) {
		owner_plan_free(&exec);
		return cmd_fail_err(ctx, &err);
	}
	req.prog_fd = prog.fd;
	rc = lc_xdp_attach(&req, &res, &err);
	if (res.defunct_link_unpinned)
		cmd_warn(ctx, "%s held link %u, detached earlier (defunct); the pin was removed",
			 res.pin_path, res.defunct_link_unpinned);
	if (rc)
		rc = fail_conflict(ctx, res.conflict, &res.dev, res.mode, &err);
	else
		print_attach(ctx, &res, &prog.info, &exec);
	lc_prog_handle_close(&prog);    /* the attachment keeps the program alive, nothing else */
	if (!rc && res.link_fd >= 0)
		rc = attach_exec(ctx, res.link_fd, &exec);
	owner_plan_free(&exec);
	return rc ? rc : EXIT_OK;
}

static void print_detach(struct lc_ctx *ctx, const struct lc_xdp_detach_res *res)
{
	struct obj_scan scan = { .kind = LC_OBJ_LINK };
	struct out *o = &ctx->out;

	if (res->link_id && !res->unheld)   /* who still holds the now defunct link */
		obj_scan_open_one(ctx, LC_OBJ_LINK, res->link_id, &scan);
	scan.resolved |= res->unheld && !ctx->no_owners;   /* known: nobody */
	out_open_object(o, NULL);
	out_json_u32(o, "ifindex", res->dev.ifindex);
	out_json_str(o, "devname", res->dev.name);
	out_text(o, "%u: ", res->dev.ifindex);
	out_text_name(o, "%s  ", res->dev.name);
	out_str(o, "mode", "%s", lc_xdp_mode_str(res->mode));
	print_prog_fields(o, res->prog_id, res->prog.id ? &res->prog : NULL);
	print_detached(o, &scan, res->link_id, "netlink", &res->unpinned);
	out_text(o, "\n");
	out_close_object(o);
	obj_scan_close(&scan);
}

/*
 * Nothing to detach is the state a detach asks for: exit 0 with a note, as `ip link set
 * dev X xdp off` and bpftool's `net detach` succeed on an empty hook (re-runnable CI steps).
 */
static int print_nothing_detached(struct lc_ctx *ctx, __u32 ifindex, const char *name,
				  int mode, const char *why)
{
	struct out *o = &ctx->out;

	out_open_object(o, NULL);
	out_json_u32(o, "ifindex", ifindex);
	out_json_str(o, "devname", name);
	if (mode >= 0)
		out_json_str(o, "mode", lc_xdp_mode_str(mode));
	out_json_bool(o, "detached", false);
	out_str(o, "note", "%s; nothing detached\n", why);
	out_close_object(o);
	return EXIT_OK;
}

static int do_xdp_detach(struct lc_ctx *ctx, const void *opts)
{
	const struct xdp_detach_opts *opt = opts;
	struct lc_xdp_detach_res res;
	struct lc_err err = { 0 };
	char hook[LC_ERR_MSG_MAX];
	__u32 ifindex;
	int rc;

	rc = cmd_dev_resolve(ctx, opt->dev, &ifindex, NULL);
	if (rc)
		return rc;
	rc = lc_xdp_detach(ifindex, mode_arg(&opt->mode), opt->force, &res, &err);
	if (rc && res.conflict == LC_XDP_CONFLICT_LINK_OWNED) {
		describe_hook(ctx, &res.dev, res.mode, hook, sizeof(hook));
		rc = cmd_fail_class(ctx, LC_ERRC_BUSY, "%s: %s; add 'force' to remove its pins and detach the link",
			      res.dev.name, hook);
	} else if (rc == -ENOENT) {     /* the hook (or that mode) is empty */
		rc = print_nothing_detached(ctx, ifindex, res.dev.name[0] ? res.dev.name
					    : opt->dev, mode_arg(&opt->mode), err.msg);
	} else if (rc) {
		rc = cmd_fail_err(ctx, &err);
	} else {
		print_detach(ctx, &res);
	}
	lc_pins_free(&res.unpinned);
	return rc;
}

static const struct arg_choice xdp_via_words[] = {
	{ "link", LC_XDP_VIA_LINK }, { "netlink", LC_XDP_VIA_NETLINK }, { 0 }
};

static const struct arg_spec xdp_attach_args[] = {
	ROW_STR(struct xdp_attach_opts, "dev", dev, "IFNAME", VAL_IFNAME, ARG_REQUIRED, 0),
	ROW_PROG(struct xdp_attach_opts, "prog", prog, ARG_REQUIRED, 0),
	ROW_CHOICE(struct xdp_attach_opts, "via", via, enum lc_xdp_via, xdp_via_words, 0, 0),
	ROW_FLAG(struct xdp_attach_opts, "skb", mode.skb, 0, XDP_MODE_GROUP),
	ROW_FLAG(struct xdp_attach_opts, "drv", mode.drv, 0, XDP_MODE_GROUP),
	ROW_FLAG(struct xdp_attach_opts, "hw", mode.hw, 0, XDP_MODE_GROUP),
	ROW_STR(struct xdp_attach_opts, "pin", pin, "PATH", VAL_PIN, 0, XDP_OWNER_GROUP),
	ROW_FLAG(struct xdp_attach_opts, "replace", replace, 0, 0),
	ROW_U32(struct xdp_attach_opts, "old-prog", old_prog, "ID", VAL_PROG_ID, 0, 0),
	ROW_REST(struct xdp_attach_opts, "exec", exec, "CMD [ARGS...]", 0, XDP_OWNER_GROUP),
	{ 0 }
};

static const struct arg_spec xdp_detach_args[] = {
	ROW_STR(struct xdp_detach_opts, "dev", dev, "IFNAME", VAL_IFNAME, ARG_REQUIRED, 0),
	ROW_FLAG(struct xdp_detach_opts, "skb", mode.skb, 0, XDP_MODE_GROUP),
	ROW_FLAG(struct xdp_detach_opts, "drv", mode.drv, 0, XDP_MODE_GROUP),
	ROW_FLAG(struct xdp_detach_opts, "hw", mode.hw, 0, XDP_MODE_GROUP),
	ROW_FLAG(struct xdp_detach_opts, "force", force, 0, 0),
	{ 0 }
};

static const struct arg_spec xdp_show_args[] = {
	ROW_STR(struct xdp_show_opts, "dev", dev, "IFNAME", VAL_IFNAME, 0, 0),
	{ 0 }
};

const struct cmd xdp_verbs[] = {
	{ "attach", do_xdp_attach, xdp_attach_args,
	  "attach an XDP program via bpf_link (pinned) or netlink; replace atomically" },
	{ "detach", do_xdp_detach, xdp_detach_args,
	  "detach the XDP program of a device (a link's only with force)" },
	{ "show", do_xdp_show, xdp_show_args,
	  "XDP programs of every device: mode, program, link or netlink, pins, owners",
	  .all_netns = true },
	{ 0 }
};
