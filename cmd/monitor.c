// SPDX-License-Identifier: GPL-2.0-only
/*
 * monitor.c: `linkctl monitor`: one live stream of XDP attachment and bpf_link events.
 * XDP hooks come from rtnetlink (a notification triggers an immediate re-read), but an
 * XDP attach or release through a bpf_link sends no XDP notification, and links have
 * none at all: so the state is also re-read every MONITOR_INTERVAL_MS and diffed.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "linkctl.h"
#include "objshow.h"
#include "../lib/clock.h"
#include "../lib/grow.h"
#include "../lib/link.h"
#include "../lib/linkdev.h"
#include "../lib/netns.h"
#include "../lib/monitor.h"
#include "../lib/names.h"
#include "../lib/prog.h"
#include "../lib/term_signals.h"

#define MONITOR_INTERVAL_MS 200

struct monitor {
	struct lc_ctx *ctx;
	bool want_xdp, want_link;
	__u32 dev_ifindex;              /* dev IFNAME filter, 0 = every device */
	unsigned long long netns_ino;   /* ours: a device link's netns, when known, must be it */
	unsigned long long count;       /* stop after this many events, 0 = never */
	unsigned long long printed;
	struct lc_prog_cache progs;
	struct lc_mon_snapshot state;
	struct lc_mon_watch watch;
	/* dev filter: tcx/netkit links seen on the device, so their gone/detached events match */
	__u32 *dev_links;
	size_t ndev_links, cap_dev_links;
	struct lc_term_signals sig;     /* SIGINT/SIGTERM, read through sig.fd */
};

static void print_time(struct out *o)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	out_time(o, "time", "time_ms", "%s", now.tv_sec * 1000LL + now.tv_nsec / 1000000);
}

static void OUT_FORMAT(3) print_prog(struct monitor *m, const char *key, const char *fmt, __u32 prog_id)
{
	const struct lc_prog *p = lc_prog_cache_get(&m->progs, prog_id);
	struct out *o = &m->ctx->out;

	out_u32(o, key, fmt, prog_id);
	if (!strcmp(key, "prog_id"))
		out_str(o, "prog_name", " %s", p ? p->name : NULL);
}

static void print_hook_event(struct monitor *m, const struct lc_mon_event *e)
{
	struct out *o = &m->ctx->out;
	bool detach = e->kind == LC_MON_XDP_DETACH;
	__u32 link_id = detach ? e->old_link_id : e->hook.link_id;

	out_json_u32(o, "ifindex", e->hook.ifindex);
	out_str(o, "devname", " dev %s", e->hook.devname);
	out_str(o, "mode", " mode %s", lc_xdp_mode_str((int)e->hook.mode));
	print_prog(m, "prog_id", " prog %u", detach ? e->old_prog_id : e->hook.prog_id);
	if (e->kind == LC_MON_XDP_REPLACE)
		print_prog(m, "old_prog_id", " (was prog %u)", e->old_prog_id);
	out_str(o, "attached", " via %s", link_id ? "link" : "netlink");
	if (link_id)
		out_u32(o, "link_id", " %u", link_id);
}

static void print_link_event(struct monitor *m, const struct lc_mon_event *e)
{
	struct out *o = &m->ctx->out;
	out_u32(o, "link_id", " id %u ", e->link.id);
	print_link_type(o, e->link.type);
	print_prog(m, "prog_id", " prog %u", e->link.prog_id);
	if (e->kind == LC_MON_LINK_UPDATE)
		print_prog(m, "old_prog_id", " (was prog %u)", e->old_prog_id);
	if (e->link.ifindex)
		out_u32(o, "ifindex", " ifindex %u", e->link.ifindex);
}

/* Links are global; a link is on this namespace's device when it runs on one of its hooks. */
static bool link_on_dev(const struct lc_mon_snapshot *s, __u32 ifindex, __u32 prog_id)
{
	for (size_t i = 0; i < s->nhooks; i++)
		if (s->hooks[i].ifindex == ifindex && s->hooks[i].prog_id == prog_id)
			return true;
	return false;
}

static bool dev_link_known(const struct monitor *m, __u32 link_id)
{
	for (size_t i = 0; i < m->ndev_links; i++)
		if (m->dev_links[i] == link_id)
			return true;
	return false;
}

/*
 * tcx/netkit: the device's own BPF_PROG_QUERY lists the link IDs on it (links keep only
 * an ifindex, which repeats across namespaces). Remembered, since a link that went away
 * is on no device any more.
 */
