/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handover.h: handing a bpf_link fd from one process to another over a unix socket
 * (SCM_RIGHTS), with a small versioned header and an acknowledgement. A daemon can
 * use it as is; docs/handover.md describes the wire format for other implementations.
 *
 * Receiver:  lc_fdpass_listen -> lc_fdpass_accept -> lc_fdpass_peer_cred +
 *            lc_fdpass_peer_allowed -> lc_fdpass_recv_link -> (take ownership:
 *            pin, exec, keep) -> lc_fdpass_send_ack (status 0; a refusal sends
 *            -errno and a reason instead).
 * Sender:    lc_fdpass_connect -> lc_fdpass_peer_allowed (is this the receiver we
 *            meant?) -> lc_fdpass_send_link -> lc_fdpass_recv_ack; only after a
 *            positive ack may the sender drop its own reference (e.g. unpin).
 *
 * Every call returns 0 / an fd, or -errno with a one-line message in err.
 */
#ifndef LC_HANDOVER_H
#define LC_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <linux/types.h>

#include "err.h"

/* ---- wire format (native byte order: both ends are on one host) ---------- */
#define LC_FDPASS_MAGIC      0x4446434cu /* the bytes "LCFD" on a little-endian host */
#define LC_FDPASS_VERSION    1
#define LC_FDPASS_MSG_MAX    256         /* longest message either side reads */
#define LC_FDPASS_REASON_MAX 200

enum lc_fdpass_kind {
	LC_FDPASS_LINK = 1,     /* sender -> receiver, carries exactly one fd */
	LC_FDPASS_ACK  = 2,     /* receiver -> sender, carries no fd */
};

struct lc_fdpass_hdr {
	__u32 magic;            /* LC_FDPASS_MAGIC */
	__u16 version;          /* LC_FDPASS_VERSION */
	__u16 kind;             /* enum lc_fdpass_kind */
	__u32 size;             /* whole message in bytes, header included */
	__u32 link_id;          /* the link the message is about */
};

struct lc_fdpass_link_msg {
	struct lc_fdpass_hdr hdr;
	__u32 link_type;        /* enum bpf_link_type */
	__u32 prog_id;
	__u32 flags;            /* 0; reserved */
	__u32 reserved;         /* 0 */
};

struct lc_fdpass_ack_msg {
	struct lc_fdpass_hdr hdr;
	__s32 status;                       /* 0 accepted, -errno refused */
	char reason[LC_FDPASS_REASON_MAX];  /* NUL-terminated; empty when accepted */
	__u32 reserved;                     /* 0; keeps the size a multiple of 8 */
};

_Static_assert(sizeof(struct lc_fdpass_hdr) == 16, "fdpass header is 16 bytes on the wire");
_Static_assert(sizeof(struct lc_fdpass_link_msg) == 32, "fdpass link message is 32 bytes");
_Static_assert(sizeof(struct lc_fdpass_ack_msg) == 224, "fdpass ack message is 224 bytes");

/* ---- addresses and sockets ------------------------------------------------ */

/* A unix socket address: a filesystem path, or "@name" in the abstract namespace. */
struct lc_fdpass_addr {
	struct sockaddr_un sun;
	socklen_t len;
	bool abstract;
};

int lc_fdpass_addr_parse(const char *spec, struct lc_fdpass_addr *addr, struct lc_err *err);

struct lc_fdpass_listener {
	int fd;                 /* SOCK_SEQPACKET, listening, O_CLOEXEC */
	struct lc_fdpass_addr addr;
	dev_t dev;              /* the socket file we created (path sockets only), */
	ino_t ino;              /* so that closing never removes somebody else's */
};

/*
 * Listen on spec. A path is created with mode 0600. If something exists there it is
 * replaced only when it is a stale socket of ours (a socket owned by our euid that
 * nobody listens on: connect() is refused); anything else is never touched.
 */
int lc_fdpass_listen(const char *spec, struct lc_fdpass_listener *l, struct lc_err *err);
/* Close the socket and remove the path it created (if it is still that socket). */
void lc_fdpass_listener_close(struct lc_fdpass_listener *l);

