// SPDX-License-Identifier: GPL-2.0-only
/*
 * print_link.c: one printer per link for text and JSON alike: a common header, then
 * the detail of its type from a table of per-type printers, then pins and owners.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "link.h"
#include "print_netns.h"
#include "../lib/cgroup_fs.h"
#include "../lib/iter_cache.h"
#include "../lib/link_fields.h"
#include "../lib/names.h"
#include "../lib/libxdp_dispatcher.h"

/* What a detail printer may need besides the link itself. */
struct link_row {
	struct link_view *view;
	const struct lc_link *l;
	const struct lc_prog *prog;         /* NULL when the program vanished */
	const struct lc_linkdev *dev;       /* device-bound types only */
};

static void print_attach_type(struct out *o, __u32 attach_type)
{
	const char *name = lc_attach_type_str(attach_type);

	if (name)
		out_str(o, "attach_type", "  attach_type %s", name);
	else
		out_u32(o, "attach_type", "  attach_type %u", attach_type);
}

static void print_raw_tp(struct out *o, const struct link_row *r)
{
	out_str(o, "tp_name", "\n\ttp_name %s", r->l->name);
}

/* An freplace link filling a slot of libxdp's dispatcher says so (linkctl-xdp(8)). */
static void print_target_dispatcher(struct out *o, const struct link_row *r)
{
	__u32 target_id = r->l->info.tracing.target_obj_id;
	const struct lc_prog *target = target_id
		? lc_prog_cache_get(&r->view->scan.progs, target_id) : NULL;

	if (target && lc_xdp_dispatcher_name(target->name)) {
		out_json_bool(o, "libxdp_dispatcher", true);
		out_text(o, "  (a slot of libxdp's dispatcher)");
	}
}

static void print_tracing(struct out *o, const struct link_row *r)
{
	const char *prog_type = r->prog ? lc_prog_type_str(r->prog->type) : NULL;

	out_text(o, "\n\t");
	if (prog_type)
		out_str(o, "prog_type", "prog_type %s", prog_type);
	else if (r->prog)
		out_u32(o, "prog_type", "prog_type %u", r->prog->type);
	/* freplace (ext) programs have no attach type: the kernel's 0 would read as
	 * cgroup_inet_ingress (libxdp's dispatcher links, for one) */
	if (r->prog && r->prog->type == LC_PROG_TYPE_EXT)
		out_null(o, "attach_type", NULL);
	else
		print_attach_type(o, r->l->info.tracing.attach_type);
	out_u32(o, "target_obj_id", "  target_obj_id %u", r->l->info.tracing.target_obj_id);
	out_u32(o, "target_btf_id", "  target_btf_id %u", r->l->info.tracing.target_btf_id);
	print_target_dispatcher(o, r);
}

/* The cgroup's path, when the cgroup v2 mount can resolve its ID. */
static void print_cgroup_path(struct out *o, struct link_view *v, __u64 cgroup_id)
{
	char path[4096];
	struct lc_err ignored;

	if (!v->cgroup_tried) {
		v->cgroup_tried = true;
		v->cgroup_root_fd = lc_cgroup2_root_open(&ignored);
	}
	if (cgroup_id && v->cgroup_root_fd >= 0 &&
	    !lc_cgroup_path(v->cgroup_root_fd, cgroup_id, path, sizeof(path)))
		out_str(o, "cgroup_path", "\n\tcgroup_path %s", path);
}

static void print_cgroup(struct out *o, const struct link_row *r)
{
	out_u64(o, "cgroup_id", "\n\tcgroup_id %llu", r->l->info.cgroup.cgroup_id);
	print_attach_type(o, r->l->info.cgroup.attach_type);
	print_cgroup_path(o, r->view, r->l->info.cgroup.cgroup_id);
}

static bool name_in(const char *name, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(name, *set))
			return true;
	return false;
}

static void print_iter(struct out *o, const struct link_row *r)
{
	static const char *const map_targets[] = { "bpf_map_elem", "bpf_sk_storage_map", NULL };
	static const char *const task_targets[] = { "task", "task_file", "task_vma", NULL };
	static const char *const orders[] = { "order_unspec", "self_only", "descendants_pre",
					      "descendants_post", "ancestors_up" };
	const struct lc_link *l = r->l;

	out_str(o, "target_name", "\n\ttarget_name %s", l->name);
	if (name_in(l->name, map_targets))
		out_u32(o, "map_id", "  map_id %u", l->info.iter.map.map_id);
	if (name_in(l->name, task_targets) && l->info.iter.task.tid)
		out_u32(o, "tid", "  tid %u", l->info.iter.task.tid);
	else if (name_in(l->name, task_targets) && l->info.iter.task.pid)
		out_u32(o, "pid", "  pid %u", l->info.iter.task.pid);
	if (strcmp(l->name, "cgroup"))
		return;
	out_u64(o, "cgroup_id", "  cgroup_id %llu", l->info.iter.cgroup.cgroup_id);
	if (l->info.iter.cgroup.order < sizeof(orders) / sizeof(orders[0]))
		out_str(o, "order", "  order %s", orders[l->info.iter.cgroup.order]);
	else
		out_u32(o, "order", "  order %u", l->info.iter.cgroup.order);
}