static bool hook_link_on_dev(struct monitor *m, const struct lc_mon_link *l)
{
	struct lc_dev_query q = { 0 };
	struct lc_err err;
	__u32 *grown;

	if (dev_link_known(m, l->id))
		return true;
	if (l->ifindex != m->dev_ifindex || l->attach_type < 0 ||
	    lc_dev_query(l->ifindex, (__u32)l->attach_type, &q, &err))
		return false;
	for (__u32 i = 0; i < q.count; i++) {
		if (q.by_link ? q.link_ids[i] != l->id : q.prog_ids[i] != l->prog_id)
			continue;
		grown = lc_grow(m->dev_links, &m->cap_dev_links, m->ndev_links, sizeof(*grown));
		if (grown) {
			m->dev_links = grown;
			m->dev_links[m->ndev_links++] = l->id;
		}
		return true;
	}
	return false;
}

static bool event_wanted(struct monitor *m, const struct lc_mon_snapshot *now,
			 const struct lc_mon_event *e)
{
	bool is_link = e->kind >= LC_MON_LINK_NEW;

	if (is_link ? !m->want_link : !m->want_xdp)
		return false;
	if (!m->dev_ifindex)
		return true;
	if (!is_link)
		return e->hook.ifindex == m->dev_ifindex;
	if (e->link.netns_ino)      /* the link iterator read its device's namespace: exact */
		return e->link.netns_ino == m->netns_ino && e->link.ifindex == m->dev_ifindex;
	if (e->link.type == LC_LINK_TYPE_TCX || e->link.type == LC_LINK_TYPE_NETKIT)
		return hook_link_on_dev(m, &e->link);
	/*
	 * An update may be read from the links before the hook shows it (or after): the
	 * program it left counts as much as the one it runs.
	 */
	return e->link.ifindex == m->dev_ifindex &&
	       (link_on_dev(now, e->link.ifindex, e->link.prog_id) ||
		link_on_dev(&m->state, e->link.ifindex, e->link.prog_id) ||
		(e->old_prog_id && (link_on_dev(now, e->link.ifindex, e->old_prog_id) ||
				    link_on_dev(&m->state, e->link.ifindex, e->old_prog_id))));
}

/* One event: one text line, or one JSON object on its own line, flushed at once. */
static void emit(struct monitor *m, const char *kind, const struct lc_mon_event *e)
{
	struct out *o = &m->ctx->out;

	out_open_object(o, NULL);
	print_time(o);
	out_str(o, "event", " %s", kind);
	if (e && e->kind >= LC_MON_LINK_NEW)
		print_link_event(m, e);
	else if (e)
		print_hook_event(m, e);
	out_text(o, "\n");
	out_close_object(o);
	out_flush(o);
	m->printed++;
}

static bool done(const struct monitor *m)
{
	return m->count && m->printed >= m->count;
}

/* Re-read the state, print what changed, keep the new state. */
static int resync(struct monitor *m)
{
	struct lc_mon_events events = { 0 };
	struct lc_mon_snapshot now;
	struct lc_err err = { 0 };
	int rc;

	rc = lc_mon_snapshot_read(&now, &m->watch, false, &err);
	if (rc)
		return cmd_fail_err(m->ctx, &err);
	lc_mon_snapshot_inherit(&m->state, &now);
	rc = lc_mon_diff(&m->state, &now, &events);
	for (size_t i = 0; !rc && i < events.n && !done(m); i++)
		if (event_wanted(m, &now, &events.v[i]))
			emit(m, lc_mon_event_str(events.v[i].kind), &events.v[i]);
	lc_mon_events_free(&events);
	lc_mon_snapshot_free(&m->state);
	m->state = now;
	return rc ? cmd_fail(m->ctx, "cannot compare states: %s", strerror(-rc)) : EXIT_OK;
}

/* Handle a readable notification socket; sets *reread when the state must be read again. */
static int on_notification(struct monitor *m, bool *reread)
{
	struct lc_err err = { 0 };
	int rc = lc_mon_watch_drain(&m->watch, &err);

	if (rc == -ENOBUFS) {
		/* the kernel dropped notifications: say so, then trust only a fresh read */
		emit(m, "overrun", NULL);
		*reread = true;
		return EXIT_OK;
	}
	if (rc < 0)
		return cmd_fail_err(m->ctx, &err);
	*reread |= rc > 0;
	return EXIT_OK;
}

