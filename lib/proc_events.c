// SPDX-License-Identifier: GPL-2.0-only
/* proc_events.c: process exits from the kernel's proc connector, through libmnl. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <libmnl/libmnl.h>

#include "clock.h"
#include "log.h"
#include "proc_events.h"

/* The namespaces' inode numbers the kernel gives the initial ones (PROC_*_INIT_INO). */
#define INIT_USER_NS_INO 0xEFFFFFFDU
#define INIT_PID_NS_INO 0xEFFFFFFCU
/* A subscription is acknowledged at once; a kernel that ignores one never answers. */
#define ACK_WAIT_MS 100
/* Exits come in bursts (a test suite, a build): room for thousands before a drop. */
#define PROC_EVENTS_RCVBUF (1 << 20)

/* Linux >= 6.6: LISTEN with an event mask (struct proc_input); older kernels drop it. */
struct proc_input_compat {
	__u32 mcast_op;
	__u32 event_type;
};

/*
 * mnl_nlmsg_ok compares the length as an int: one of 2 GiB or more passes as negative, and
 * its payload would run past the datagram.
 */
static bool msg_fits(const struct nlmsghdr *nlh, int remaining)
{
	return mnl_nlmsg_ok(nlh, remaining) && nlh->nlmsg_len <= (unsigned int)remaining;
}

int lc_proc_events_parse(const void *buf, size_t len, lc_proc_exit_fn exit_fn, void *arg)
{
	const struct nlmsghdr *nlh = buf;
	int remaining = (int)len, exits = 0;

	for (; msg_fits(nlh, remaining); nlh = mnl_nlmsg_next(nlh, &remaining)) {
		const struct cn_msg *cn = mnl_nlmsg_get_payload(nlh);
		size_t room = mnl_nlmsg_get_payload_len(nlh);
		struct proc_event ev;

		if (nlh->nlmsg_type != NLMSG_DONE)
			continue;
		if (room < sizeof(*cn) || cn->len > room - sizeof(*cn))
			return -EBADMSG;
		if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC ||
		    cn->len < offsetof(struct proc_event, event_data))
			continue;
		/* the event sits 4 bytes off its 8-byte alignment after a 20-byte cn_msg */
		memset(&ev, 0, sizeof(ev));
		memcpy(&ev, cn->data, cn->len < sizeof(ev) ? cn->len : sizeof(ev));
		if (ev.what != PROC_EVENT_EXIT || cn->len < offsetof(struct proc_event, event_data) +
		    offsetof(struct exit_proc_event, exit_code))
			continue;
		exit_fn(ev.event_data.exit.process_pid, ev.event_data.exit.process_tgid, arg);
		exits++;
	}
	return exits;
}

int lc_proc_events_find_ack(const void *buf, size_t len, unsigned int ack, int *ack_err)
{
	const struct nlmsghdr *nlh = buf;
	int remaining = (int)len;

	for (; msg_fits(nlh, remaining); nlh = mnl_nlmsg_next(nlh, &remaining)) {
		const struct cn_msg *cn = mnl_nlmsg_get_payload(nlh);
		size_t room = mnl_nlmsg_get_payload_len(nlh);
		struct proc_event ev;

		if (room < sizeof(*cn) || cn->len > room - sizeof(*cn) ||
		    cn->id.idx != CN_IDX_PROC || cn->ack != ack + 1 ||
		    cn->len < offsetof(struct proc_event, event_data) + sizeof(ev.event_data.ack))
			continue;
		memset(&ev, 0, sizeof(ev));
		memcpy(&ev, cn->data, cn->len < sizeof(ev) ? cn->len : sizeof(ev));
		if (ev.what != PROC_EVENT_NONE)
			continue;
		*ack_err = (int)ev.event_data.ack.err;
		return 1;
	}
	return 0;
}