/* bpftool's netns_ino, and the namespace it names as every device link names its own. */
static void print_netns(struct out *o, const struct link_row *r)
{
	unsigned long long ino = r->l->info.netns.netns_ino;
	const struct lc_netns *ns = lc_linkdev_netns(&r->view->devs, ino);

	out_u32(o, "netns_ino", "\n\tnetns_ino %u", r->l->info.netns.netns_ino);
	print_netns_ref(o, ino, ns, ns != NULL);
	print_attach_type(o, r->l->info.netns.attach_type);
}

/*
 * xdp, tcx, netkit: the ifindex, the device's name only where it provably runs the link,
 * and its namespace (JSON always; text where it is not ours, and on every line under -A).
 */
static void print_device(struct out *o, const struct link_row *r)
{
	const struct lc_linkdev *dev = r->dev;
	bool detached = dev->where == LC_LINKDEV_DETACHED;

	out_u32(o, "ifindex", "\n\tifindex %u", dev->ifindex);
	if (dev->where == LC_LINKDEV_HERE || (dev->ns && dev->devname[0])) {
		out_str(o, "devname", "  devname %s", dev->devname);
	} else {    /* bpftool's words in text; null and why in JSON */
		out_null(o, "devname", detached ? "  devname (detached)" : "  devname (unknown)");
		out_json_str(o, "devname_reason", detached ? "detached" : "unknown");
	}
	print_netns_ref(o, dev->netns_ino, lc_linkdev_netns(&r->view->devs, dev->netns_ino),
			dev->where == LC_LINKDEV_ELSEWHERE || r->view->devs.all);
}

static void print_dev_attach(struct out *o, const struct link_row *r)
{
	print_device(o, r);
	print_attach_type(o, (__u32)lc_link_attach_type(r->l));
}

/*
 * Kernels older than a link type's detail (perf_event and kprobe_multi before 6.6,
 * uprobe_multi before 6.8) fill none of it, and a zero there would read as a value
 * ("unspec", 0 functions). The keys are null then, with detail_reason saying why.
 */
#define NOT_REPORTED "not reported by this kernel"

static void print_unreported(struct out *o, const char *const *keys)
{
	out_text(o, "\n\tdetail " NOT_REPORTED);
	for (; *keys; keys++)
		out_null(o, *keys, NULL);
	out_json_str(o, "detail_reason", NOT_REPORTED);
}

/*
 * A member newer than its type's detail (missed, cookie): the kernel's BTF says whether
 * it fills it (lib/link_fields.h). Else key is null, with key_reason saying why (keys
 * are kept by pointer in the JSON: literals only).
 */
static void print_late_u64(struct out *o, enum lc_link_field field, const char *key,
			   const char *reason_key, __u64 value)
{
	if (lc_link_field_reported(lc_link_fields_kernel(), field, value)) {
		out_text(o, "  %s", key);
		out_u64(o, key, " %llu", value);
		return;
	}
	out_text(o, "  %s (" NOT_REPORTED ")", key);
	out_null(o, key, NULL);
	out_json_str(o, reason_key, NOT_REPORTED);
}

static void print_perf_probe(struct out *o, const struct lc_link *l, int kind)
{
	bool kprobe = kind == LC_PERF_EVENT_KPROBE || kind == LC_PERF_EVENT_KRETPROBE;

	out_bool(o, "retprobe", "  retprobe %s",
		 kind == LC_PERF_EVENT_KRETPROBE || kind == LC_PERF_EVENT_URETPROBE);
	if (kprobe) {
		out_str(o, "func", "  func %s", l->name);
		out_u32(o, "offset", "  offset %u", l->info.perf_event.kprobe.offset);
		out_u64(o, "addr", "  addr 0x%llx", l->info.perf_event.kprobe.addr);
		print_late_u64(o, LC_LF_PERF_KPROBE_MISSED, "missed", "missed_reason",
			       l->info.perf_event.kprobe.missed);
		print_late_u64(o, LC_LF_PERF_KPROBE_COOKIE, "cookie", "cookie_reason",
			       l->info.perf_event.kprobe.cookie);
		return;
	}
	out_str(o, "file", "  file %s", l->name);
	out_u32(o, "offset", "  offset %u", l->info.perf_event.uprobe.offset);
	print_late_u64(o, LC_LF_PERF_UPROBE_COOKIE, "cookie", "cookie_reason",
		       l->info.perf_event.uprobe.cookie);
}


