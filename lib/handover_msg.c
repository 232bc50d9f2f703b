// SPDX-License-Identifier: GPL-2.0-only
/* handover_msg.c: the hand-over messages: a link fd with its header one way, the ack the other. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "handover.h"
#include "link_info.h"
#include "objfd.h"

int lc_fdpass_check_hdr(const void *buf, size_t len, enum lc_fdpass_kind kind,
			size_t want_size, struct lc_err *err)
{
	struct lc_fdpass_hdr h;

	if (len < sizeof(h))
		return lc_err_msg(err, -EPROTO, "short message (%zu bytes)", len);
	memcpy(&h, buf, sizeof(h));
	if (h.magic != LC_FDPASS_MAGIC)
		return lc_err_msg(err, -EPROTO, "not a hand-over message (magic 0x%08x)", h.magic);
	if (h.version != LC_FDPASS_VERSION)
		return lc_err_msg(err, -EPROTONOSUPPORT,
				  "hand-over protocol version %u is not supported (this end speaks %u)",
				  h.version, LC_FDPASS_VERSION);
	if (h.kind != kind)
		return lc_err_msg(err, -EPROTO, "unexpected message kind %u (expected %u)",
				  h.kind, (unsigned int)kind);
	if (h.size != len || len != want_size)
		return lc_err_msg(err, -EPROTO, "bad message size %u (%zu bytes received, %zu expected)",
				  h.size, len, want_size);
	return 0;
}

static void fill_hdr(struct lc_fdpass_hdr *h, enum lc_fdpass_kind kind, size_t size, __u32 link_id)
{
	h->magic = LC_FDPASS_MAGIC;
	h->version = LC_FDPASS_VERSION;
	h->kind = (__u16)kind;
	h->size = (__u32)size;
	h->link_id = link_id;
}

int lc_fdpass_send_msg(int conn, const void *buf, size_t len, const int *fds, int nfds,
		       struct lc_err *err)
{
	union {
		char buf[CMSG_SPACE(LC_FDPASS_SEND_FDS_MAX * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;
	ssize_t n;

	if (nfds < 0 || nfds > LC_FDPASS_SEND_FDS_MAX)
		return lc_err_msg(err, -EINVAL, "cannot attach %d fds to one message", nfds);
	if (nfds) {
		size_t fds_len = (size_t)nfds * sizeof(int);    /* nfds is in range, checked above */

		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = CMSG_SPACE(fds_len);
		cmsg = CMSG_FIRSTHDR(&mh);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(fds_len);
		memcpy(CMSG_DATA(cmsg), fds, fds_len);
	}
	n = sendmsg(conn, &mh, MSG_NOSIGNAL);
	if (n < 0 && (errno == EPIPE || errno == ECONNRESET || errno == ECONNREFUSED))
		return lc_err_set(err, -EPIPE, "the other end went away");
	if (n < 0)
		return lc_err_set(err, -errno, "cannot send on the hand-over socket");
	if ((size_t)n != len)
		return lc_err_msg(err, -EIO, "short send (%zd of %zu bytes)", n, len);
	return 0;
}

/*
 * A receiver that refused us before we sent (our uid, say) has closed already, but its
 * reason may be waiting in our queue: report that rather than a bare EPIPE.
 */
static int refused_early(int conn, __u32 link_id, struct lc_err *err)
{
	struct lc_err why = { 0 };
	int rc = lc_fdpass_recv_ack(conn, link_id, 0, &why);

	if (rc < 0 && rc != -ECONNRESET && rc != -ETIMEDOUT && rc != -EPROTO) {
		*err = why;
		return rc;
	}
	return lc_err_msg(err, -EPIPE, "the receiver went away before the link was sent");
}

