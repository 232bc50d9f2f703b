// SPDX-License-Identifier: GPL-2.0-only
/*
 * hook_events_netns.c: the namespaces a monitor watches, each with a socket subscribed to its
 * link notifications: ours alone, or (-A) every namespace of the node, found again by
 * lc_mon_watch_rescan as namespaces come and go.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "link_iter.h"
#include "log.h"
#include "hook_events.h"
#include "netns.h"
#include "nsfs_fds_iter.h"

/* Bursts of device changes (many veths) should not overrun the socket. */
#define WATCH_RCVBUF (1 << 20)
#define WATCH_BUF_SIZE 32768

static void close_ns(struct lc_mon_ns *ns)
{
	if (ns->sock)
		mnl_socket_close(ns->sock);
	if (ns->dump.sock)
		lc_nl_close(&ns->dump);
	ns->sock = NULL;
	ns->dump.sock = NULL;
}

/* A socket subscribed to the link notifications of the namespace we are in. */
static int open_notify(struct mnl_socket **sock, struct lc_err *err)
{
	int rcvbuf = WATCH_RCVBUF;

	*sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!*sock)
		return lc_err_set(err, -errno, "cannot open rtnetlink socket");
	mnl_socket_setsockopt(*sock, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_bind(*sock, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
		int rc = -errno;

		mnl_socket_close(*sock);
		*sock = NULL;
		return lc_err_set_cap(err, rc, "CAP_NET_ADMIN", "cannot subscribe to link notifications");
	}
	return 0;
}

/* The namespace's two sockets, opened in the namespace we are in. */
static int open_sock(struct lc_mon_ns *ns, struct lc_err *err)
{
	int rc = open_notify(&ns->sock, err);

	if (!rc)
		rc = lc_nl_open(&ns->dump, err);
	if (rc)
		close_ns(ns);
	return rc;
}

/* The same inside namespace ns (of list l), then back home. */
static int open_sock_in(const struct lc_netns_list *l, const struct lc_netns *ns,
			struct lc_mon_ns *out, struct lc_err *err)
{
	struct lc_err home_err = { 0 };
	int rc;

	if (ns->self)
		return open_sock(out, err);
	rc = lc_netns_enter(l, ns, err);
	if (rc)
		return rc;
	rc = open_sock(out, err);
	if (lc_netns_enter(l, NULL, &home_err)) {
		close_ns(out);
		*err = home_err;
		return home_err.code;
	}
	return rc;
}

/* Move the sockets of namespace ino from the last scan to out; false when it had none. */
static bool take_sock(struct lc_mon_ns *v, size_t n, unsigned long long ino, struct lc_mon_ns *out)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].ino == ino && v[i].sock) {
			*out = v[i];
			v[i].sock = NULL;
			v[i].dump.sock = NULL;
			return true;
		}
	}
	return false;
}

/*
 * Another linkctl -A (a second monitor, a listing) holds an fd on every namespace it found
 * while it looks, so a namespace found only through a linkctl's fd is kept by nothing but
 * linkctl's own looks (and the monitors' sockets, which no look can see). Watched on that,
 * a deleted namespace came back whenever one monitor's look met another's: labelled by the
 * other's fd, its hooks attached again, detached at the next look.
 */
static bool linkctl_comm(const char *comm)
{
	return !strncmp(comm, "linkctl", strlen("linkctl"));
}

static bool held_by_linkctl(const struct lc_netns *ns)
{
	return !ns->self && !ns->name[0] && !ns->pid && !ns->mount && ns->fd_pid &&
	       linkctl_comm(ns->fd_comm);
}

/* A holder of namespace ino other than a linkctl, in fds; NULL when there is none. */
static const struct lc_nsfs_fd *other_holder(const struct lc_nsfs_fds *fds, unsigned long long ino)
{
	for (size_t i = 0; i < fds->n; i++)
		if (fds->v[i].ino == ino && !linkctl_comm(fds->v[i].comm))
			return &fds->v[i];
	return NULL;
}

/*
 * Those left out of the namespaces found (their fd closed): nothing but linkctl keeps
 * them. The list names one holder of each, the first found: where that is a linkctl, the
 * nsfs fds are read once more for another (kept, and named by it). Where they cannot be
 * read, a namespace only fds keep and whose first holder is a linkctl is left out.
 */
static void drop_linkctl_held(struct lc_netns_list *l)
{
	struct lc_nsfs_fds fds = { 0 };
	struct lc_err ignored = { 0 };
	bool looked = false;
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct lc_netns *ns = &l->v[i];
		const struct lc_nsfs_fd *h;

		if (held_by_linkctl(ns) && !looked) {
			looked = true;  /* v[0] is ours: the iterator checks its pids by it */
			lc_nsfs_fds_read(&fds, l->v[0].ino, &ignored);
		}
		h = held_by_linkctl(ns) ? other_holder(&fds, ns->ino) : NULL;
		if (h) {
			ns->fd_pid = h->pid;
			ns->fd_num = h->fd;
			memcpy(ns->fd_comm, h->comm, sizeof(ns->fd_comm));
		}
		if (!held_by_linkctl(ns)) {
			l->v[n++] = *ns;
			continue;
		}
		close(ns->fd);
		free(ns->mount);
	}
	l->n = n;
	lc_nsfs_fds_free(&fds);
}

/*
 * The namespaces of now, each with its socket: kept from the last scan, or opened in it.
 * A namespace that went away before its socket could be opened is left out.
 */
