// SPDX-License-Identifier: GPL-2.0-only
/*
 * monitor.c: `linkctl monitor`: one live stream of XDP attachment and bpf_link events.
 * XDP hooks come from rtnetlink (a notification triggers an immediate re-read of the
 * hooks alone), but an XDP attach or release through a bpf_link sends no XDP notification,
 * and links have none at all. New links are found every MONITOR_PROBE_MS by a look above
 * the highest link ID seen, which costs the same whatever the number of links; a link
 * going away, detached or updated leaves no such sign, so the whole state is also re-read
 * (a pass over every link of the host) and diffed: on a worker thread (lc_mon_full), so
 * that the event thread answers notifications and probes meanwhile. Most links go away
 * with the process holding them, though, and the proc connector reports its exit: the
 * links that process held (lib/hook_events_exit.h) are looked at then, so their release
 * is reported at once whatever the number of links.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "linkctl.h"
#include "print_netns.h"
#include "print_fields.h"
#include "../lib/clock.h"
#include "../lib/grow.h"
#include "../lib/link_info.h"
#include "../lib/linkdev.h"
#include "../lib/log.h"
#include "../lib/netns.h"
#include "../lib/hook_events.h"
#include "../lib/hook_events_exit.h"
#include "../lib/iter_cache.h"
#include "../lib/proc_events.h"
#include "../lib/names.h"
#include "../lib/prog_info.h"
#include "../lib/term_signals.h"

#define MONITOR_PROBE_MS 100
/*
 * A released link is reported within this (or MONITOR_FULL_SHARE times a read's CPU time)
 * and one read: the man page states the bound.
 */
#define MONITOR_FULL_MS 100
/*
 * A full read asked for (a new device link) begins at once, but when device links keep
 * coming, not sooner than this after the last one began, nor than MONITOR_WANTED_SHARE
 * times its CPU time: churn elsewhere may cost the monitor a quarter of a core, not all.
 */
#define MONITOR_FULL_GAP_MS 100
#define MONITOR_WANTED_SHARE 4
/*
 * Where a full read costs much CPU (many links on the host; the walk over link IDs where
 * the iterator cannot run), the next one waits this many times the CPU time it took:
 * full reads then use at most a 25th of a core (the monitor's budget is a 20th, the rest
 * is the event thread's), and a gone link is reported later.
 */
#define MONITOR_FULL_SHARE 25
/*
 * An owner scan (the holders of every link, for the exit path) runs after a full read when
 * links appeared since the last one, but not sooner than this many times the CPU time the
 * last scan took: where other programs keep making links, scans use at most a 50th of a
 * core, and apart from the full reads, so that their cost never delays those.
 */
#define MONITOR_OWNERS_SHARE 50

/* The processes that exited, as one read of the proc connector found them. */
struct exits {
	pid_t *tgids;
	size_t n, cap;
	bool any;               /* some exit at all, a thread's included */
	bool oom;
};

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
	struct lc_mon_full full;        /* the full read running on the worker thread, if any */
	/* dev filter: tcx/netkit links seen on the device, so their gone/detached events match */
	__u32 *dev_links;
	size_t ndev_links, cap_dev_links;
	struct lc_term_signals sig;     /* SIGINT/SIGTERM, read through sig.fd */
	/* process exits (sock NULL where the proc connector cannot serve us) and who held what */
	struct lc_proc_events procs;
	struct lc_mon_holders holders;
	struct exits exited;            /* the process exits since an owner scan began */
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

/* -A: the namespace the event happened in ("netns blue" in text), when it is known. */
static void print_netns(struct monitor *m, __u32 netns_ino)
{
	const struct lc_netns *ns = netns_ino ? lc_mon_watch_netns(&m->watch, netns_ino) : NULL;
	struct out *o = &m->ctx->out;

	if (!ns)
		return;
	out_text(o, " ");
	print_netns_text(o, ns);
	print_netns_obj(o, "netns", ns);
}

