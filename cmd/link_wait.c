// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_wait.c: `link wait { id N | pinned PATH } [timeout SECS]`: return when a link's
 * attachment is over: exit 0 when the link is gone, EXIT_DETACHED (3) when it still exists
 * but is detached.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "link_handover.h"
#include "../lib/clock.h"
#include "../lib/handover.h"
#include "../lib/link_info.h"
#include "../lib/objfd.h"
#include "../lib/owners_iter.h"
#include <bpf/bpf.h>

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

/*
 * Link IDs are handed out in increasing order (the kernel's cyclic IDR, wrapping only
 * after 2^31 links), so an ID below one in use was allocated once: its link is gone. With
 * none above it, the ID is either the newest link's, gone, or never allocated: the owner
 * iterator's own short-lived link takes the next ID, which tells the two apart. Where the
 * iterator cannot run, an ID with none above it is taken as never allocated.
 */
static bool link_id_was_allocated(__u32 id)
{
	struct lc_owners owners = { 0 };
	struct lc_err err = { 0 };
	__u32 next, probe_id = 0;
	bool allocated = false;

	if (!bpf_link_get_next_id(id, &next))
		return true;
	if (!lc_owners_iter_links(&owners, id, &probe_id, &err) && probe_id)
		allocated = id < probe_id;
	lc_owners_free(&owners);
	return allocated;
}

/* The options of wait, filled by the rows of its table (at the end). */
struct link_wait_opts {
	struct arg_u32 id;
	const char *pinned;
	struct arg_u32 timeout;
};

/* The ID to watch: given, or read once from the pin (whose fd is closed at once). */
static int wait_target(struct lc_ctx *ctx, const struct link_wait_opts *opt, __u32 *id)
{
	struct lc_err err = { 0 };
	int fd;

	if (!opt->pinned) {
		*id = opt->id.val;
		return 0;
	}
	fd = lc_obj_get_kind(opt->pinned, LC_OBJ_LINK, &err);
	if (fd < 0)
		return cmd_fail_err(ctx, &err);
	*id = lc_obj_id(fd, LC_OBJ_LINK);
	close(fd);
	return *id ? 0 : cmd_fail(ctx, "cannot read the ID of the link pinned at %s",
				  opt->pinned);
}

int do_link_wait(struct lc_ctx *ctx, const void *opts)
{
	const struct link_wait_opts *opt = opts;
	long long start = lc_clock_ms(), waited;
	enum link_state state;
	struct lc_err err = { 0 };
	int timeout_ms, rc;
	bool first = true;
	__u32 id = 0;                /* set by wait_target(); the analyzer cannot see it */

	rc = handover_timeout_ms(ctx, &opt->timeout, -1, &timeout_ms);
	if (!rc)
		rc = wait_target(ctx, opt, &id);
	if (rc)
		return rc;
	for (;; first = false) {
		if (link_state_now(id, &state, &err))
			return cmd_fail_err(ctx, &err);
		if (first && state == LINK_GONE && !link_id_was_allocated(id))
			return cmd_fail_class(ctx, LC_ERRC_NOT_FOUND, "no link with id %u: the "
					      "kernel has not handed out that ID yet", id);
		waited = lc_clock_ms() - start;
		if (state != LINK_ATTACHED)
			break;
		if (timeout_ms >= 0 && waited >= timeout_ms)
			return cmd_fail_class(ctx, LC_ERRC_TIMEOUT, "link %u is still attached after %d s", id, timeout_ms / 1000);
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
	ROW_U32(struct link_wait_opts, "id", id, "ID", VAL_LINK_ID, ARG_REQUIRED, 1),
	ROW_STR(struct link_wait_opts, "pinned", pinned, "PATH", VAL_PIN, ARG_REQUIRED, 1),
	ROW_U32(struct link_wait_opts, "timeout", timeout, "SECS", VAL_NONE, 0, 0),
	{ 0 }
};