static void print_perf_event(struct out *o, const struct link_row *r)
{
	static const char *const kinds[] = { "unspec", "uprobe", "uretprobe", "kprobe",
					     "kretprobe", "tracepoint", "event" };
	static const char *const event_types[] = { "hardware", "software", "tracepoint",
						   "hw-cache", "raw", "breakpoint" };
	static const char *const unreported[] = { "perf_event_type", NULL };
	const struct lc_link *l = r->l;
	__u32 kind = l->info.perf_event.type, ev = l->info.perf_event.event.type;

	/* a kernel that fills the detail always names the kind (else the call fails) */
	if (kind == LC_PERF_EVENT_UNSPEC) {
		print_unreported(o, unreported);
		return;
	}
	if (kind < sizeof(kinds) / sizeof(kinds[0]))
		out_str(o, "perf_event_type", "\n\tperf_event_type %s", kinds[kind]);
	else
		out_u32(o, "perf_event_type", "\n\tperf_event_type %u", kind);
	if (kind >= LC_PERF_EVENT_UPROBE && kind <= LC_PERF_EVENT_KRETPROBE) {
		print_perf_probe(o, l, (int)kind);
	} else if (kind == LC_PERF_EVENT_TRACEPOINT) {
		out_str(o, "tracepoint", "  tracepoint %s", l->name);
		print_late_u64(o, LC_LF_PERF_TRACEPOINT_COOKIE, "cookie", "cookie_reason",
			       l->info.perf_event.tracepoint.cookie);
	} else if (kind == LC_PERF_EVENT_EVENT) {
		if (ev < sizeof(event_types) / sizeof(event_types[0]))
			out_str(o, "event_type", "  event_type %s", event_types[ev]);
		else
			out_u32(o, "event_type", "  event_type %u", ev);
		out_u64(o, "event_config", "  event_config %llu", l->info.perf_event.event.config);
		print_late_u64(o, LC_LF_PERF_EVENT_COOKIE, "cookie", "cookie_reason",
			       l->info.perf_event.event.cookie);
	}
}

/* BPF_F_KPROBE_MULTI_RETURN and BPF_F_UPROBE_MULTI_RETURN are both bit 0. */
#define LC_MULTI_RETURN 1u

/* A multi link has at least one function: a count of 0 is a kernel that reported nothing. */
static void print_kprobe_multi(struct out *o, const struct link_row *r)
{
	static const char *const unreported[] = { "retprobe", "func_cnt", "missed", NULL };

	if (!r->l->info.kprobe_multi.count) {
		print_unreported(o, unreported);
		return;
	}
	out_bool(o, "retprobe", "\n\tretprobe %s", r->l->info.kprobe_multi.flags & LC_MULTI_RETURN);
	out_u32(o, "func_cnt", "  func_cnt %u", r->l->info.kprobe_multi.count);
	print_late_u64(o, LC_LF_KPROBE_MULTI_MISSED, "missed", "missed_reason",
		       r->l->info.kprobe_multi.missed);
}

static void print_uprobe_multi(struct out *o, const struct link_row *r)
{
	static const char *const unreported[] = { "retprobe", "path", "func_cnt", "pid", NULL };

	if (!r->l->info.uprobe_multi.count) {
		print_unreported(o, unreported);
		return;
	}
	out_bool(o, "retprobe", "\n\tretprobe %s", r->l->info.uprobe_multi.flags & LC_MULTI_RETURN);
	out_str(o, "path", "  path %s", r->l->name);
	out_u32(o, "func_cnt", "  func_cnt %u", r->l->info.uprobe_multi.count);
	out_u32(o, "pid", "  pid %u", r->l->info.uprobe_multi.pid);
}

static void print_struct_ops(struct out *o, const struct link_row *r)
{
	out_u32(o, "map_id", "\n\tmap_id %u", r->l->info.struct_ops.map_id);
}

static void print_netfilter(struct out *o, const struct link_row *r)
{
	out_u32(o, "pf", "\n\tpf %u", r->l->info.netfilter.pf);
	out_u32(o, "hook", "  hook %u", r->l->info.netfilter.hooknum);
	out_i64(o, "prio", "  prio %lld", r->l->info.netfilter.priority);
	out_u32(o, "flags", "  flags 0x%x", r->l->info.netfilter.flags);
}

static void print_sockmap(struct out *o, const struct link_row *r)
{
	out_u32(o, "map_id", "\n\tmap_id %u", r->l->info.sockmap.map_id);
	print_attach_type(o, r->l->info.sockmap.attach_type);
}

