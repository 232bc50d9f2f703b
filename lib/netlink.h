/* SPDX-License-Identifier: GPL-2.0-only */
/* netlink.h: rtnetlink through libmnl: one socket with extended acks and a request/response helper. */
#ifndef LC_NETLINK_H
#define LC_NETLINK_H

#include <stddef.h>
#include <linux/types.h>
#include <libmnl/libmnl.h>

#include "err.h"

/* One rtnetlink socket with extended acks enabled. */
struct lc_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
};

int lc_nl_open(struct lc_nl *nl, struct lc_err *err);
void lc_nl_close(struct lc_nl *nl);

/*
 * Send nlh (sequence number filled in here) and read replies until the dump ends or the
 * ack arrives, calling cb (may be NULL) for each data message. A kernel error becomes
 * -errno with the extended-ack text, when the kernel gave one, in err: "<what>: <extack>".
 */
int lc_nl_talk(struct lc_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	       const char *what, struct lc_err *err);
/* lc_nl_talk on a socket of its own, opened and closed around the one request. */
int lc_nl_talk_once(struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *what,
		    struct lc_err *err);
/* A dump request of this type in buf (MNL_SOCKET_BUFFER_SIZE), with a zeroed family header. */
struct nlmsghdr *lc_nl_dump_req(void *buf, __u16 type, size_t family_hdr_len);

#endif
