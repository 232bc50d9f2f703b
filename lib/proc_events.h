/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * proc_events.h: process exits from the kernel's proc connector (NETLINK_CONNECTOR, group
 * CN_IDX_PROC) through libmnl. The kernel reports an exit after the process's files are
 * closed, so a bpf_link it alone held is gone by the time its exit arrives.
 */
#ifndef LC_PROC_EVENTS_H
#define LC_PROC_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

struct mnl_socket;

struct lc_proc_events {
	struct mnl_socket *sock;
	bool subscribed;        /* a LISTEN was acknowledged: close sends an IGNORE */
};

/* One exit: pid is the thread, tgid its process (they differ for a thread's exit). */
typedef void (*lc_proc_exit_fn)(pid_t pid, pid_t tgid, void *arg);

/*
 * Subscribe. -EOPNOTSUPP (why in err) when the connector cannot serve us: outside the
 * initial user and pid namespaces the kernel ignores the subscription without a word, so
 * that is checked first; a kernel without CONFIG_PROC_EVENTS or a refusal (no
 * CAP_NET_ADMIN) is told by the acknowledgement, which is waited for. The socket is made
 * in the initial network namespace (the connector's only one) whichever we are in:
 * -ENOTRECOVERABLE when we could not come back from it (go no further), -ENOMEM.
 */
int lc_proc_events_open(struct lc_proc_events *pe, struct lc_err *err);
/* The fd to poll; readable when exits (or other process events) are queued. */
int lc_proc_events_fd(const struct lc_proc_events *pe);
/*
 * Every queued message read without blocking, exit_fn called for each exit. Returns 0,
 * -ENOBUFS when the kernel dropped events (the caller must not rely on having seen every
 * exit), another -errno on failure.
 */
int lc_proc_events_read(struct lc_proc_events *pe, lc_proc_exit_fn exit_fn, void *arg,
			struct lc_err *err);
/* Unsubscribe (the kernel counts listeners and skips its work when there are none), close. */
void lc_proc_events_close(struct lc_proc_events *pe);

/*
 * The pure part, for tests: the exits in one datagram of len bytes (netlink messages each
 * carrying a cn_msg and a proc_event); other events and other connectors' messages are
 * passed over. Returns how many exits it found, or -EBADMSG for a malformed message.
 */
int lc_proc_events_parse(const void *buf, size_t len, lc_proc_exit_fn exit_fn, void *arg);

/*
 * The acknowledgement of a subscription sent with ack number ack (PROC_EVENT_NONE, ack + 1)
 * in buf: 1 and its error (0 or a positive errno) in *ack_err, 0 when buf has none.
 */
int lc_proc_events_find_ack(const void *buf, size_t len, unsigned int ack, int *ack_err);

#endif