static void print_hook_event(struct monitor *m, const struct lc_mon_event *e)
{
	struct out *o = &m->ctx->out;
	bool detach = e->kind == LC_MON_XDP_DETACH;
	__u32 link_id = detach ? e->old_link_id : e->hook.link_id;

	print_netns(m, e->hook.netns_ino);
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
	if (e->link.ifindex) {
		out_u32(o, "ifindex", " ifindex %u", e->link.ifindex);
		print_netns(m, e->link.netns_ino);
	}
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

static void emit_events(struct monitor *m, const struct lc_mon_snapshot *now,
			const struct lc_mon_events *events)
{
	for (size_t i = 0; i < events->n && !done(m); i++)
		if (event_wanted(m, now, &events->v[i]))
			emit(m, lc_mon_event_str(events->v[i].kind), &events->v[i]);
}

/* Print what changed from the state kept to now, and keep now (taken over). */
static int advance(struct monitor *m, struct lc_mon_snapshot *now)
{
	struct lc_mon_events events = { 0 };
	int rc = lc_mon_diff(&m->state, now, &events);

	if (!rc)
		emit_events(m, now, &events);
	lc_mon_events_free(&events);
	lc_mon_snapshot_free(&m->state);
	m->state = *now;
	return rc ? cmd_fail(m->ctx, "cannot compare states: %s", strerror(-rc)) : EXIT_OK;
}

/* The look for new links between full reads; pending gets the device links it leaves to one. */
static int probe(struct monitor *m, struct lc_mon_pending *pending)
{
	struct lc_mon_events events = { 0 };
	struct lc_err err = { 0 };
	int rc = lc_mon_probe_new(&m->watch, &m->state, &events, pending, &err);

	if (!rc)
		emit_events(m, &m->state, &events);
	lc_mon_events_free(&events);
	return rc ? cmd_fail_err(m->ctx, &err) : EXIT_OK;
}

/* What a wake-up asks for: nothing, the hooks read again, or those and a full read soon
 * (notifications lost). */
enum wake { WAKE_NONE, WAKE_HOOKS, WAKE_FULL };

/* What one poll found: notifications, a full read's end, process exits. */
struct woke {
	enum wake wake;
	bool full_done;
	bool exits;
};

/* Handle readable notification socket i; raises *wake to what must be read again. */
static int on_notification(struct monitor *m, size_t i, enum wake *wake)
{
	struct lc_err err = { 0 };
	int rc = lc_mon_watch_drain(&m->watch, i, &err);

	if (rc == -ENOBUFS) {
		/* the kernel dropped notifications: say so, then trust only fresh reads */
		emit(m, "overrun", NULL);
		*wake = WAKE_FULL;
		return EXIT_OK;
	}
	if (rc < 0)
		return cmd_fail_err(m->ctx, &err);
	if (rc > 0 && *wake < WAKE_HOOKS)
		*wake = WAKE_HOOKS;
	return EXIT_OK;
}

/*
 * The links made since the last look added to now (its diff reports them), and the hooks
 * they may own held back as the current state has them (seen: lc_mon_hold_back's).
 */
static int probe_hold(struct monitor *m, struct lc_mon_snapshot *now,
		      const struct lc_mon_snapshot *seen, struct lc_mon_pending *pending,
		      struct lc_err *err)
{
	struct lc_mon_events found = { 0 };
	int rc = lc_mon_probe_new(&m->watch, now, &found, pending, err);

	lc_mon_events_free(&found);
	if (!rc && lc_mon_hold_back(now, &m->state, seen, pending))
		rc = lc_err_set(err, -ENOMEM, "cannot record XDP hooks");
	return rc;
}

/*
 * A device changed: its hooks are read again (one dump per namespace) and the links kept,
 * so an XDP event costs the same whatever the number of links. A new device link's hook is
 * attributed through the link's own device read (lib/hook_events_probe.c); hooks a link
 * still pending may own are held back for the full read that attributes them. The dump
 * comes before the look for new links: the kernel gives a link its ID before it attaches
 * it, so every link that owns a hook the dump shows is found by the look after it (looked
 * for first, a link attached in between owned a hook no link accounted for: an attach via
 * netlink, then a replace via link once a full read found it). gone: links found gone by
 * exits, dropped from the state (or NULL).
 */
static int resync_hooks(struct monitor *m, const struct lc_mon_ids *gone,
			struct lc_mon_pending *pending)
{
	struct lc_mon_snapshot now;
	struct lc_err err = { 0 };
	int rc;

	if (lc_mon_hooks_read(&now, &m->watch, &m->state, &err))
		return cmd_fail_err(m->ctx, &err);
	if (gone)
		lc_mon_links_drop(&now, gone);
	rc = probe_hold(m, &now, NULL, pending, &err);
	if (rc) {
		lc_mon_snapshot_free(&now);
		return cmd_fail_err(m->ctx, &err);
	}
	return advance(m, &now);
}

/*
 * -A: namespaces are looked for again before each full read: a new one is watched from
 * then on (what was attached in it meanwhile shows as attach events), one that went away
 * ends with detach events for its hooks, labelled as it was.
 */
static int rescan(struct monitor *m)
{
	struct lc_err err = { 0 };

	if (!m->watch.all_netns)
		return EXIT_OK;
	return lc_mon_watch_rescan(&m->watch, &err) < 0 ? cmd_fail_err(m->ctx, &err) : EXIT_OK;
}

struct ticks {
	long long probe, full;  /* when the next probe and the next full read are due */
	long long owners;       /* when an owner scan may run again */
	long long last_begin;   /* when the last full read began */
	long long gap;          /* the least time between two beginnings when one is asked for */
	long long period;       /* the least time between two full reads */
	bool reread;            /* the hooks are read again at the next tick (after_pending) */
};

/*
 * LINKCTL_MONITOR_FULL_MS: the least time between two full reads (and between two asked
 * for), when longer than MONITOR_FULL_MS. The tests set it long, so that a release they
 * cause can only be reported through its holder's exit.
 */
static long long full_period(void)
{
	const char *env = getenv("LINKCTL_MONITOR_FULL_MS");
	__u32 ms = 0;

	if (env && !parse_u32(env, &ms))
		ms = 0;
	return ms > MONITOR_FULL_MS ? ms : MONITOR_FULL_MS;
}

/* What the poll should wait for: the first of the next probe, full read and deadline. */
static long long poll_wait(const struct ticks *t, bool full_running, long long now,
			   long long deadline)
{
	/* while a full read runs, its done_fd wakes the poll when it ends */
	long long due = full_running || t->probe < t->full ? t->probe : t->full;

	if (deadline && deadline < due)
		due = deadline;
	return due > now ? due - now : 0;
}

static long long at_least(long long v, long long floor)
{
	return v > floor ? v : floor;
}

/* When the next full read may begin, from the CPU time the last one took. */
static void schedule_full(struct ticks *t, long long cpu_ms)
{
	long long cost = cpu_ms * MONITOR_FULL_SHARE;

	t->gap = at_least(cpu_ms * MONITOR_WANTED_SHARE, at_least(MONITOR_FULL_GAP_MS, t->period));
	t->full = lc_clock_ms() + at_least(cost, t->period);
}

/*
 * A full read begun on the worker thread (-A: the namespaces looked for again first), with
 * an owner scan after it when links have appeared (or lost their holders) since the last.
 */
static int full_begin(struct monitor *m, const struct ticks *t)
{
	struct lc_err err = { 0 };
	int rc = rescan(m);

	if (rc)
		return rc;
	/* the links found gone by exits from now on are dropped from what it reads */
	m->holders.gone.n = 0;
	m->exited.n = 0;
	rc = lc_mon_full_begin(&m->full, &m->watch, m->procs.sock && lc_clock_ms() >= t->owners &&
			       lc_mon_holders_stale(&m->holders, &m->state), &err);
	lc_mon_watch_settle(&m->watch);
	return rc ? cmd_fail_err(m->ctx, &err) : EXIT_OK;
}

/* A full read is wanted now (not sooner than t->gap after the last one began). */
static void want_full(struct ticks *t)
{
	if (t->full > t->last_begin + t->gap)
		t->full = t->last_begin + t->gap;
}

/*
 * Links left pending by a look: a full read is wanted, unless each is a device link whose
 * hook the hooks read last lacks (no notification comes for a link's attach): the hooks
 * are read again at once, and the look with them takes it (lib/hook_events_probe.c).
 */
static void after_pending(struct ticks *t, const struct lc_mon_pending *pending)
{
	if (!pending->n)
		return;
	if (pending->retry < pending->n) {
		want_full(t);
	} else {
		t->reread = true;
		t->probe = lc_clock_ms();
	}
}

static int exits_add(struct exits *x, pid_t tgid)
{
	pid_t *grown = lc_grow(x->tgids, &x->cap, x->n, sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	x->tgids = grown;
	x->tgids[x->n++] = tgid;
	return 0;
}

static void on_exit_event(pid_t pid, pid_t tgid, void *arg)
{
	struct exits *x = arg;

	x->any = true;
	if (pid == tgid && exits_add(x, tgid))  /* not a thread's: its process lives on */
		x->oom = true;
}

/*
 * The links the processes of x held, and those whose holders are unknown, looked at again;
 * the gone ones leave the state with the hooks read again (an XDP link's hook goes with
 * it), through the diff every other path uses: the full read that ends next drops them too.
 */
static int check_exits(struct monitor *m, struct ticks *t, const struct exits *x, bool at_exit)
{
	struct lc_mon_pending pending = { 0 };
	struct lc_mon_checks check = { 0 };
	struct lc_mon_ids gone = { 0 };
	int rc = lc_mon_exit_candidates(&m->holders, x->tgids, x->n, &m->state, &check);

	if (!rc && check.n)
		rc = lc_mon_exit_check(&m->holders, &check, at_exit, &gone);
	lc_mon_checks_free(&check);
	if (rc) {
		lc_mon_ids_free(&gone);
		return cmd_fail(m->ctx, "cannot record links: %s", strerror(-rc));
	}
	if (gone.n) {
		rc = resync_hooks(m, &gone, &pending);
		after_pending(t, &pending);
	}
	lc_mon_pending_free(&pending);
	lc_mon_ids_free(&gone);
	return rc;
}

/* The exits of processes seen while an owner scan ran: replayed on its result. */
static int remember_exits(struct monitor *m, const struct exits *x)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < x->n; i++)
		rc = exits_add(&m->exited, x->tgids[i]);
	return rc;
}

