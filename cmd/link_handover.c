// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_handover.c: `link recv` and `link send`: hand a link's ownership from one process
 * to another over a unix socket, never leaving an instant in which nobody owns it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link_handover.h"
#include "print_fields.h"
#include "../lib/bpffs.h"
#include "../lib/clock.h"
#include "../lib/handover.h"
#include "../lib/link_info.h"
#include "../lib/objfd.h"

/* A sender that connected has this long to deliver its message. */
#define PEER_TIMEOUT_MS 5000
/* `send` waits this long for the receiver's answer unless told otherwise. */
#define SEND_TIMEOUT_MS 10000

/* The options of recv and send, filled by the rows of their tables (at the end). */
struct link_recv_opts {
	const char *socket;
	const char *pin;
	struct arg_rest exec;
	struct arg_u32_list allow_uid;
	struct arg_u32 timeout;
	struct arg_u32 ready;
};

struct link_send_opts {
	struct arg_u32 id;
	const char *pinned;
	const char *to;
	bool unpin;
	struct arg_u32 timeout;
};

struct recv_state {
	struct lc_ctx *ctx;
	const char *socket;
	struct owner_plan plan;
	uid_t allow_uids[ARG_MAX_REPEAT];
	size_t n_allow;
	long long deadline_ms;              /* -1: wait for a sender forever */
	struct lc_fdpass_peer peer;         /* the sender being served */
	struct lc_fdpass_link rx;           /* what it handed over */
	int sig_fd;                         /* SIGINT/SIGTERM: stop before acking, not after */
	int ready_fd;                       /* `ready FD`: where "listening" goes; -1 stdout */
};

static int time_left_ms(long long deadline_ms)
{
	long long left;

	if (deadline_ms < 0)
		return -1;
	left = deadline_ms - lc_clock_ms();
	return left > 0 ? (int)left : 0;
}

static int recv_setup(struct lc_ctx *ctx, const struct link_recv_opts *opt, struct recv_state *st)
{
	int timeout_ms, rc;

	rc = handover_timeout_ms(ctx, &opt->timeout, -1, &timeout_ms);
	if (rc)
		return rc;
	st->deadline_ms = timeout_ms < 0 ? -1 : lc_clock_ms() + timeout_ms;
	for (int i = 0; i < opt->allow_uid.n; i++)
		st->allow_uids[st->n_allow++] = (uid_t)opt->allow_uid.val[i];
	st->ready_fd = opt->ready.given ? (int)opt->ready.val : -1;
	if (st->ready_fd >= 0 && (st->ready_fd <= 2 || fcntl(st->ready_fd, F_GETFD) < 0))
		return cmd_usage(ctx, "link recv: 'ready %d' is not an open file descriptor above 2",
				 st->ready_fd);
	return owner_plan_parse(ctx, opt->pin, &opt->exec, &st->plan);
}

/*
 * The socket listens: say so before waiting, so a script starts its sender on this line
 * rather than retrying connect. On stdout it is the first line (a JSON line under -j, the
 * receipt follows); with `ready FD` it goes to FD alone, which is closed at once (a reader
 * sees the line, then EOF) and so never reaches an exec'd command. In a batch only FD gets
 * it: the batch prints one document.
 */
static void announce_listening(struct recv_state *st)
{
	cJSON *line = cJSON_CreateObject();
	char *json = NULL;
	FILE *f;

	if (st->ctx->out.json) {
		cJSON_AddItemToObject(line, "listening", out_json_string(st->socket));
		json = cJSON_PrintUnformatted(line);
	}
	cJSON_Delete(line);
	if (st->ready_fd >= 0) {
		f = fdopen(st->ready_fd, "w");
		if (f) {
			json ? fprintf(f, "%s\n", json) : fprintf(f, "listening on %s\n", st->socket);
			fclose(f);
		} else {
			close(st->ready_fd);
		}
	} else if (!st->ctx->out.collect) {
		json ? printf("%s\n", json) : printf("listening on %s\n", st->socket);
		fflush(stdout);
	}
	st->ready_fd = -1;
	free(json);
}

