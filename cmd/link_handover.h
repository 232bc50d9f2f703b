/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * link_handover.h: the ownership hand-over verbs of `link` (recv, send, adopt, wait),
 * their grammar tables for link_verbs[], and what recv and adopt share: taking
 * ownership of a link fd by pinning it, exec'ing a command with it, or holding it.
 */
#ifndef LC_LINK_HANDOVER_H
#define LC_LINK_HANDOVER_H

#include <signal.h>
#include <linux/types.h>

#include "linkctl.h"
#include "../lib/term_signals.h"

extern const struct arg_spec link_recv_args[];
extern const struct arg_spec link_send_args[];
extern const struct arg_spec link_adopt_args[];
extern const struct arg_spec link_wait_args[];

int do_link_recv(struct lc_ctx *ctx, const void *opts);
int do_link_send(struct lc_ctx *ctx, const void *opts);
int do_link_adopt(struct lc_ctx *ctx, const void *opts);
int do_link_wait(struct lc_ctx *ctx, const void *opts);

/* ---- shared by recv and adopt (cmd/link_owner.c) ---- */

/* What the new owner does with the link: `pin PATH`, `exec -- CMD...`, or (neither) hold it. */
enum owner_mode { OWNER_HOLD, OWNER_PIN, OWNER_EXEC };

struct owner_plan {
	enum owner_mode mode;
	const char *pin_path;
	char **exec_argv;           /* NULL-terminated copy of the command line (owned) */
};

/* From the verb's `pin` and `exec` rows; checks what can be checked up front. */
int owner_plan_parse(struct lc_ctx *ctx, const char *pin_path, const struct arg_rest *exec,
		     struct owner_plan *plan);
void owner_plan_free(struct owner_plan *plan);
/* pin_path / exec / holder_pid fields, and the trailing newline of the text form. */
/* held_fd: the fd holding the link in this process (OWNER_HOLD), for `pids`. */
void owner_plan_print(struct out *o, const struct owner_plan *plan, int held_fd);
/* "link_id", "type", "prog_id": the head of every hand-over printout. */
void print_link_head(struct out *o, const char *text_verb, __u32 link_id, __u32 type, __u32 prog_id);

/* lc_term_signals_block (lib/term_signals.h), its failure reported on the command's behalf. */
int term_signals_block(struct lc_ctx *ctx, struct lc_term_signals *ts, bool want_fd);

/* Print what was done so far, then wait for SIGINT/SIGTERM; the caller keeps the link open. */
int owner_hold(struct lc_ctx *ctx, struct lc_term_signals *ts);
/* Print, then exec plan's command with link_fd; returns only on failure (exit code). */
int owner_exec(struct lc_ctx *ctx, int link_fd, const struct owner_plan *plan,
	       struct lc_term_signals *ts, struct lc_err *err);

/* `timeout SECS` (absent: def_ms, which may be -1 for "forever") in milliseconds. */
int handover_timeout_ms(struct lc_ctx *ctx, const struct arg_u32 *timeout, int def_ms, int *ms);

#endif
