// SPDX-License-Identifier: GPL-2.0-only
/* netlink.c: rtnetlink request/response with extended acks. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "netlink.h"

/* Big enough for one dump datagram (the kernel fills up to 32 KiB). */
#define NL_RECV_BUF_SIZE 32768

int lc_nl_open(struct lc_nl *nl, struct lc_err *err)
{
	int on = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->sock)
		return lc_err_set(err, -errno, "cannot open rtnetlink socket");
	/* extended acks carry the kernel's own explanation of a refusal */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &on, sizeof(on));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int rc = -errno;

		lc_nl_close(nl);
		return lc_err_set(err, rc, "cannot bind rtnetlink socket");
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)time(NULL);
	return 0;
}

void lc_nl_close(struct lc_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	const char **msg = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		*msg = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

/* Turn an NLMSG_ERROR into err, with the extack message when present. */
static int nl_error(const struct nlmsghdr *nlh, const char *what, struct lc_err *err)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const char *extack = NULL;
	unsigned int offset = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return lc_err_msg(err, -EBADMSG, "%s: truncated netlink error", what);
	if (!e->error)
		return 0;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			offset += e->msg.nlmsg_len - (unsigned int)sizeof(e->msg);
		mnl_attr_parse(nlh, offset, extack_attr_cb, &extack);
	}
	if (extack && *extack)
		return lc_err_msg(err, e->error, "%s: %s (%s)", what, extack, strerror(-e->error));
	if (e->error == -EPERM)
		return lc_err_set_cap(err, e->error, "CAP_NET_ADMIN", "%s", what);
	return lc_err_set(err, e->error, "%s", what);
}

int lc_nl_talk(struct lc_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	       const char *what, struct lc_err *err)
{
	char buf[NL_RECV_BUF_SIZE];
	unsigned int seq = ++nl->seq;
	bool interrupted = false;
	ssize_t len;

	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return lc_err_set(err, -errno, "%s: netlink send", what);
	for (;;) {
		const struct nlmsghdr *m;
		int remaining;

		len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (len < 0)
			return lc_err_set(err, -errno, "%s: netlink receive", what);
		remaining = (int)len;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, remaining);
		     m = mnl_nlmsg_next(m, &remaining)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != nl->portid)
				continue;
			/* the kernel flags a dump that raced with a change: its view may be torn */
			interrupted |= m->nlmsg_flags & NLM_F_DUMP_INTR;
			if (m->nlmsg_type == NLMSG_ERROR)
				return nl_error(m, what, err);
			if (m->nlmsg_type == NLMSG_DONE)
				return interrupted ? lc_err_msg(err, -EAGAIN, "%s: devices changed during "
								"the dump", what) : 0;
			if (cb && cb(m, data) < 0)
				return lc_err_msg(err, -EBADMSG, "%s: cannot parse reply", what);
		}
		if (!(nlh->nlmsg_flags & NLM_F_DUMP))
			return 0;
	}
}

int lc_nl_talk_once(struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *what,
		    struct lc_err *err)
{
	struct lc_nl nl;
	int rc = lc_nl_open(&nl, err);

	if (rc)
		return rc;
	rc = lc_nl_talk(&nl, nlh, cb, data, what, err);
	lc_nl_close(&nl);
	return rc;
}

struct nlmsghdr *lc_nl_dump_req(void *buf, __u16 type, size_t family_hdr_len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	mnl_nlmsg_put_extra_header(nlh, family_hdr_len);
	return nlh;
}