static bool stop_requested(int sig_fd)
{
	struct pollfd pfd = { .fd = sig_fd, .events = POLLIN };

	return sig_fd >= 0 && poll(&pfd, 1, 0) == 1;
}

/* Tell a sender no (it keeps what it has) and carry on listening. */
static void refuse(struct recv_state *st, int conn, const struct lc_err *why)
{
	struct lc_err err = { 0 };

	cmd_warn(st->ctx, "refused sender pid %d uid %u: %s", (int)st->peer.pid,
		 (unsigned int)st->peer.uid, why->msg);
	/* the sender may be gone already; nothing more to tell it then */
	lc_fdpass_send_ack(conn, st->rx.link_id, why->code ? why->code : -EPERM, why->msg, &err);
}

/*
 * One connection. A sender that is not allowed or sends something else than one link
 * is refused and we listen on (a stranger must not be able to end the wait). A pin is
 * made before the ack: once acked, the sender may drop its own reference.
 */
static int recv_serve(struct recv_state *st, int conn, bool *taken)
{
	struct lc_err err = { 0 };
	int left = time_left_ms(st->deadline_ms), rc;

	memset(&st->peer, 0, sizeof(st->peer));
	st->rx = (struct lc_fdpass_link){ .fd = -1 };   /* a refusal must not name an earlier link */
	rc = lc_fdpass_peer_cred(conn, &st->peer, &err);
	if (!rc)
		rc = lc_fdpass_peer_allowed(&st->peer, st->allow_uids, st->n_allow, &err);
	if (!rc) {
		rc = lc_fdpass_recv_link(conn, left < 0 || left > PEER_TIMEOUT_MS ? PEER_TIMEOUT_MS : left,
					 &st->rx, &err);
		/*
		 * Gone without a word: nobody to refuse, nothing to warn about. That is what
		 * another recv does when it checks whether this socket is still listened on.
		 */
		if (rc == -ECONNRESET)
			return EXIT_OK;
	}
	if (rc) {
		refuse(st, conn, &err);
		return EXIT_OK;
	}
	if (stop_requested(st->sig_fd)) {   /* told to stop while the sender talked: it keeps the link */
		lc_err_msg(&err, -EINTR, "the receiver is stopping");
		refuse(st, conn, &err);
		close(st->rx.fd);
		st->rx.fd = -1;
		return cmd_fail(st->ctx, "stopped by a signal before link %u was acknowledged; "
				"the sender keeps it", st->rx.link_id);
	}
	if (st->plan.mode == OWNER_PIN && lc_bpffs_pin_fd(st->rx.fd, st->plan.pin_path, &err)) {
		refuse(st, conn, &err);
		close(st->rx.fd);
		st->rx.fd = -1;
		return cmd_fail_err(st->ctx, &err);
	}
	if (lc_fdpass_send_ack(conn, st->rx.link_id, 0, NULL, &err))
		cmd_warn(st->ctx, "%s; it keeps whatever it still holds, so the link may have two owners now",
			 err.msg);
	*taken = true;
	return EXIT_OK;
}

static int recv_one_link(struct recv_state *st, const struct lc_fdpass_listener *l,
			 struct lc_term_signals *ts)
{
	struct lc_err err = { 0 };
	bool taken = false;
	int conn, rc;

	while (!taken) {
		conn = lc_fdpass_accept(l, ts->fd, time_left_ms(st->deadline_ms), &err);
		if (conn < 0)
			return cmd_fail_errno(st->ctx, err.code, "%s on %s", err.msg, st->socket);
		rc = recv_serve(st, conn, &taken);
		close(conn);
		if (rc)
			return rc;
	}
	return EXIT_OK;
}

