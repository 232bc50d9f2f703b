// SPDX-License-Identifier: GPL-2.0-only
/* objects.c: the top-level object table, and the objects that are a single command. */
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "linkctl.h"

#ifndef LC_VERSION
#error "LC_VERSION comes from the VERSION file through the Makefile"
#endif

static int do_version(struct lc_ctx *ctx, const struct args *a)
{
	struct out *o = &ctx->out;
	char libbpf_version[32];

	(void)a;
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
	static const struct { const char *opt, *help; } opts[] = {
		{ "-j, --json", "print one JSON document per command" },
		{ "-p, --pretty", "indented JSON (implies -j)" },
		{ "-d, --debug", "libbpf's own log on stderr" },
		{ "-n, --netns NAME", "run in network namespace /run/netns/NAME" },
		{ "-A, --all-netns", "read-only verbs: every network namespace, named or not" },
		{ "--bpffs DIR", "bpffs root for default pins (default /sys/fs/bpf)" },
		{ "--nomount", "never mount a bpffs at the bpffs root" },
		{ "--no-owners", "skip the pin and owner scans (faster lists)" },
		{ "-V, --version", "print the version" },
		{ "-h, --help", "print this help" },
	};

	out_open_array(o, "options");
	out_text(o, "\nOPTIONS:\n");
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		out_open_object(o, NULL);
		out_str(o, "option", "  %-18s", opts[i].opt);
		out_str(o, "help", " %s\n", opts[i].help);
		out_close_object(o);
	}
	out_close_array(o);
}

static int do_help(struct lc_ctx *ctx, const struct args *a)
{
	struct out *o = &ctx->out;

	(void)a;
	out_open_object(o, NULL);
	out_text(o, "Usage: linkctl [OPTIONS] OBJECT { COMMAND | help } [ARGS...]\n\nOBJECTS:\n");
	out_open_array(o, "objects");
	for (int i = 0; lc_objects[i].name; i++) {
		out_open_object(o, NULL);
		out_str(o, "object", "  %-8s", lc_objects[i].name);
		out_str(o, "help", " %s\n", lc_objects[i].help);
		out_close_object(o);
	}
	out_close_array(o);
	print_global_options(o);
	out_text(o, "\nObjects, commands and keywords may be abbreviated to a unique prefix.\n"
		 "'linkctl OBJECT help' shows an object's commands.\n");
	out_close_object(o);
	return EXIT_OK;
}

int lc_run_default(struct lc_ctx *ctx)
{
	if (isatty(STDIN_FILENO))
		return do_shell(ctx, NULL);
	return cmd_usage(ctx, "missing object (try 'linkctl help')");
}

const struct cmd lc_objects[] = {
	{ "link",    NULL,       NULL, "bpf_links: list, show, pin, unpin, detach, update",
	  link_verbs, "list" },
	{ "xdp",     NULL,       NULL, "XDP attachments: attach, detach, show", xdp_verbs, "show" },
	{ "tcx",     NULL,       NULL, "tcx chains and tc filters: attach, detach, show", tcx_verbs, "show" },
	{ "cgroup",  NULL,       NULL, "cgroup attachments: attach, detach, show", cgroup_verbs, "show" },
	{ "prog",    NULL,       NULL, "BPF programs: list, show", prog_verbs, "list" },
	{ "monitor", do_monitor, monitor_args, "live XDP attachment and bpf_link events",
	  NULL, NULL },
	{ "audit",   do_audit,   audit_args,
	  "every attachment of the node, with findings for CI (exit 1 when any)", NULL, NULL,
	  .all_netns = true },
	{ "version", do_version, NULL, "print linkctl's and libbpf's versions", NULL, NULL,
	  .all_netns = true },
	{ "batch",   NULL,       NULL, "run commands from a file, one per line", batch_verbs, NULL },
	{ "shell",   do_shell,   NULL, "interactive prompt with history and TAB completion",
	  NULL, NULL },
	{ "help",    do_help,    NULL, "print this help", NULL, NULL, .all_netns = true },
	{ 0 }
};