/* The kernel ignores a subscription from any other namespace, without an answer. */
static int check_namespaces(struct lc_err *err)
{
	struct stat st;

	if (stat("/proc/self/ns/user", &st))
		return lc_err_set(err, -EOPNOTSUPP, "cannot read our user namespace");
	if (st.st_ino != INIT_USER_NS_INO)
		return lc_err_msg(err, -EOPNOTSUPP, "not in the initial user namespace");
	if (stat("/proc/self/ns/pid", &st))
		return lc_err_set(err, -EOPNOTSUPP, "cannot read our pid namespace");
	if (st.st_ino != INIT_PID_NS_INO)
		return lc_err_msg(err, -EOPNOTSUPP, "not in the initial pid namespace");
	return 0;
}

/*
 * A LISTEN or IGNORE to the proc connector: 4 bytes (any kernel) or a proc_input (>= 6.6);
 * ack: a number the acknowledgement carries back, plus one.
 */
static int send_op(struct lc_proc_events *pe, __u32 op, bool filter, unsigned int ack)
{
	char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(struct proc_input_compat))];
	struct proc_input_compat in = { .mcast_op = op, .event_type = PROC_EVENT_EXIT };
	__u16 payload = filter ? sizeof(in) : sizeof(in.mcast_op);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct cn_msg *cn;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_pid = mnl_socket_get_portid(pe->sock);
	cn = mnl_nlmsg_put_extra_header(nlh, sizeof(*cn) + payload);
	cn->id.idx = CN_IDX_PROC;
	cn->id.val = CN_VAL_PROC;
	cn->seq = 0;
	cn->ack = ack;
	cn->len = payload;
	memcpy(cn->data, &in, payload);
	return mnl_socket_sendto(pe->sock, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
}

/* The acknowledgement of ack: 1 (its error in *ack_err), 0 when none came in time, -errno. */
static int wait_ack(struct lc_proc_events *pe, unsigned int ack, int *ack_err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	long long end = lc_clock_ms() + ACK_WAIT_MS, left;
	struct pollfd pfd = { .fd = lc_proc_events_fd(pe), .events = POLLIN };

	while ((left = end - lc_clock_ms()) > 0) {
		ssize_t len;
		int rc = poll(&pfd, 1, (int)left);

		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc <= 0)
			continue;
		len = mnl_socket_recvfrom(pe->sock, buf, sizeof(buf));
		if (len < 0 && errno != EAGAIN && errno != ENOBUFS)
			return -errno;
		if (len > 0 && lc_proc_events_find_ack(buf, (size_t)len, ack, ack_err))
			return 1;
	}
	return 0;
}

/*
 * LISTEN, acknowledged (a kernel without CONFIG_PROC_EVENTS, or one refusing us, says so),
 * then LISTEN again for exits alone: a kernel >= 6.6 filters from then on (and drops the
 * acknowledgement, which is no exit: hence the order), an older one ignores the message.
 */
static int subscribe(struct lc_proc_events *pe, struct lc_err *err)
{
	unsigned int ack = (unsigned int)getpid();
	int ack_err = 0;
	int rc = send_op(pe, PROC_CN_MCAST_LISTEN, false, ack);

	if (!rc)
		rc = wait_ack(pe, ack, &ack_err);
	if (rc < 0)
		return lc_err_set(err, rc, "cannot subscribe to the proc connector");
	if (!rc)
		return lc_err_msg(err, -EOPNOTSUPP, "the proc connector did not answer "
				  "(a kernel without CONFIG_PROC_EVENTS?)");
	if (ack_err)
		return lc_err_set(err, -ack_err, "the proc connector refused us");
	pe->subscribed = true;
	rc = send_op(pe, PROC_CN_MCAST_LISTEN, true, ack);
	return rc ? lc_err_set(err, rc, "cannot subscribe to the proc connector") : 0;
}

/* The inode of a namespace file, 0 when it cannot be read. */
static ino_t ns_ino(int fd)
{
	struct stat st;

	return fd >= 0 && !fstat(fd, &st) ? st.st_ino : 0;
}

