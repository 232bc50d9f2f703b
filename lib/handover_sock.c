// SPDX-License-Identifier: GPL-2.0-only
/* handover_sock.c: the unix sockets of a hand-over: addresses, listen/accept/connect, credentials. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "handover.h"

/* A receiver serves one sender at a time; a few more may queue meanwhile. */
#define LC_FDPASS_BACKLOG 4

int lc_fdpass_addr_parse(const char *spec, struct lc_fdpass_addr *addr, struct lc_err *err)
{
	size_t len = strlen(spec), room = sizeof(addr->sun.sun_path);

	memset(addr, 0, sizeof(*addr));
	addr->sun.sun_family = AF_UNIX;
	if (spec[0] == '@') {
		/* abstract: sun_path[0] is NUL, the name follows, no terminator counted */
		if (len < 2)
			return lc_err_msg(err, -EINVAL, "abstract socket name '@' is empty");
		if (len > room)
			return lc_err_msg(err, -ENAMETOOLONG, "socket name %s is longer than %zu bytes",
					  spec, room - 1);
		addr->abstract = true;
		memcpy(addr->sun.sun_path + 1, spec + 1, len - 1);
		addr->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
		return 0;
	}
	if (!len)
		return lc_err_msg(err, -EINVAL, "empty socket path");
	if (len >= room)
		return lc_err_msg(err, -ENAMETOOLONG, "socket path %s is longer than %zu bytes",
				  spec, room - 1);
	memcpy(addr->sun.sun_path, spec, len + 1);
	addr->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
	return 0;
}

int lc_fdpass_wait_readable(int fd, int cancel_fd, int timeout_ms, const char *what,
			    struct lc_err *err)
{
	struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN }, { .fd = cancel_fd, .events = POLLIN } };
	long long deadline = timeout_ms < 0 ? -1 : lc_clock_ms() + timeout_ms;
	long long left;
	int rc;

	for (;;) {
		left = deadline < 0 ? -1 : deadline - lc_clock_ms();
		rc = poll(pfd, cancel_fd >= 0 ? 2 : 1, deadline < 0 ? -1 : (int)(left > 0 ? left : 0));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return lc_err_set(err, -errno, "cannot poll while %s", what);
		if (rc == 0)
			return lc_err_msg(err, -ETIMEDOUT, "timed out %s", what);
		if (cancel_fd >= 0 && pfd[1].revents)
			return lc_err_msg(err, -ECANCELED, "interrupted %s", what);
		return 0;   /* POLLIN, POLLHUP or POLLERR: the next read will not block */
	}
}

/* 0 when somebody accepts connections at addr, -ECONNREFUSED when nobody does. */
static int probe_listener(const struct lc_fdpass_addr *addr)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int rc;

	if (fd < 0)
		return -errno;
	rc = connect(fd, (const struct sockaddr *)&addr->sun, addr->len) ? -errno : 0;
	close(fd);
	/* a full backlog or a listener of another socket type is still somebody's socket */
	if (rc == -EAGAIN || rc == -EPROTOTYPE)
		rc = 0;
	return rc;
}

/* A socket of ours that refuses connections is what a receiver that died leaves behind. */
static int clear_stale_socket(const struct lc_fdpass_addr *addr, struct lc_err *err)
{
	const char *path = addr->sun.sun_path;
	struct stat st;
	int rc;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : lc_err_set(err, -errno, "cannot check %s", path);
	if (!S_ISSOCK(st.st_mode))
		return lc_err_msg(err, -EEXIST, "%s exists and is not a socket; not replacing it", path);
	if (st.st_uid != geteuid())
		return lc_err_msg(err, -EEXIST, "%s is a socket of uid %u, not ours; not replacing it",
				  path, (unsigned int)st.st_uid);
	rc = probe_listener(addr);
	if (rc == 0)
		return lc_err_msg(err, -EADDRINUSE, "%s is in use: a receiver is listening on it", path);
	if (rc != -ECONNREFUSED)
		return lc_err_set(err, rc, "cannot tell whether %s is in use", path);
	if (unlink(path) && errno != ENOENT)
		return lc_err_set(err, -errno, "cannot remove the stale socket %s", path);
	return 0;
}

/* Bind with mode 0600 from the start: umask is the only way to get it without a window. */
static int bind_private(int fd, const struct lc_fdpass_addr *addr, const char *spec,
			struct lc_err *err)
{
	mode_t old = umask(0177);
	int rc = bind(fd, (const struct sockaddr *)&addr->sun, addr->len) ? -errno : 0;

