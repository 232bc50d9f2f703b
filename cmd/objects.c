// SPDX-License-Identifier: GPL-2.0-only
/* objects.c: the top-level object table, and the objects that are a single command. */
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "globals.h"
#include "linkctl.h"

#ifndef LC_VERSION
#error "LC_VERSION comes from the VERSION file through the Makefile"
#endif

static int do_version(struct lc_ctx *ctx, const void *opts)
{
	struct out *o = &ctx->out;
	char libbpf_version[32];

	(void)opts;
	snprintf(libbpf_version, sizeof(libbpf_version), "%u.%u",
		 libbpf_major_version(), libbpf_minor_version());
	out_open_object(o, NULL);
	out_str(o, "version", "linkctl %s", LC_VERSION);
	out_str(o, "libbpf", " (libbpf %s)\n", libbpf_version);
	out_close_object(o);
	return EXIT_OK;
}

static void print_global_options(struct out *o)
{
	char spelling[64];
	const char *help;

	out_open_array(o, "options");
	out_text(o, "\nOPTIONS:\n");
	for (size_t i = 0; globals_option_help(i, spelling, sizeof(spelling), &help); i++) {
		out_open_object(o, NULL);
		out_str(o, "option", "  %-18s", spelling);
		out_str(o, "help", " %s\n", help);
		out_close_object(o);
	}
	out_close_array(o);
}

/* An object's verbs, from its table: "list | show | ..." (the help of every verb is one
 * `linkctl OBJECT help` away). */
static void print_object_verbs(struct out *o, const struct cmd *object)
{
	if (!object->verbs)
		return;
	out_open_array(o, "verbs");
	for (int i = 0; object->verbs[i].name; i++)
		out_str(o, NULL, i ? " | %s" : "           %s", object->verbs[i].name);
	out_close_array(o);
	out_text(o, "\n");
}

static void print_all_objects(struct out *o)
{
	out_text(o, "Usage: linkctl [OPTIONS] OBJECT { COMMAND | help } [ARGS...]\n"
		 "       linkctl help [OBJECT [COMMAND]]\n\nOBJECTS:\n");
	out_open_array(o, "objects");
	for (int i = 0; lc_objects[i].name; i++) {
		out_open_object(o, NULL);
		out_str(o, "object", "  %-8s", lc_objects[i].name);
		out_str(o, "help", " %s\n", lc_objects[i].help);
		print_object_verbs(o, &lc_objects[i]);
		out_close_object(o);
	}
	out_close_array(o);
}

/* `help OBJECT [COMMAND]` is `OBJECT help` / `OBJECT COMMAND -h`. */
static int help_for(struct lc_ctx *ctx, const char *name, const char *verb)
{
	char *argv[] = { (char *)name, verb ? (char *)verb : "help", verb ? "-h" : NULL, NULL };
	char cands[256];
	int k = lc_find_object(name, cands, sizeof(cands));

	if (k == -2)
		return cmd_usage(ctx, "help: ambiguous object '%s': could be %s", name, cands);
	if (k < 0)
		return cmd_usage(ctx, "help: unknown object '%s'", name);
	if (verb && !lc_objects[k].verbs)
		return cmd_usage(ctx, "help: %s has no commands", lc_objects[k].name);
	return lc_dispatch(ctx, verb ? 3 : 2, argv);
}

/* The options of help, filled by the rows of its table (below). */
struct help_opts {
	const char *object;
	const char *command;
};

static int do_help(struct lc_ctx *ctx, const void *opts)
{
	const struct help_opts *opt = opts;
	struct out *o = &ctx->out;

	if (opt->object)
		return help_for(ctx, opt->object, opt->command);
	out_open_object(o, NULL);
	print_all_objects(o);
	print_global_options(o);
	out_text(o, "\nObjects, commands and keywords may be abbreviated to a unique prefix.\n"
		 "Options may stand anywhere before a '--' or an 'exec'.\n"
		 "'linkctl OBJECT help' shows an object's commands.\n");
	out_close_object(o);
	return EXIT_OK;
}

static const struct arg_spec help_args[] = {
	ROW_POS(struct help_opts, "OBJECT", object, VAL_NONE, 0),
	ROW_POS(struct help_opts, "COMMAND", command, VAL_NONE, 0),
	{ 0 }
};

int lc_run_default(struct lc_ctx *ctx)
{
	if (isatty(STDIN_FILENO))
		return do_shell(ctx, NULL);
	return cmd_usage(ctx, "missing object (try 'linkctl help')");
}

const struct cmd lc_objects[] = {
	{ "link",    NULL,       NULL, "bpf_links",
	  link_verbs, "list" },
	{ "xdp",     NULL,       NULL, "XDP attachments", xdp_verbs, "show" },
	{ "tcx",     NULL,       NULL, "tcx chains and tc filters", tcx_verbs, "show" },
	{ "cgroup",  NULL,       NULL, "cgroup attachments", cgroup_verbs, "show" },
	{ "prog",    NULL,       NULL, "BPF programs", prog_verbs, "list" },
	{ "monitor", do_monitor, monitor_args, "live XDP attachment and bpf_link events",
	  NULL, NULL, .all_netns = true },
	{ "audit",   do_audit,   audit_args,
	  "every attachment of the node, with findings for CI (exit 1 when any)", NULL, NULL,
	  .all_netns = true },
	{ "version", do_version, NULL, "print linkctl's and libbpf's versions", NULL, NULL,
	  .all_netns = true },
	{ "batch",   NULL,       NULL, "run commands from a file, one per line", batch_verbs, NULL },
	{ "shell",   do_shell,   NULL, "interactive prompt with history and TAB completion",
	  NULL, NULL },
	{ "help",    do_help,    help_args, "print this help, or an object's or a command's",
	  NULL, NULL, .all_netns = true },
	{ 0 }
};