/*
 * The connector lives in the initial network namespace alone (a socket made in another is
 * refused at its first send), and -n NAME has moved us: the socket is made in pid 2's
 * (kthreadd: kernel threads live in the initial namespaces; pid 1 may forbid a look at
 * its own), then we come back. -ENOTRECOVERABLE when
 * the way back fails: the caller must not go on in the wrong namespace.
 */
static int socket_in_init_net(struct lc_proc_events *pe, struct lc_err *err)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int init = open("/proc/2/ns/net", O_RDONLY | O_CLOEXEC);
	bool moved = ns_ino(self) && ns_ino(init) && ns_ino(self) != ns_ino(init);
	int rc = 0;

	if (moved && setns(init, CLONE_NEWNET))
		rc = lc_err_set(err, -errno, "cannot enter the initial network namespace");
	if (!rc) {
		pe->sock = mnl_socket_open2(NETLINK_CONNECTOR, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (!pe->sock)
			rc = lc_err_set(err, -errno, "cannot open a connector socket");
	}
	if (moved && setns(self, CLONE_NEWNET) && !rc)
		rc = lc_err_set(err, -ENOTRECOVERABLE, "cannot return to our network namespace");
	if (self >= 0)
		close(self);
	if (init >= 0)
		close(init);
	return rc;
}

static int open_socket(struct lc_proc_events *pe, struct lc_err *err)
{
	int rcvbuf = PROC_EVENTS_RCVBUF;
	int rc = socket_in_init_net(pe, err);

	if (rc)
		return rc;
	setsockopt(lc_proc_events_fd(pe), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_bind(pe->sock, CN_IDX_PROC, MNL_SOCKET_AUTOPID) < 0)
		return lc_err_set_cap(err, -errno, "CAP_NET_ADMIN",
				      "cannot join the proc connector's group");
	return 0;
}

int lc_proc_events_open(struct lc_proc_events *pe, struct lc_err *err)
{
	int rc;

	memset(pe, 0, sizeof(*pe));
	rc = check_namespaces(err);
	if (!rc)
		rc = open_socket(pe, err);
	if (!rc)
		rc = subscribe(pe, err);
	if (rc)
		lc_proc_events_close(pe);
	if (rc && rc != -ENOMEM && rc != -ENOTRECOVERABLE)
		rc = -EOPNOTSUPP;
	if (!rc)
		lc_log("proc connector: subscribed to process exits");
	return rc;
}

int lc_proc_events_fd(const struct lc_proc_events *pe)
{
	return pe->sock ? mnl_socket_get_fd(pe->sock) : -1;
}

int lc_proc_events_read(struct lc_proc_events *pe, lc_proc_exit_fn exit_fn, void *arg,
			struct lc_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool dropped = false;

	for (;;) {
		ssize_t len = mnl_socket_recvfrom(pe->sock, buf, sizeof(buf));

		if (len < 0 && errno == EAGAIN)
			break;
		if (len < 0 && errno == ENOBUFS) {
			dropped = true;
			continue;
		}
		if (len < 0)
			return lc_err_set(err, -errno, "cannot read the proc connector");
		if (lc_proc_events_parse(buf, (size_t)len, exit_fn, arg) < 0)
			return lc_err_msg(err, -EBADMSG, "a malformed proc connector message");
	}
	return dropped ? lc_err_msg(err, -ENOBUFS, "the kernel dropped process events") : 0;
}

void lc_proc_events_close(struct lc_proc_events *pe)
{
	if (!pe->sock)
		return;
	/* a kernel < 6.6 counts LISTENs, not sockets: one IGNORE for the one it took */
	if (pe->subscribed)
		send_op(pe, PROC_CN_MCAST_IGNORE, false, 0);
	mnl_socket_close(pe->sock);
	pe->sock = NULL;
}