/* The receipt, then whatever the plan says: the pin is made already, exec or hold now. */
static int recv_take(struct recv_state *st, struct lc_term_signals *ts)
{
	struct out *o = &st->ctx->out;
	struct lc_err err = { 0 };

	out_open_object(o, NULL);
	print_link_head(o, "received", st->rx.link_id, st->rx.link_type, st->rx.prog_id);
	out_i64(o, "from_pid", "  from pid %lld", (long long)st->peer.pid);
	out_u32(o, "from_uid", " uid %u", st->peer.uid);
	owner_plan_print(o, &st->plan, st->rx.fd);
	out_close_object(o);
	switch (st->plan.mode) {
	case OWNER_PIN:
		return EXIT_OK;
	case OWNER_HOLD:
		return owner_hold(st->ctx, ts);
	case OWNER_EXEC:
		owner_exec(st->ctx, st->rx.fd, &st->plan, ts, &err);
		/* acked: the sender let go, so releasing the link would detach it. Hold it. */
		cmd_warn(st->ctx, "%s; holding link %u instead until SIGINT or SIGTERM", err.msg,
			 st->rx.link_id);
		if (term_signals_block(st->ctx, ts, false))
			return EXIT_FAILED;
		lc_term_signals_wait();
		return cmd_fail(st->ctx, "%s; link %u was held until a signal, then released",
				err.msg, st->rx.link_id);
	}
	return EXIT_OK;
}

int do_link_recv(struct lc_ctx *ctx, const void *opts)
{
	const struct link_recv_opts *opt = opts;
	struct recv_state st = { .ctx = ctx, .socket = opt->socket, .rx.fd = -1 };
	struct lc_fdpass_listener l;
	struct lc_term_signals ts = { .fd = -1 };
	struct lc_err err = { 0 };
	int rc;

	rc = recv_setup(ctx, opt, &st);
	if (!rc)
		rc = term_signals_block(ctx, &ts, true);
	st.sig_fd = ts.fd;
	if (rc) {
		owner_plan_free(&st.plan);
		return rc;
	}
	if (lc_fdpass_listen(st.socket, &l, &err)) {
		rc = cmd_fail_err(ctx, &err);
		if (st.ready_fd >= 0)
			close(st.ready_fd);     /* the reader sees EOF without a line: it failed */
	} else {
		announce_listening(&st);
		rc = recv_one_link(&st, &l, &ts);
		lc_fdpass_listener_close(&l);
		lc_term_signals_drop_fd(&ts);  /* the new owner keeps the link and nothing else */
	}
	if (!rc)
		rc = recv_take(&st, &ts);
	if (st.rx.fd >= 0)
		close(st.rx.fd);
	lc_term_signals_restore(&ts);
	owner_plan_free(&st.plan);
	return rc;
}

/* The receiver must be root or ourselves: an abstract name can be taken by anyone. */
static int check_receiver(int conn, const char *to, struct lc_fdpass_peer *peer,
			  struct lc_err *err)
{
	uid_t self = geteuid();
	int rc = lc_fdpass_peer_cred(conn, peer, err);

	if (rc)
		return rc;
	if (lc_fdpass_peer_allowed(peer, &self, 1, err))
		return lc_err_msg(err, -EPERM,
				  "the receiver on %s (pid %d uid %u) is neither root nor uid %u; "
				  "not handing it the link", to, (int)peer->pid,
				  (unsigned int)peer->uid, (unsigned int)self);
	return 0;
}

/* Connect, send, wait for the ack: 0 only when the receiver said yes. */
static int send_exchange(const char *to, int link_fd, int timeout_ms, struct lc_fdpass_peer *peer,
			 struct lc_fdpass_link *sent, struct lc_err *err)
{
	long long deadline = lc_clock_ms() + timeout_ms;
	int conn, rc;

	conn = lc_fdpass_connect(to, timeout_ms, err);
	if (conn < 0)
		return conn;
	rc = check_receiver(conn, to, peer, err);
	if (!rc)
		rc = lc_fdpass_send_link(conn, link_fd, sent, err);
	if (!rc)
		rc = lc_fdpass_recv_ack(conn, sent->link_id, time_left_ms(deadline), err);
	close(conn);
	return rc;
}

/*
 * The link's pins and holders once the receiver said yes (without pin, the receiver is
 * one of them). Scanned after the hand-over, so a failure is a warning: the link was sent.
 */
static void scan_sent(struct lc_ctx *ctx, __u32 link_id, struct obj_scan *scan)
{
	struct lc_err err = { 0 };

	if (obj_scan_try_one(ctx, LC_OBJ_LINK, link_id, scan, &err))
		cmd_warn(ctx, "link %u was handed over, but its holders cannot be listed: %s",
			 link_id, err.msg);
}