/* The proc connector readable: its exits handled; where it fails, the full read is left. */
static int on_exits(struct monitor *m, struct ticks *t)
{
	struct exits x = { 0 };
	struct lc_err err = { 0 };
	int rc = lc_proc_events_read(&m->procs, on_exit_event, &x, &err);

	if (rc == -ENOBUFS) {
		lc_log("monitor: %s: the links they released wait for the full read", err.msg);
		want_full(t);
	} else if (rc) {
		lc_log("monitor: process exits no longer read (%s): released links wait for the "
		       "full read", err.msg);
		lc_proc_events_close(&m->procs);
	}
	rc = x.oom ? -ENOMEM : 0;
	if (!rc && m->full.running && m->full.want_owners)
		rc = remember_exits(m, &x);
	if (rc)
		rc = cmd_fail(m->ctx, "cannot record process exits: %s", strerror(-rc));
	else if (x.any)
		rc = check_exits(m, t, &x, true);
	free(x.tgids);
	return rc;
}

/*
 * The owner scan of the full read that ended: the holders from now on. The processes that
 * exited while it ran may be among them: their exits are handled again on it.
 */
static int take_owners(struct monitor *m, struct ticks *t)
{
	struct lc_mon_full *f = &m->full;
	int rc = f->owners_rc;

	if (rc == -ENODATA)
		return EXIT_OK;
	if (!rc && lc_mon_holders_set(&m->holders, &f->owners, f->owners_upto))
		rc = lc_err_set(&f->owners_err, -ENOMEM, "cannot record link owners");
	lc_owners_free(&f->owners);
	if (rc) {
		lc_log("monitor: link owners not scanned again (%s)", f->owners_err.msg);
		return EXIT_OK;
	}
	rc = m->exited.n ? check_exits(m, t, &m->exited, true) : EXIT_OK;
	m->exited.n = 0;
	return rc;
}

