// SPDX-License-Identifier: GPL-2.0-only
/* link_owner.c: what recv and adopt share: becoming a link's owner by pin, exec or holding it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "link_handover.h"
#include "print_fields.h"
#include "../lib/bpffs.h"
#include "../lib/link_exec.h"
#include "../lib/names.h"

/* Long enough for any hand-over, short enough that seconds * 1000 fits an int. */
#define HANDOVER_TIMEOUT_MAX_S 2000000u

int owner_plan_parse(struct lc_ctx *ctx, const char *pin_path, const struct arg_rest *exec,
		     struct owner_plan *plan)
{
	struct lc_err err = { 0 };
	char path[PATH_MAX];

	memset(plan, 0, sizeof(*plan));
	plan->pin_path = pin_path;
	if (plan->pin_path) {
		plan->mode = OWNER_PIN;
		/*
		 * Checked again when pinning; failing now spares a round trip, and recv
		 * refuses a path another user controls before it listens.
		 */
		if (lc_bpffs_check_pin(plan->pin_path, &err))
			return cmd_fail_err(ctx, &err);
		return EXIT_OK;
	}
	if (!exec->argv)
		return EXIT_OK;
	if (ctx->batch_depth > 0)
		return cmd_usage(ctx, "'exec' would replace the batch; not allowed in a batch file");
	plan->mode = OWNER_EXEC;
	if (lc_handoff_resolve(exec->argv[0], path, sizeof(path), &err))
		return cmd_fail_err(ctx, &err);
	/* the dispatcher's argv need not be NULL-terminated after the last word */
	plan->exec_argv = calloc((size_t)exec->argc + 1, sizeof(char *));
	if (!plan->exec_argv)
		return cmd_fail(ctx, "out of memory");
	memcpy(plan->exec_argv, exec->argv, (size_t)exec->argc * sizeof(char *));
	return EXIT_OK;
}

void owner_plan_free(struct owner_plan *plan)
{
	free(plan->exec_argv);
	plan->exec_argv = NULL;
}

void print_link_head(struct out *o, const char *text_verb, __u32 link_id, __u32 type, __u32 prog_id)
{
	out_text(o, "%s ", text_verb);
	out_u32(o, "link_id", "link %u: ", link_id);
	print_link_type(o, type);
	out_u32(o, "prog_id", "  prog %u", prog_id);
}

/* This process's name as the kernel reports it to others (/proc/PID/comm). */
static void read_own_comm(char *comm, size_t len)
{
	int fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, comm, len - 1) : -1;

	comm[n > 0 ? n : 0] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	if (fd >= 0)
		close(fd);
}

/* The one holder of the link once the plan is carried out ("pids" as everywhere). */
static void print_plan_holder(struct out *o, const struct owner_plan *plan, int held_fd)
{
	const char *slash;
	char comm[16] = "";

	out_open_array(o, "pids");
	if (plan->mode != OWNER_PIN) {     /* exec keeps the pid, the command names it */
		slash = plan->mode == OWNER_EXEC ? strrchr(plan->exec_argv[0], '/') : NULL;
		if (plan->mode == OWNER_EXEC)
			snprintf(comm, sizeof(comm), "%s", slash ? slash + 1 : plan->exec_argv[0]);
		else
			read_own_comm(comm, sizeof(comm));
		out_open_object(o, NULL);
		out_json_i64(o, "pid", (long long)getpid());
		out_json_str(o, "comm", comm);
		out_json_i64(o, "fd", plan->mode == OWNER_EXEC ? LC_HANDOFF_FD : held_fd);
		out_close_object(o);
	}
	out_close_array(o);
}

void owner_plan_print(struct out *o, const struct owner_plan *plan, int held_fd)
{
	print_plan_holder(o, plan, held_fd);
	switch (plan->mode) {
	case OWNER_PIN:
		out_open_array(o, "pinned");
		out_str(o, NULL, "\n\tpinned %s", plan->pin_path);
		out_close_array(o);
		break;
	case OWNER_EXEC:
		/* exec keeps the pid: the command is the holder */
		out_i64(o, "holder_pid", "\n\tpid %lld execs", (long long)getpid());
		out_open_array(o, "exec");
		for (char **word = plan->exec_argv; *word; word++)
			out_str(o, NULL, " %s", *word);
		out_close_array(o);
		break;
	case OWNER_HOLD:
		out_i64(o, "holder_pid", "\n\theld by pid %lld until SIGINT or SIGTERM",
			(long long)getpid());
		break;
	}
	out_text(o, "\n");
}

int term_signals_block(struct lc_ctx *ctx, struct lc_term_signals *ts, bool want_fd)
{
	struct lc_err err = { 0 };

	if (lc_term_signals_block(ts, want_fd, &err))
		return cmd_fail_err(ctx, &err);
	return EXIT_OK;
}

int owner_hold(struct lc_ctx *ctx, struct lc_term_signals *ts)
{
	(void)ts;                   /* blocked by the caller: the wait is for exactly those */
	out_flush(&ctx->out);       /* the receipt is for now, not for when we are stopped */
	lc_term_signals_wait();
	return EXIT_OK;
}

int owner_exec(struct lc_ctx *ctx, int link_fd, const struct owner_plan *plan,
	       struct lc_term_signals *ts, struct lc_err *err)
{
	out_flush(&ctx->out);       /* exec would discard whatever stdio still buffers */
	/* that was this command's one document: a failed exec is reported on stderr only */
	ctx->doc_printed = true;
	lc_term_signals_restore(ts);   /* a blocked mask would be inherited by the command */
	return lc_handoff_exec(link_fd, plan->exec_argv, err);
}

int handover_timeout_ms(struct lc_ctx *ctx, const struct arg_u32 *timeout, int def_ms, int *ms)
{
	if (!timeout->given) {
		*ms = def_ms;
		return EXIT_OK;
	}
	if (timeout->val < 1 || timeout->val > HANDOVER_TIMEOUT_MAX_S)
		return cmd_usage(ctx, "timeout must be 1 to %u seconds", HANDOVER_TIMEOUT_MAX_S);
	*ms = (int)(timeout->val * 1000);
	return EXIT_OK;
}