static int socks_for(struct lc_mon_watch *w, const struct lc_netns_list *now,
		     struct lc_mon_ns **out, size_t *nout, struct lc_err *err)
{
	struct lc_mon_ns *v = calloc(now->n ? now->n : 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return lc_err_set(err, -ENOMEM, "cannot watch the network namespaces");
	for (size_t i = 0; i < now->n; i++) {
		const struct lc_netns *ns = &now->v[i];
		struct lc_mon_ns got = { .ino = ns->ino };
		struct lc_err why = { 0 };

		if (!take_sock(w->ns, w->nns, ns->ino, &got) && open_sock_in(now, ns, &got, &why)) {
			if (why.code == -ENOENT || why.code == -EINVAL || why.code == -ESRCH) {
				lc_log("monitor: network namespace %llu: %s", ns->ino, why.msg);
				continue;
			}
			for (size_t j = 0; j < n; j++)
				close_ns(&v[j]);
			free(v);
			*err = why;
			return why.code;
		}
		v[n++] = got;
	}
	*out = v;
	*nout = n;
	return 0;
}

static void gone_free(struct lc_mon_watch *w)
{
	for (size_t i = 0; i < w->ngone; i++)
		free(w->gone[i].mount);
	free(w->gone);
	w->gone = NULL;
	w->ngone = 0;
}

/*
 * The namespaces of the last scan that now lacks move to w->gone, their sockets closed.
 * Each is a copy that owns its mount path: the scan's list, which owned it, is freed next.
 */
static int drop_gone(struct lc_mon_watch *w, bool *changed)
{
	gone_free(w);
	for (size_t i = 0; i < w->nns; i++) {
		const struct lc_netns *ns;

		if (!w->ns[i].sock)
			continue;       /* taken: still there */
		close_ns(&w->ns[i]);
		*changed = true;
		ns = lc_netns_list_find(&w->netns, w->ns[i].ino);
		if (!ns)
			continue;
		struct lc_netns *grown = realloc(w->gone, (w->ngone + 1) * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		w->gone = grown;
		w->gone[w->ngone] = *ns;
		w->gone[w->ngone].fd = -1;
		w->gone[w->ngone].mount = ns->mount ? strdup(ns->mount) : NULL;
		if (ns->mount && !w->gone[w->ngone].mount)
			return -ENOMEM;
		w->ngone++;
	}
	return 0;
}

int lc_mon_watch_rescan(struct lc_mon_watch *w, struct lc_err *err)
{
	struct lc_netns_list now;
	struct lc_mon_ns *v = NULL;
	size_t n = 0;
	bool changed;
	int rc;

	rc = lc_netns_list_read(&now, err);
	if (rc)
		return rc;
	drop_linkctl_held(&now);
	rc = socks_for(w, &now, &v, &n, err);
	if (rc) {
		lc_netns_list_free(&now);
		return rc;
	}
	changed = n != w->nns;
	rc = drop_gone(w, &changed);
	free(w->ns);
	w->ns = v;
	w->nns = n;
	lc_netns_list_free(&w->netns);
	w->netns = now;
	if (rc)
		return lc_err_set(err, rc, "cannot watch the network namespaces");
	return changed;
}

int lc_mon_watch_open(struct lc_mon_watch *w, bool all_netns, struct lc_err *err)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->all_netns = all_netns;
	if (all_netns) {
		rc = lc_mon_watch_rescan(w, err);
		if (rc < 0)
			lc_mon_watch_close(w);
		return rc < 0 ? rc : 0;
	}
	w->ns = calloc(1, sizeof(*w->ns));
	if (!w->ns)
		return lc_err_set(err, -ENOMEM, "cannot watch the network namespace");
	w->nns = 1;
	w->ns[0].ino = lc_netns_self_ino();
	rc = w->ns[0].ino ? open_sock(&w->ns[0], err)
			  : lc_err_set(err, -errno, "cannot read the network namespace inode");
	if (rc)
		lc_mon_watch_close(w);
	return rc;
}

const struct lc_netns *lc_mon_watch_netns(const struct lc_mon_watch *w, unsigned long long ino)
{
	const struct lc_netns *ns = w->all_netns ? lc_netns_list_find(&w->netns, ino) : NULL;

	for (size_t i = 0; w->all_netns && !ns && i < w->ngone; i++)
		if (w->gone[i].ino == ino)
			ns = &w->gone[i];
	return ns;
}

int lc_mon_watch_drain(struct lc_mon_watch *w, size_t i, struct lc_err *err)
{
	char buf[WATCH_BUF_SIZE];
	int changed = 0;

	for (;;) {
		ssize_t len = mnl_socket_recvfrom(w->ns[i].sock, buf, sizeof(buf));
		const struct nlmsghdr *m = (const struct nlmsghdr *)buf;
		int remaining = (int)len;

		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return changed;
			if (errno == ENOBUFS)
				return -ENOBUFS;
			return lc_err_set(err, -errno, "cannot read link notifications");
		}
		for (; mnl_nlmsg_ok(m, remaining); m = mnl_nlmsg_next(m, &remaining))
			if (m->nlmsg_type == RTM_NEWLINK || m->nlmsg_type == RTM_DELLINK)
				changed = 1;
	}
}

void lc_mon_watch_settle(struct lc_mon_watch *w)
{
	for (size_t i = 0; w->all_netns && i < w->netns.n; i++) {
		if (w->netns.v[i].fd >= 0 && !w->netns.v[i].self)
			close(w->netns.v[i].fd);
		if (!w->netns.v[i].self)
			w->netns.v[i].fd = -1;
	}
}

void lc_mon_watch_close(struct lc_mon_watch *w)
{
	for (size_t i = 0; i < w->nns; i++)
		close_ns(&w->ns[i]);
	free(w->ns);
	gone_free(w);
	if (w->all_netns)
		lc_netns_list_free(&w->netns);
	lc_link_iter_prog_close(w->link_iter);
	memset(w, 0, sizeof(*w));
}