static void print_sent(struct out *o, const char *to, const struct lc_fdpass_peer *peer,
		       const struct lc_fdpass_link *sent, const char *unpinned,
		       const struct obj_scan *scan)
{
	out_open_object(o, NULL);
	print_link_head(o, "sent", sent->link_id, sent->link_type, sent->prog_id);
	out_str(o, "to", "  to %s", to);
	out_i64(o, "to_pid", " (pid %lld", (long long)peer->pid);
	out_u32(o, "to_uid", " uid %u)", peer->uid);
	out_open_array(o, "unpinned");
	if (unpinned)
		out_str(o, NULL, "\n\tunpinned %s", unpinned);
	out_close_array(o);
	print_pins(o, scan, sent->link_id);
	print_owners(o, scan, sent->link_id);
	out_text(o, "\n");
	out_close_object(o);
}

int do_link_send(struct lc_ctx *ctx, const void *opts)
{
	const struct link_send_opts *opt = opts;
	const char *pin = opt->pinned, *to = opt->to;
	bool unpin = opt->unpin;
	struct lc_fdpass_link sent;
	struct lc_fdpass_peer peer;
	struct lc_err err = { 0 };
	struct obj_scan scan;
	int timeout_ms, link_fd, rc;

	if (unpin && !pin)
		return cmd_usage(ctx, "link send: 'unpin' needs 'pinned PATH'");
	rc = handover_timeout_ms(ctx, &opt->timeout, SEND_TIMEOUT_MS, &timeout_ms);
	if (rc)
		return rc;
	link_fd = pin ? lc_obj_get_kind(pin, LC_OBJ_LINK, &err)
		      : lc_link_fd_by_id(opt->id.val, &err);
	if (link_fd < 0)
		return cmd_fail_err(ctx, &err);
	rc = send_exchange(to, link_fd, timeout_ms, &peer, &sent, &err);
	close(link_fd);
	if (rc)
		return cmd_fail_errno(ctx, err.code, "%s%s%s", err.msg, unpin ? "; still pinned at " : "",
				unpin ? pin : "");
	/* only now, with the receiver's yes in hand, may our own reference go */
	if (unpin && lc_bpffs_unpin(pin, &err))
		return cmd_fail_errno(ctx, err.code, "link %u was handed over but: %s", sent.link_id, err.msg);
	scan_sent(ctx, sent.link_id, &scan);
	print_sent(&ctx->out, to, &peer, &sent, unpin ? pin : NULL, &scan);
	obj_scan_close(&scan);
	return EXIT_OK;
}

const struct arg_spec link_recv_args[] = {
	ROW_POS(struct link_recv_opts, "SOCKET", socket, VAL_NONE, ARG_REQUIRED),
	ROW_STR(struct link_recv_opts, "pin", pin, "PATH", VAL_PIN, 0, 1),
	ROW_REST(struct link_recv_opts, "exec", exec, "CMD [ARGS...]", 0, 1),
	ROW_U32_LIST(struct link_recv_opts, "allow-uid", allow_uid, "UID", VAL_NONE, 0, 0),
	ROW_U32(struct link_recv_opts, "timeout", timeout, "SECS", VAL_NONE, 0, 0),
	ROW_U32(struct link_recv_opts, "ready", ready, "FD", VAL_NONE, 0, 0),
	{ 0 }
};

const struct arg_spec link_send_args[] = {
	ROW_U32(struct link_send_opts, "id", id, "ID", VAL_LINK_ID, ARG_REQUIRED, 1),
	ROW_STR(struct link_send_opts, "pinned", pinned, "PATH", VAL_PIN, ARG_REQUIRED, 1),
	ROW_STR(struct link_send_opts, "to", to, "SOCKET", VAL_NONE, ARG_REQUIRED, 0),
	ROW_FLAG(struct link_send_opts, "unpin", unpin, 0, 0),
	ROW_U32(struct link_send_opts, "timeout", timeout, "SECS", VAL_NONE, 0, 0),
	{ 0 }
};