	umask(old);
	if (rc == -EADDRINUSE)
		return lc_err_msg(err, rc, "%s is in use: a receiver is listening on it", spec);
	if (rc)
		return lc_err_set(err, rc, "cannot bind %s", spec);
	return 0;
}

static int listen_bound(struct lc_fdpass_listener *l, const char *spec, struct lc_err *err)
{
	struct stat st;

	if (!l->addr.abstract) {
		if (stat(l->addr.sun.sun_path, &st))
			return lc_err_set(err, -errno, "cannot stat %s", spec);
		l->dev = st.st_dev;
		l->ino = st.st_ino;
	}
	if (listen(l->fd, LC_FDPASS_BACKLOG))
		return lc_err_set(err, -errno, "cannot listen on %s", spec);
	return 0;
}

int lc_fdpass_listen(const char *spec, struct lc_fdpass_listener *l, struct lc_err *err)
{
	int rc;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	rc = lc_fdpass_addr_parse(spec, &l->addr, err);
	if (!rc && !l->addr.abstract)
		rc = clear_stale_socket(&l->addr, err);
	if (rc)
		return rc;
	l->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (l->fd < 0)
		return lc_err_set(err, -errno, "cannot create a unix socket");
	rc = bind_private(l->fd, &l->addr, spec, err);
	if (rc) {
		close(l->fd);
		l->fd = -1;
		return rc;
	}
	rc = listen_bound(l, spec, err);
	if (rc)
		lc_fdpass_listener_close(l);
	return rc;
}

void lc_fdpass_listener_close(struct lc_fdpass_listener *l)
{
	struct stat st;

	if (l->fd < 0)
		return;
	if (!l->addr.abstract && !stat(l->addr.sun.sun_path, &st) &&
	    st.st_dev == l->dev && st.st_ino == l->ino)
		unlink(l->addr.sun.sun_path);
	close(l->fd);
	l->fd = -1;
}

int lc_fdpass_accept(const struct lc_fdpass_listener *l, int cancel_fd, int timeout_ms,
		     struct lc_err *err)
{
	int rc, conn;

	rc = lc_fdpass_wait_readable(l->fd, cancel_fd, timeout_ms, "waiting for a sender", err);
	if (rc)
		return rc;
	conn = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0)
		return lc_err_set(err, -errno, "cannot accept a sender");
	return conn;
}

static int connect_error(int code, const char *spec, struct lc_err *err)
{
	switch (code) {
	case -ENOENT:
	case -ECONNREFUSED:
		return lc_err_msg(err, code, "nobody is listening on %s", spec);
	case -EAGAIN:
		return lc_err_msg(err, -ETIMEDOUT, "the receiver on %s did not accept the connection in time",
				  spec);
	case -EPROTOTYPE:
		return lc_err_msg(err, code, "%s is not a hand-over socket (not SOCK_SEQPACKET)", spec);
	default:
		return lc_err_set(err, code, "cannot connect to %s", spec);
	}
}

int lc_fdpass_connect(const char *spec, int timeout_ms, struct lc_err *err)
{
	struct lc_fdpass_addr addr;
	struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };
	int fd, rc;

	rc = lc_fdpass_addr_parse(spec, &addr, err);
	if (rc)
		return rc;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return lc_err_set(err, -errno, "cannot create a unix socket");
	/* SO_SNDTIMEO bounds a unix connect() that waits for room in the backlog */
	if (timeout_ms > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)))
		rc = lc_err_set(err, -errno, "cannot set a send timeout");
	else if (connect(fd, (const struct sockaddr *)&addr.sun, addr.len))
		rc = connect_error(-errno, spec, err);
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

int lc_fdpass_peer_cred(int conn, struct lc_fdpass_peer *peer, struct lc_err *err)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);

	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &uc, &len))
		return lc_err_set(err, -errno, "cannot read the peer's credentials");
	peer->pid = uc.pid;
	peer->uid = uc.uid;
	peer->gid = uc.gid;
	return 0;
}

int lc_fdpass_peer_allowed(const struct lc_fdpass_peer *peer, const uid_t *allow_uids,
			   size_t n_allow, struct lc_err *err)
{
	if (peer->uid == 0)
		return 0;
	for (size_t i = 0; i < n_allow; i++)
		if (allow_uids[i] == peer->uid)
			return 0;
	return lc_err_msg(err, -EPERM, "peer pid %d uid %u is not allowed (root%s only)",
			  (int)peer->pid, (unsigned int)peer->uid, n_allow ? " and the allowed uids" : "");
}