/*
 * Wait for one connection (timeout_ms < 0: forever). cancel_fd (or -1), when it
 * becomes readable, ends the wait with -ECANCELED (a signalfd for SIGINT, say).
 * Returns the connected socket (O_CLOEXEC).
 */
int lc_fdpass_accept(const struct lc_fdpass_listener *l, int cancel_fd, int timeout_ms,
		     struct lc_err *err);

/*
 * Connect to a receiver; timeout_ms bounds the connect itself (a full backlog).
 * Returns the connected socket (O_CLOEXEC).
 */
int lc_fdpass_connect(const char *spec, int timeout_ms, struct lc_err *err);

/*
 * Wait until fd is readable (timeout_ms < 0: forever); EINTR shortens nothing. -ETIMEDOUT
 * and -ECANCELED (cancel_fd readable) get the message "timed out / interrupted <what>".
 */
int lc_fdpass_wait_readable(int fd, int cancel_fd, int timeout_ms, const char *what,
			    struct lc_err *err);


/* ---- credentials ------------------------------------------------------------ */

struct lc_fdpass_peer {
	pid_t pid;
	uid_t uid;
	gid_t gid;
};

/* The other end's credentials as the kernel recorded them at connect()/listen(). */
int lc_fdpass_peer_cred(int conn, struct lc_fdpass_peer *peer, struct lc_err *err);
/*
 * Root, or a uid in allow_uids: 0; anyone else -EPERM. For abstract sockets this is
 * the only gate there is (they have no file permissions), so callers never skip it.
 */
int lc_fdpass_peer_allowed(const struct lc_fdpass_peer *peer, const uid_t *allow_uids,
			   size_t n_allow, struct lc_err *err);

/* ---- messages --------------------------------------------------------------- */

/* What a sender handed over, after every check passed. */
struct lc_fdpass_link {
	int fd;                 /* the bpf_link (O_CLOEXEC); -1 when nothing was received */
	__u32 link_id;
	__u32 link_type;
	__u32 prog_id;
};

/* Send link_fd (which must be a bpf_link) with its header; fills sent (fd = link_fd). */
int lc_fdpass_send_link(int conn, int link_fd, struct lc_fdpass_link *sent, struct lc_err *err);

/*
 * Receive one link message (timeout_ms < 0: forever). Exactly one fd must arrive and
 * it must be the bpf_link the header names; anything else (no fd, two fds, a truncated
 * control message, a program or map fd, a bad header, an oversized message) is refused:
 * every fd that did arrive is closed and rx->fd is -1. The caller then tells the sender
 * with lc_fdpass_send_ack(conn, rx->link_id, err->code, err->msg).
 */
int lc_fdpass_recv_link(int conn, int timeout_ms, struct lc_fdpass_link *rx, struct lc_err *err);

/* status 0 accepts, -errno refuses (reason: one line, may be NULL). */
int lc_fdpass_send_ack(int conn, __u32 link_id, int status, const char *reason,
		       struct lc_err *err);

/*
 * Wait for the receiver's answer about link_id. 0: accepted. A refusal returns the
 * receiver's -errno with its reason; -ECONNRESET when it went away without answering;
 * -ETIMEDOUT when it did not answer in time.
 */
int lc_fdpass_recv_ack(int conn, __u32 link_id, int timeout_ms, struct lc_err *err);

/*
 * One message with nfds fds attached (SCM_RIGHTS); never raises SIGPIPE. The protocol
 * sends one fd or none; up to LC_FDPASS_SEND_FDS_MAX are allowed so that tests can send
 * what a receiver must refuse.
 */
#define LC_FDPASS_SEND_FDS_MAX 4
int lc_fdpass_send_msg(int conn, const void *buf, size_t len, const int *fds, int nfds,
		       struct lc_err *err);

/* Header checks shared by both directions (exposed for the unit tests). */
int lc_fdpass_check_hdr(const void *buf, size_t len, enum lc_fdpass_kind kind,
			size_t want_size, struct lc_err *err);

#endif