int lc_fdpass_send_link(int conn, int link_fd, struct lc_fdpass_link *sent, struct lc_err *err)
{
	struct lc_fdpass_link_msg msg;
	enum lc_obj_kind kind = lc_fd_kind(0, link_fd);
	struct lc_link l;
	int rc;

	if (kind != LC_OBJ_LINK)
		return lc_err_msg(err, -EINVAL, "fd %d is %s%s, not a link", link_fd,
				  kind == LC_OBJ_NONE ? "" : "a ", lc_obj_kind_str(kind));
	rc = lc_link_info(link_fd, &l, err);
	if (rc)
		return rc;
	memset(&msg, 0, sizeof(msg));
	fill_hdr(&msg.hdr, LC_FDPASS_LINK, sizeof(msg), l.info.id);
	msg.link_type = l.info.type;
	msg.prog_id = l.info.prog_id;
	*sent = (struct lc_fdpass_link){ .fd = link_fd, .link_id = l.info.id,
					 .link_type = l.info.type, .prog_id = l.info.prog_id };
	rc = lc_fdpass_send_msg(conn, &msg, sizeof(msg), &link_fd, 1, err);
	if (rc == -EPIPE)
		rc = refused_early(conn, l.info.id, err);
	return rc;
}

/*
 * Every fd the control data carries: the first is kept in *fd, the others are closed
 * on the spot. Returns how many arrived.
 */
static int take_fds(struct msghdr *mh, int *fd)
{
	struct cmsghdr *cmsg;
	int count = 0, one;

	*fd = -1;
	for (cmsg = CMSG_FIRSTHDR(mh); cmsg; cmsg = CMSG_NXTHDR(mh, cmsg)) {
		size_t n;

		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++, count++) {
			memcpy(&one, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
			if (*fd < 0)
				*fd = one;
			else
				close(one);
		}
	}
	return count;
}

/* What arrived must be one message of the right size with exactly one fd. */
static int check_arrival(const struct msghdr *mh, ssize_t n, int nfds, struct lc_err *err)
{
	if (n == 0 && !nfds)
		return lc_err_msg(err, -ECONNRESET, "the sender closed the connection without sending a link");
	if (mh->msg_flags & MSG_CTRUNC)
		return lc_err_msg(err, -EMSGSIZE,
				  "the control message was truncated (more than one fd sent?); refused");
	if (mh->msg_flags & MSG_TRUNC)
		return lc_err_msg(err, -EMSGSIZE, "message longer than %d bytes; refused",
				  LC_FDPASS_MSG_MAX);
	if (nfds != 1)
		return lc_err_msg(err, -EBADMSG, "the sender sent %d fds; exactly one expected", nfds);
	return 0;
}

/* The fd must be the very link the header announces. */
static int check_link_fd(int fd, const struct lc_fdpass_link_msg *msg, struct lc_fdpass_link *rx,
			 struct lc_err *err)
{
	enum lc_obj_kind kind = lc_fd_kind(0, fd);
	struct lc_link l;
	int rc;

	if (kind != LC_OBJ_LINK)
		return lc_err_msg(err, -EBADF, "the sender's fd is %s%s, not a link; refused",
				  kind == LC_OBJ_NONE ? "" : "a ", lc_obj_kind_str(kind));
	rc = lc_link_info(fd, &l, err);
	if (rc)
		return rc;
	if (l.info.id != msg->hdr.link_id || l.info.type != msg->link_type)
		return lc_err_msg(err, -EBADMSG,
				  "the header announces link %u (type %u) but the fd is link %u (type %u)",
				  msg->hdr.link_id, msg->link_type, l.info.id, l.info.type);
	rx->link_type = l.info.type;
	rx->prog_id = l.info.prog_id;
	return 0;
}

int lc_fdpass_recv_link(int conn, int timeout_ms, struct lc_fdpass_link *rx, struct lc_err *err)
{
	union {
		char buf[LC_FDPASS_MSG_MAX];
		struct lc_fdpass_link_msg msg;
	} data;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = data.buf, .iov_len = sizeof(data.buf) };
	/*
	 * Room for exactly one fd: CMSG_SPACE's padding would let the kernel install a
	 * second one; with CMSG_LEN it sets MSG_CTRUNC and drops the rest itself.
	 */
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			     .msg_controllen = CMSG_LEN(sizeof(int)) };
	ssize_t n;
	int rc, fd, nfds;

	*rx = (struct lc_fdpass_link){ .fd = -1 };
	rc = lc_fdpass_wait_readable(conn, -1, timeout_ms, "waiting for the sender's message", err);
	if (rc)
		return rc;
	n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return lc_err_set(err, -errno, "cannot receive from the sender");
	nfds = take_fds(&mh, &fd);
	if ((size_t)n >= sizeof(struct lc_fdpass_hdr))
		rx->link_id = data.msg.hdr.link_id;    /* echoed in a refusal */
	rc = check_arrival(&mh, n, nfds, err);
	if (!rc)
		rc = lc_fdpass_check_hdr(data.buf, (size_t)n, LC_FDPASS_LINK, sizeof(data.msg), err);
	if (!rc)
		rc = check_link_fd(fd, &data.msg, rx, err);
	if (rc) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	rx->fd = fd;
	return 0;
}

