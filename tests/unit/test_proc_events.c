// SPDX-License-Identifier: GPL-2.0-only
/* test_proc_events.c: unit tests of the proc connector message parser (lib/proc_events.c). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <libmnl/libmnl.h>

#include "tap.h"
#include "../../lib/proc_events.h"

struct seen {
	pid_t pid[8], tgid[8];
	int n;
};

static void on_exit_ev(pid_t pid, pid_t tgid, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		s->pid[s->n] = pid;
		s->tgid[s->n] = tgid;
	}
	s->n++;
}

/* One connector message appended at buf + *off, carrying ev (cn_len bytes of it). */
static void put_msg(char *buf, size_t *off, __u32 idx, const struct proc_event *ev,
		    __u16 cn_len, __u32 seq, __u32 ack)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + *off);
	struct cn_msg *cn = mnl_nlmsg_put_extra_header(nlh, sizeof(*cn) + cn_len);

	nlh->nlmsg_type = NLMSG_DONE;
	cn->id.idx = idx;
	cn->id.val = CN_VAL_PROC;
	cn->seq = seq;
	cn->ack = ack;
	cn->len = cn_len;
	memcpy(cn->data, ev, cn_len);
	*off += NLMSG_ALIGN(nlh->nlmsg_len);
}

static struct proc_event exit_ev(pid_t pid, pid_t tgid)
{
	struct proc_event ev = { .what = PROC_EVENT_EXIT };

	ev.event_data.exit.process_pid = pid;
	ev.event_data.exit.process_tgid = tgid;
	return ev;
}

static void test_exits(void)
{
	_Alignas(8) char buf[4096];
	struct proc_event fork_ev = { .what = PROC_EVENT_FORK };
	struct proc_event e1 = exit_ev(101, 100), e2 = exit_ev(200, 200);
	struct seen s = { 0 };
	size_t off = 0;

	put_msg(buf, &off, CN_IDX_PROC, &e1, sizeof(e1), 1, 0);
	put_msg(buf, &off, CN_IDX_PROC, &fork_ev, sizeof(fork_ev), 2, 0);
	put_msg(buf, &off, CN_IDX_PROC + 1, &e2, sizeof(e2), 3, 0);     /* another connector */
	put_msg(buf, &off, CN_IDX_PROC, &e2, sizeof(e2), 4, 0);
	TAP_OK(lc_proc_events_parse(buf, off, on_exit_ev, &s) == 2 && s.n == 2, "two exits found");
	TAP_OK(s.pid[0] == 101 && s.tgid[0] == 100, "a thread's exit: its pid and its process");
	TAP_OK(s.pid[1] == 200 && s.tgid[1] == 200, "the other connector's message passed over");
}

static void test_short_and_bad(void)
{
	_Alignas(8) char buf[4096];
	struct proc_event e = exit_ev(7, 7);
	struct seen s = { 0 };
	size_t off = 0;
	struct nlmsghdr *nlh;

	/* an exit cut before its pids is not one */
	put_msg(buf, &off, CN_IDX_PROC, &e, offsetof(struct proc_event, event_data) + 4, 1, 0);
	TAP_OK(lc_proc_events_parse(buf, off, on_exit_ev, &s) == 0 && s.n == 0,
	       "a truncated exit event is passed over");
	off = 0;
	put_msg(buf, &off, CN_IDX_PROC, &e, sizeof(e), 1, 0);
	nlh = (struct nlmsghdr *)buf;
	((struct cn_msg *)mnl_nlmsg_get_payload(nlh))->len = 4000;
	TAP_OK(lc_proc_events_parse(buf, off, on_exit_ev, &s) == -EBADMSG,
	       "a cn_msg longer than its netlink message is malformed");
	TAP_OK(lc_proc_events_parse(buf, 3, on_exit_ev, &s) == 0 && s.n == 0,
	       "a datagram shorter than a header holds nothing");
	/* a header claiming 4 GiB after a good message (libmnl alone takes it as negative) */
	off = 0;
	put_msg(buf, &off, CN_IDX_PROC, &e, sizeof(e), 1, 0);
	nlh = (struct nlmsghdr *)(buf + off);
	nlh->nlmsg_len = 0xffffffffU;
	TAP_OK(lc_proc_events_parse(buf, off + 20, on_exit_ev, &s) == 1 && s.n == 1,
	       "a header longer than the datagram ends it");
}

static void test_ack(void)
{
	_Alignas(8) char buf[4096];
	struct proc_event ack = { .what = PROC_EVENT_NONE }, e = exit_ev(9, 9);
	size_t off = 0;
	int ack_err = -1;

	ack.event_data.ack.err = 1;     /* EPERM */
	put_msg(buf, &off, CN_IDX_PROC, &e, sizeof(e), 0, 42);
	put_msg(buf, &off, CN_IDX_PROC, &ack, sizeof(ack), 7, 1);        /* someone else's */
	TAP_OK(lc_proc_events_find_ack(buf, off, 41, &ack_err) == 0, "no ack of ours (41) yet");
	put_msg(buf, &off, CN_IDX_PROC, &ack, sizeof(ack), 8, 42);
	TAP_OK(lc_proc_events_find_ack(buf, off, 41, &ack_err) == 1 && ack_err == 1,
	       "our ack (41 + 1) with its error, whatever its seq");
}

int main(void)
{
	test_exits();
	test_short_and_bad();
	test_ack();
	return TAP_DONE();
}