static int monitor_loop(struct monitor *m, long long deadline)
{
	struct pollfd pfd[2] = {
		{ .fd = lc_mon_watch_fd(&m->watch), .events = POLLIN },
		{ .fd = m->sig.fd, .events = POLLIN },
	};
	long long next_tick = lc_clock_ms() + MONITOR_INTERVAL_MS;
	int rc = EXIT_OK;

	while (!rc && !done(m)) {
		long long now = lc_clock_ms(), wait = next_tick - now;
		bool reread;

		if (deadline && now >= deadline && m->count)    /* a script waiting for events */
			return cmd_fail_class(m->ctx, LC_ERRC_TIMEOUT, "monitor: %llu of %llu events "
					      "before the timeout", m->printed, m->count);
		if (deadline && now >= deadline)
			break;
		if (deadline && deadline - now < wait)
			wait = deadline - now;
		if (poll(pfd, 2, wait < 0 ? 0 : (int)wait) < 0 && errno != EINTR)
			return cmd_fail(m->ctx, "poll: %s", strerror(errno));
		if (pfd[1].revents & POLLIN)
			break;          /* SIGINT or SIGTERM: a clean end */
		reread = lc_clock_ms() >= next_tick;
		if (pfd[0].revents & POLLIN)
			rc = on_notification(m, &reread);
		if (!rc && reread) {
			rc = resync(m);
			next_tick = lc_clock_ms() + MONITOR_INTERVAL_MS;
		}
	}
	return rc;
}

static int resolve_dev(struct lc_ctx *ctx, const char *name, __u32 *ifindex)
{
	struct lc_xdp_devs devs;
	const struct lc_xdp_dev *d;
	struct lc_err err = { 0 };

	if (lc_xdp_devs_dump(&devs, &err))
		return cmd_fail_err(ctx, &err);
	d = lc_xdp_devs_find_name(&devs, name);
	*ifindex = d ? d->ifindex : 0;
	lc_xdp_devs_free(&devs);
	return d ? EXIT_OK : cmd_fail_no_device(ctx, name);
}

/* Subscribe first, then read: a change between the two is seen, never lost. */
static int monitor_start(struct monitor *m)
{
	struct lc_err err = { 0 };
	int rc;

	if (lc_mon_watch_open(&m->watch, &err))
		return cmd_fail_err(m->ctx, &err);
	if (lc_mon_snapshot_read(&m->state, &m->watch, true, &err)) {
		lc_mon_watch_close(&m->watch);
		return cmd_fail_err(m->ctx, &err);
	}
	/* SIGINT/SIGTERM become a readable fd, so the loop ends between events, not inside one */
	rc = lc_term_signals_block(&m->sig, true, &err);
	if (rc) {
		lc_mon_snapshot_free(&m->state);
		lc_mon_watch_close(&m->watch);
		return cmd_fail(m->ctx, "cannot watch for signals: %s", strerror(-rc));
	}
	return EXIT_OK;
}

int do_monitor(struct lc_ctx *ctx, const struct args *a)
{
	struct monitor m = { .ctx = ctx, .sig = { .fd = -1 }, .count = args_num(a, "count") };
	long long deadline = 0;
	int rc;

	m.want_xdp = args_has(a, "xdp") || !args_has(a, "link");
	m.want_link = args_has(a, "link") || !args_has(a, "xdp");
	if (args_has(a, "count") && !m.count)
		return cmd_usage(ctx, "monitor: 'count' must be at least 1");
	if (args_has(a, "dev") && (rc = resolve_dev(ctx, args_str(a, "dev"), &m.dev_ifindex)))
		return rc;
	m.netns_ino = lc_netns_self_ino();
	if (args_has(a, "timeout"))
		deadline = lc_clock_ms() + (long long)args_num(a, "timeout") * 1000;
	rc = monitor_start(&m);
	if (rc)
		return rc;
	for (size_t i = 0; m.dev_ifindex && i < m.state.nlinks; i++)
		hook_link_on_dev(&m, &m.state.links[i]);    /* their later gone events match too */
	if (ctx->out.collect)   /* in a batch the events become one array, its output */
		out_open_array(&ctx->out, NULL);
	rc = monitor_loop(&m, deadline);
	if (ctx->out.collect)
		out_close_array(&ctx->out);
	lc_term_signals_restore(&m.sig);
	lc_mon_snapshot_free(&m.state);
	lc_mon_watch_close(&m.watch);
	lc_prog_cache_free(&m.progs);
	free(m.dev_links);
	return rc;
}

const struct arg_spec monitor_args[] = {
	{ "xdp", ARG_FLAG },
	{ "link", ARG_FLAG },
	{ "dev", ARG_STR, "IFNAME" },
	{ "count", ARG_UINT, "N" },
	{ "timeout", ARG_UINT, "SECS" },
	{ 0 }
};