/* The range of errno values an ack may carry (the kernel's MAX_ERRNO). */
#define LC_FDPASS_MAX_ERRNO 4095

int lc_fdpass_send_ack(int conn, __u32 link_id, int status, const char *reason,
		       struct lc_err *err)
{
	struct lc_fdpass_ack_msg msg;
	int rc;

	memset(&msg, 0, sizeof(msg));
	fill_hdr(&msg.hdr, LC_FDPASS_ACK, sizeof(msg), link_id);
	msg.status = status > 0 ? -status : status;
	if (msg.status < -LC_FDPASS_MAX_ERRNO)
		msg.status = -EPROTO;
	snprintf(msg.reason, sizeof(msg.reason), "%s", reason ? reason : "");
	rc = lc_fdpass_send_msg(conn, &msg, sizeof(msg), NULL, 0, err);
	if (rc == -EPIPE)
		return lc_err_msg(err, rc, "cannot acknowledge link %u: the sender went away", link_id);
	return rc;
}

/* Read one ack; fds the receiver might attach are dropped by the kernel (no control buffer). */
static int read_ack(int conn, struct lc_fdpass_ack_msg *msg, size_t *len, struct lc_err *err)
{
	union {
		char buf[LC_FDPASS_MSG_MAX];
		struct lc_fdpass_ack_msg msg;
	} data;
	struct iovec iov = { .iov_base = data.buf, .iov_len = sizeof(data.buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC);

	/*
	 * A receiver that refuses without reading our message closes with data unread; the
	 * kernel then reports ECONNRESET once, ahead of the refusal still queued for us.
	 */
	if (n < 0 && errno == ECONNRESET)
		n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	if (n < 0 && errno != ECONNRESET && errno != EAGAIN)
		return lc_err_set(err, -errno, "cannot receive the acknowledgement");
	if (n <= 0)
		return lc_err_msg(err, -ECONNRESET,
				  "the receiver went away without acknowledging; nothing was handed over");
	if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		return lc_err_msg(err, -EPROTO, "malformed acknowledgement (truncated)");
	*msg = data.msg;
	*len = (size_t)n;
	return 0;
}

int lc_fdpass_recv_ack(int conn, __u32 link_id, int timeout_ms, struct lc_err *err)
{
	struct lc_fdpass_ack_msg msg = { 0 };
	size_t len = 0;
	int rc;

	rc = lc_fdpass_wait_readable(conn, -1, timeout_ms, "waiting for the receiver's acknowledgement",
				     err);
	if (!rc)
		rc = read_ack(conn, &msg, &len, err);
	if (!rc)
		rc = lc_fdpass_check_hdr(&msg, len, LC_FDPASS_ACK, sizeof(msg), err);
	if (rc)
		return rc;
	/* a refusal sent before the receiver read our message names link 0 */
	if (msg.hdr.link_id != link_id && !(msg.hdr.link_id == 0 && msg.status < 0))
		return lc_err_msg(err, -EPROTO, "the acknowledgement is about link %u, not %u",
				  msg.hdr.link_id, link_id);
	msg.reason[sizeof(msg.reason) - 1] = '\0';
	/* -errno is -1 .. -4095 (the kernel's MAX_ERRNO); anything else would be negated as is */
	if (msg.status > 0 || msg.status < -LC_FDPASS_MAX_ERRNO)
		return lc_err_msg(err, -EPROTO, "malformed acknowledgement (status %d)", msg.status);
	if (msg.status < 0)
		return lc_err_msg(err, msg.status, "the receiver refused link %u: %s", link_id,
				  msg.reason[0] ? msg.reason : strerror(-msg.status));
	return 0;
}