/* A type missing here still prints its common fields: never a failure. */
static const struct {
	__u32 type;
	void (*fn)(struct out *o, const struct link_row *r);
} link_details[] = {
	{ LC_LINK_TYPE_RAW_TRACEPOINT, print_raw_tp },
	{ LC_LINK_TYPE_TRACING, print_tracing },
	{ LC_LINK_TYPE_CGROUP, print_cgroup },
	{ LC_LINK_TYPE_ITER, print_iter },
	{ LC_LINK_TYPE_NETNS, print_netns },
	{ LC_LINK_TYPE_XDP, print_device },
	{ LC_LINK_TYPE_PERF_EVENT, print_perf_event },
	{ LC_LINK_TYPE_KPROBE_MULTI, print_kprobe_multi },
	{ LC_LINK_TYPE_STRUCT_OPS, print_struct_ops },
	{ LC_LINK_TYPE_NETFILTER, print_netfilter },
	{ LC_LINK_TYPE_TCX, print_dev_attach },
	{ LC_LINK_TYPE_UPROBE_MULTI, print_uprobe_multi },
	{ LC_LINK_TYPE_NETKIT, print_dev_attach },
	{ LC_LINK_TYPE_SOCKMAP, print_sockmap },
};

static void print_header(struct out *o, const struct link_row *r)
{
	out_u32(o, "id", "%u: ", r->l->info.id);
	print_link_type(o, r->l->info.type);
	print_prog_ref(o, &r->view->scan, r->l->info.prog_id);
}

int print_link_begin(struct out *o, struct link_view *v, const struct lc_link *l,
		    struct lc_err *err)
{
	struct lc_linkdev dev;
	struct link_row row = { .view = v, .l = l, .dev = &dev };
	int rc = lc_linkdev_resolve(&v->devs, l, &dev, err);

	if (rc)
		return rc;
	row.prog = lc_prog_cache_get(&v->scan.progs, l->info.prog_id);
	out_open_object(o, NULL);
	print_header(o, &row);
	for (size_t i = 0; i < sizeof(link_details) / sizeof(link_details[0]); i++)
		if (link_details[i].type == l->info.type)
			link_details[i].fn(o, &row);
	out_json_bool(o, "defunct", l->defunct);
	if (l->defunct)
		out_text(o, "  defunct");
	return 0;
}

void print_link_end(struct out *o, struct link_view *v, __u32 link_id)
{
	print_pins(o, &v->scan, link_id);
	print_owners(o, &v->scan, link_id);
	out_text(o, "\n");
	out_close_object(o);
}

int print_link(struct out *o, struct link_view *v, const struct lc_link *l, struct lc_err *err)
{
	int rc = print_link_begin(o, v, l, err);

	if (!rc)
		print_link_end(o, v, l->info.id);
	return rc;
}

static int view_init(struct lc_ctx *ctx, struct link_view *v)
{
	struct lc_err err = { 0 };

	memset(v, 0, sizeof(*v));
	v->cgroup_root_fd = -1;
	if (ctx->all_netns && lc_linkdev_cache_all(&v->devs, &err))
		return cmd_fail_err(ctx, &err);
	return 0;
}

int link_view_open(struct lc_ctx *ctx, struct link_view *v)
{
	int rc = view_init(ctx, v);

	return rc ? rc : obj_scan_start(ctx, LC_OBJ_LINK, &v->scan);
}

int link_view_open_one(struct lc_ctx *ctx, struct link_view *v, const struct lc_link *l, int fd)
{
	int rc = view_init(ctx, v);

	if (rc)
		return rc;
	if (ctx->all_netns)
		return obj_scan_start_link(ctx, l->info.id, fd, &v->scan);
	/* its device read through our fd; one load of that program for the owner check too */
	lc_linkdev_cache_one(&v->devs, l->info.id, fd);
	lc_iter_cache_begin();
	v->iter_cache = true;
	rc = obj_scan_start_link(ctx, l->info.id, fd, &v->scan);
	/* the program loads here while the worker scans the pins, before its count needs it */
	if (!rc)
		lc_linkdev_read_early(&v->devs, l);
	return rc;
}

int link_view_ready(struct lc_ctx *ctx, struct link_view *v)
{
	return obj_scan_wait(ctx, &v->scan);
}

void link_view_close(struct link_view *v)
{
	obj_scan_close(&v->scan);
	lc_linkdev_cache_free(&v->devs);
	if (v->cgroup_root_fd >= 0)
		close(v->cgroup_root_fd);
	v->cgroup_root_fd = -1;
	v->cgroup_tried = false;
	if (v->iter_cache)
		lc_iter_cache_end();
	v->iter_cache = false;
}
