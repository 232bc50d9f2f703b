/* SPDX-License-Identifier: GPL-2.0-only */
/* linkctl.h: the command context, the dispatch table type and the exit-code helpers. */
#ifndef LC_LINKCTL_H
#define LC_LINKCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "args.h"
#include "errclass.h"
#include "out.h"
#include "../lib/err.h"

/* Exit codes, decided once in main (docs/json.md lists them). */
#define EXIT_OK     0
#define EXIT_FAILED 1
#define EXIT_USAGE  2
/* Not a failure: `link wait` found the link detached rather than gone. */
#define EXIT_DETACHED 3
/* Whether an exit code reports a failure (main, batch and the shell ask this one place). */
static inline bool exit_is_failure(int rc)
{
	return rc != EXIT_OK && rc != EXIT_DETACHED;
}

/* Everything one command needs; the shell and batch run many commands in one process. */
struct lc_ctx {
	struct out out;
	bool json, pretty, debug;
	bool no_owners;             /* --no-owners: skip the pin and owner scans */
	bool nomount;               /* --nomount: never mount a bpffs at bpffs_root */
	const char *bpffs_root;     /* --bpffs DIR, default /sys/fs/bpf */
	const char *netns_name;     /* -n NAME, already joined */
	bool all_netns;             /* -A: a read-only verb covers every network namespace */
	bool interactive;           /* inside `linkctl shell` */
	int batch_depth;            /* batch files may not nest */
	bool doc_printed;           /* the command printed its own JSON (batch): no {"error"} after */
	char err_msg[LC_ERR_MSG_MAX + 64]; /* the failure of the last command, for main/batch */
	enum lc_errc err_class;     /* and its class ("code" in the JSON error) */
};

struct cmd {
	const char *name;
	int (*fn)(struct lc_ctx *ctx, const void *opts);   /* opts: the verb's options struct */
	const struct arg_spec *args;    /* the verb's keyword grammar (NULL: none) */
	const char *help;               /* one line, shown by `OBJECT help` */
	const struct cmd *verbs;        /* an object's verb table (NULL-name terminated) */
	const char *default_verb;       /* verb run when the object is given alone */
	bool all_netns;                 /* read-only: accepts -A (every network namespace) */
};

/* Top-level objects (cmd/objects.c) and each object's verb table (cmd/<object>.c). */
extern const struct cmd lc_objects[];
extern const struct cmd link_verbs[];
extern const struct cmd xdp_verbs[];
extern const struct cmd cgroup_verbs[];
extern const struct cmd tcx_verbs[];
extern const struct cmd prog_verbs[];
extern const struct cmd batch_verbs[];

/* Single-command objects that live in their own files. */
int do_monitor(struct lc_ctx *ctx, const void *opts);
extern const struct arg_spec monitor_args[];
int do_audit(struct lc_ctx *ctx, const void *opts);
extern const struct arg_spec audit_args[];

/* Run argv[0] as an object against lc_objects; returns an exit code. */
int lc_dispatch(struct lc_ctx *ctx, int argc, char **argv);
/* linkctl with no arguments: the shell on a terminal, otherwise a usage error. */
int lc_run_default(struct lc_ctx *ctx);
/* `linkctl shell` (cmd/shell.c). */
int do_shell(struct lc_ctx *ctx, const void *opts);
/* Print "Error: ..." (and {"error"} under -j) for the failure recorded in ctx. */
void lc_report_error(struct lc_ctx *ctx, const char *prefix);
void lc_print_usage(struct lc_ctx *ctx, const struct cmd *object);
/* The usage of one verb of object (only NULL: of all its verbs). */
void lc_print_verb_usage(struct lc_ctx *ctx, const struct cmd *object, const struct cmd *only);
/* Run a single-word command line ("help", "version"). */
int lc_dispatch_simple(struct lc_ctx *ctx, const char *object);
/* Index in lc_objects of the object a word names; -1 none, -2 ambiguous (cands filled). */
int lc_find_object(const char *word, char *cands, size_t len);

/*
 * Record a failure for main to report; return the exit code to propagate: a failure of
 * a named class (where no errno says it; exit 2 for LC_ERRC_USAGE, else 1), or of the
 * class of errno code. cmd_fail's class is "internal": a failure a script can act on
 * names its class. cmd_usage is a usage error (exit 2).
 */
int cmd_fail_class(struct lc_ctx *ctx, enum lc_errc errc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define cmd_fail(ctx, ...) cmd_fail_class((ctx), LC_ERRC_INTERNAL, __VA_ARGS__)
#define cmd_usage(ctx, ...) cmd_fail_class((ctx), LC_ERRC_USAGE, __VA_ARGS__)
int cmd_fail_err(struct lc_ctx *ctx, const struct lc_err *err);
int cmd_fail_errno(struct lc_ctx *ctx, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "no device 'NAME'" in this, the -n or (-A) any network namespace: one wording everywhere. */
int cmd_fail_no_device(struct lc_ctx *ctx, const char *name);
/* A dev NAME argument: its ifindex, and its own name into devname (IF_NAMESIZE, or NULL). */
int cmd_dev_resolve(struct lc_ctx *ctx, const char *name, __u32 *ifindex, char *devname);
/* Non-fatal remark on stderr ("Warning: ..."), never into the JSON document. */
void cmd_warn(struct lc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