/*
 * The full read's result, printed and kept. A device link (XDP, tcx) made while it ran
 * may own a hook the re-read shows but the read did not attribute: such hooks are held
 * back for the next full read, which comes soon.
 */
static int full_end(struct monitor *m, struct ticks *t)
{
	struct lc_mon_pending pending = { 0 };
	struct lc_mon_snapshot now;
	struct lc_err err = { 0 };
	int rc;

	if (lc_mon_full_end(&m->full, &m->watch, &m->state, &now, &err))
		return cmd_fail_err(m->ctx, &err);
	lc_mon_links_drop(&now, &m->holders.gone);     /* reported through an exit meanwhile */
	lc_mon_seen_upto(&m->watch, &now);
	rc = probe_hold(m, &now, &m->full.got, &pending, &err);
	schedule_full(t, m->full.cpu_ms);
	if (m->full.owners_cpu_ms)
		t->owners = lc_clock_ms() + m->full.owners_cpu_ms * MONITOR_OWNERS_SHARE;
	after_pending(t, &pending);
	lc_mon_pending_free(&pending);
	if (rc) {
		lc_mon_snapshot_free(&now);
		return cmd_fail_err(m->ctx, &err);
	}
	rc = advance(m, &now);
	return rc ? rc : take_owners(m, t);
}

