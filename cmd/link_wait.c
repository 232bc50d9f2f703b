// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_wait.c: `link wait id N [timeout SECS]`: return when a link's attachment is over:
 * exit 0 when the link is gone, EXIT_DETACHED (3) when it still exists but is detached.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "link_handover.h"
#include "../lib/fdpass.h"
#include "../lib/link.h"

/* How often to look: short next to any hand-over, cheap (two syscalls a look). */
#define WAIT_POLL_MS 50

enum link_state { LINK_ATTACHED, LINK_DETACHED, LINK_GONE };

static const char *const link_state_names[] = {
	[LINK_ATTACHED] = "attached", [LINK_DETACHED] = "detached", [LINK_GONE] = "gone",
};

/* One look. The fd is closed at once: holding it would keep the link alive. */
static int link_state_now(__u32 id, enum link_state *state, struct lc_err *err)
{
	struct lc_link l;
	int fd = lc_link_fd_by_id(id, err), rc;

	if (fd == -ENOENT) {
		*state = LINK_GONE;
		return 0;
	}
	if (fd < 0)
		return fd;
	rc = lc_link_info(fd, &l, err);
	close(fd);
	if (!rc)
		*state = l.defunct ? LINK_DETACHED : LINK_ATTACHED;
	return rc;
}

static void pause_ms(long long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int do_link_wait(struct lc_ctx *ctx, const struct args *a)
{
	__u32 id = (__u32)args_num(a, "id");
	long long start = lc_fdpass_clock_ms(), waited;
	enum link_state state;
	struct lc_err err = { 0 };
	int timeout_ms, rc;

	rc = handover_timeout_ms(ctx, a, -1, &timeout_ms);
	if (rc)
		return rc;
	for (;;) {
		if (link_state_now(id, &state, &err))
			return cmd_fail_err(ctx, &err);
		waited = lc_fdpass_clock_ms() - start;
		if (state != LINK_ATTACHED)
			break;
		if (timeout_ms >= 0 && waited >= timeout_ms)
			return cmd_fail(ctx, "link %u is still attached after %d s", id, timeout_ms / 1000);
		pause_ms(timeout_ms < 0 || timeout_ms - waited > WAIT_POLL_MS ? WAIT_POLL_MS
									   : timeout_ms - waited);
	}
	out_open_object(&ctx->out, NULL);
	out_u32(&ctx->out, "link_id", "link %u", id);
	out_str(&ctx->out, "state", " %s", link_state_names[state]);
	out_i64(&ctx->out, "waited_ms", " after %lld ms\n", waited);
	out_close_object(&ctx->out);
	return state == LINK_GONE ? EXIT_OK : EXIT_DETACHED;
}

const struct arg_spec link_wait_args[] = {
	{ "id", ARG_UINT, "ID", ARG_REQUIRED },
	{ "timeout", ARG_UINT, "SECS" },
	{ 0 }
};