/*
 * After the poll: process exits handled (they may have released links); a finished full
 * read's result taken; the hooks read again after a notification, or a due probe; then a
 * full read begun when it is due or asked for and none is running.
 */
static int on_tick(struct monitor *m, struct ticks *t, const struct woke *w)
{
	struct lc_mon_pending pending = { 0 };
	enum wake wake = w->wake;
	long long now = lc_clock_ms();
	int rc = w->exits ? on_exits(m, t) : EXIT_OK;

	if (!rc && w->full_done)
		rc = full_end(m, t);
	if (!rc && (wake != WAKE_NONE || now >= t->probe)) {
		rc = wake != WAKE_NONE || t->reread ? resync_hooks(m, NULL, &pending) : probe(m, &pending);
		t->reread = false;
		t->probe = now + MONITOR_PROBE_MS;
		after_pending(t, &pending);
		if (wake == WAKE_FULL)
			want_full(t);
		/*
		 * A link its holder's exit left alive may have been kept a moment longer by
		 * someone else's reference (an iterator's pass takes one on each link): such
		 * links are looked at again with every probe until the next owner scan.
		 */
		if (!rc && m->procs.sock && m->holders.unknown.n)
			rc = check_exits(m, t, &(struct exits){ .any = true }, false);
	}
	lc_mon_pending_free(&pending);
	now = lc_clock_ms();
	if (!rc && !m->full.running && now >= t->full) {
		t->last_begin = now;
		rc = full_begin(m, t);
	}
	return rc;
}

/*
 * The fds to poll: a socket per watched namespace (their set changes with -A), the proc
 * connector's and the full read's done_fd (-1, which poll passes over, when there is none
 * (yet)), then signals.
 */
enum { POLL_PROCS = 3, POLL_DONE = 2, POLL_SIG = 1 };   /* counted from the end */

static int poll_set(struct monitor *m, struct pollfd **v, size_t *cap, size_t *n)
{
	size_t need = m->watch.nns + 3;

	if (!*v || *cap < need) {
		struct pollfd *grown = realloc(*v, need * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		*v = grown;
		*cap = need;
	}
	for (size_t i = 0; i < m->watch.nns; i++)
		(*v)[i] = (struct pollfd){ .fd = mnl_socket_get_fd(m->watch.ns[i].sock),
					   .events = POLLIN };
	(*v)[need - POLL_PROCS] = (struct pollfd){ .fd = lc_proc_events_fd(&m->procs),
						  .events = POLLIN };
	(*v)[need - POLL_DONE] = (struct pollfd){ .fd = m->full.done_fd, .events = POLLIN };
	(*v)[need - POLL_SIG] = (struct pollfd){ .fd = m->sig.fd, .events = POLLIN };
	*n = need;
	return 0;
}

/* One wait: -1 when a signal ends the monitor, else what it found in *w. */
static int wait_once(struct monitor *m, struct pollfd *pfd, size_t n, int timeout,
		     struct woke *w)
{
	int rc = EXIT_OK;

	if (poll(pfd, n, timeout) < 0 && errno != EINTR)
		return cmd_fail(m->ctx, "poll: %s", strerror(errno));
	if (pfd[n - POLL_SIG].revents & POLLIN)
		return -1;              /* SIGINT or SIGTERM: a clean end */
	w->full_done = m->full.running && (pfd[n - POLL_DONE].revents & POLLIN);
	w->exits = m->procs.sock && (pfd[n - POLL_PROCS].revents & POLLIN);
	for (size_t i = 0; !rc && i + POLL_PROCS < n; i++)
		if (pfd[i].revents & POLLIN)
			rc = on_notification(m, i, &w->wake);
	return rc;
}

static int monitor_loop(struct monitor *m, long long deadline)
{
	long long start = lc_clock_ms(), period = full_period();
	struct ticks t = { .probe = start + MONITOR_PROBE_MS, .full = start + period,
			   .owners = start, .last_begin = start,
			   .gap = at_least(MONITOR_FULL_GAP_MS, period), .period = period };
	struct pollfd *pfd = NULL;
	size_t cap = 0, n;
	int rc = EXIT_OK;

	while (!rc && !done(m)) {
		long long now = lc_clock_ms();
		struct woke woke = { WAKE_NONE, false, false };

		if (deadline && now >= deadline && m->count) {  /* a script waiting for events */
			rc = cmd_fail_class(m->ctx, LC_ERRC_TIMEOUT, "monitor: %llu of %llu events "
					    "before the timeout", m->printed, m->count);
			break;
		}
		if (deadline && now >= deadline)
			break;
		if (poll_set(m, &pfd, &cap, &n)) {
			rc = cmd_fail(m->ctx, "cannot watch the network namespaces: %s", strerror(ENOMEM));
			break;
		}
		rc = wait_once(m, pfd, n, (int)poll_wait(&t, m->full.running, now, deadline), &woke);
		if (rc < 0) {
			rc = EXIT_OK;
			break;
		}
		if (!rc)
			rc = on_tick(m, &t, &woke);
	}
	free(pfd);
	return rc;
}

/*
 * Process exits, where the proc connector serves us, subscribed to before the first read;
 * without them (another user or pid namespace, no CONFIG_PROC_EVENTS) released links wait
 * for the full read, as they do for a close() without an exit.
 */
static int exits_open(struct monitor *m, struct lc_err *err)
{
	int rc = lc_proc_events_open(&m->procs, err);

	if (rc == -EOPNOTSUPP)
		lc_log("monitor: process exits not watched (%s): released links are found by the "
		       "full read", err->msg);
	return rc == -EOPNOTSUPP ? 0 : rc;
}

/* After the first read: who holds which of the links it read. */
static void exits_scan(struct monitor *m)
{
	struct lc_owners owners;
	struct lc_err err = { 0 };
	int rc;

	if (!m->procs.sock)
		return;
	rc = lc_owners_scan(LC_OBJ_LINK, &owners, &err);
	/* the links read existed before the scan: it covers them (those being made, maybe not) */
	if (!rc && lc_mon_holders_set(&m->holders, &owners, m->state.nlinks ?
				      m->state.links[m->state.nlinks - 1].id : 0))
		rc = lc_err_set(&err, -ENOMEM, "cannot record link owners");
	lc_owners_free(&owners);
	if (rc) {
		lc_log("monitor: link owners not known (%s): released links are found by the "
		       "full read", err.msg);
		lc_proc_events_close(&m->procs);
		return;
	}
	lc_log("monitor: released links found through their holders' exits (proc connector), "
	       "%zu links with holders", m->holders.nlinks);
}

/* Subscribe first, then read: a change between the two is seen, never lost. */
static int monitor_start(struct monitor *m)
{
	struct lc_err err = { 0 };
	int rc;

	if (lc_mon_watch_open(&m->watch, m->ctx->all_netns, &err))
		return cmd_fail_err(m->ctx, &err);
	if (exits_open(m, &err)) {
		lc_mon_watch_close(&m->watch);
		return cmd_fail_err(m->ctx, &err);
	}
	if (lc_mon_snapshot_read(&m->state, &m->watch, true, &err)) {
		lc_proc_events_close(&m->procs);
		lc_mon_watch_close(&m->watch);
		return cmd_fail_err(m->ctx, &err);
	}
	lc_mon_watch_settle(&m->watch);
	lc_mon_seen_upto(&m->watch, &m->state);
	exits_scan(m);
	/* SIGINT/SIGTERM become a readable fd, so the loop ends between events, not inside one */
	rc = lc_term_signals_block(&m->sig, true, &err);
	if (rc) {
		lc_mon_snapshot_free(&m->state);
		lc_proc_events_close(&m->procs);
		lc_mon_holders_free(&m->holders);
		lc_mon_watch_close(&m->watch);
		return cmd_fail(m->ctx, "cannot watch for signals: %s", strerror(-rc));
	}
	return EXIT_OK;
}

/* The options of monitor, filled by the rows of its table (below). */
struct monitor_opts {
	bool xdp, link;
	const char *dev;
	struct arg_u32 count;
	struct arg_u32 timeout;
};

int do_monitor(struct lc_ctx *ctx, const void *opts)
{
	const struct monitor_opts *opt = opts;
	struct monitor m = { .ctx = ctx, .sig = { .fd = -1 }, .count = opt->count.val };
	long long deadline = 0;
	int rc;

	lc_mon_full_init(&m.full);
	m.want_xdp = opt->xdp || !opt->link;
	m.want_link = opt->link || !opt->xdp;
	if (opt->count.given && !m.count)
		return cmd_usage(ctx, "monitor: 'count' must be at least 1");
	if (opt->dev && ctx->all_netns)
		return cmd_usage(ctx, "monitor: 'dev' names a device of one namespace: not with -A");
	if (opt->dev && (rc = cmd_dev_resolve(ctx, opt->dev, &m.dev_ifindex, NULL)))
		return rc;
	m.netns_ino = lc_netns_self_ino();
	if (opt->timeout.given)
		deadline = lc_clock_ms() + (long long)opt->timeout.val * 1000;
	rc = monitor_start(&m);
	if (rc)
		return rc;
	for (size_t i = 0; m.dev_ifindex && i < m.state.nlinks; i++)
		hook_link_on_dev(&m, &m.state.links[i]);    /* their later gone events match too */
	if (ctx->out.collect)   /* in a batch the events become one array, its output */
		out_open_array(&ctx->out, NULL);
	/* the owner scans and the reads of new device links load their programs once */
	lc_iter_cache_begin();
	rc = monitor_loop(&m, deadline);
	lc_mon_full_close(&m.full);     /* before the watch: the worker reads with its program */
	lc_iter_cache_end();
	if (ctx->out.collect)
		out_close_array(&ctx->out);
	lc_term_signals_restore(&m.sig);
	lc_mon_snapshot_free(&m.state);
	lc_proc_events_close(&m.procs);
	lc_mon_holders_free(&m.holders);
	free(m.exited.tgids);
	lc_mon_watch_close(&m.watch);
	lc_prog_cache_free(&m.progs);
	free(m.dev_links);
	return rc;
}

const struct arg_spec monitor_args[] = {
	ROW_FLAG(struct monitor_opts, "xdp", xdp, 0, 0),
	ROW_FLAG(struct monitor_opts, "link", link, 0, 0),
	ROW_STR(struct monitor_opts, "dev", dev, "IFNAME", VAL_IFNAME, 0, 0),
	ROW_U32(struct monitor_opts, "count", count, "N", VAL_NONE, 0, 0),
	ROW_U32(struct monitor_opts, "timeout", timeout, "SECS", VAL_NONE, 0, 0),
	{ 0 }
};
