// SPDX-License-Identifier: GPL-2.0-only
/* main.c: global options, namespace entry, then one command through the dispatcher. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "complete.h"
#include "linkctl.h"
#include "../lib/log.h"
#include "../lib/netns.h"

static int libbpf_debug_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

/* libbpf's own chatter goes to stderr only with -d; our messages say what failed. */
static int libbpf_quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level; (void)fmt; (void)ap;
	return 0;
}

/* -d: lib/'s notes on which path ran (iterator or fallback) and why. */
static void lib_debug_note(const char *msg)
{
	fprintf(stderr, "linkctl: %s\n", msg);
}

enum { OPT_BPFFS = 256, OPT_NOMOUNT, OPT_NO_OWNERS };

static const struct option global_options[] = {
	{ "json",      no_argument,       NULL, 'j' },
	{ "pretty",    no_argument,       NULL, 'p' },
	{ "debug",     no_argument,       NULL, 'd' },
	{ "netns",     required_argument, NULL, 'n' },
	{ "all-netns", no_argument,       NULL, 'A' },
	{ "bpffs",     required_argument, NULL, OPT_BPFFS },
	{ "nomount",   no_argument,       NULL, OPT_NOMOUNT },
	{ "no-owners", no_argument,       NULL, OPT_NO_OWNERS },
	{ "version",   no_argument,       NULL, 'V' },
	{ "help",      no_argument,       NULL, 'h' },
	{ 0 }
};

/* Returns -1 to go on, or an exit code. -V and -h are answered as their objects. */
static int parse_global_options(struct lc_ctx *ctx, int argc, char **argv, const char **only)
{
	int c;

	opterr = 0;
	/* leading ':' makes a missing argument ':' rather than '?' */
	while ((c = getopt_long(argc, argv, "+:jpdn:AVh", global_options, NULL)) != -1) {
		switch (c) {
		case 'j': ctx->json = true; break;
		case 'p': ctx->json = ctx->pretty = true; break;
		case 'd': ctx->debug = true; break;
		case 'n': ctx->netns_name = optarg; break;
		case 'A': ctx->all_netns = true; break;
		case OPT_BPFFS: ctx->bpffs_root = optarg; break;
		case OPT_NOMOUNT: ctx->nomount = true; break;
		case OPT_NO_OWNERS: ctx->no_owners = true; break;
		case 'V': *only = "version"; break;
		case 'h': *only = "help"; break;
		case ':':       /* a long option's optopt is its value, not a character */
			if (optopt > 0 && optopt < 256)
				return cmd_usage(ctx, "option '-%c' needs an argument", optopt);
			return cmd_usage(ctx, "option '%s' needs an argument", argv[optind - 1]);
		default:        /* a short one inside a cluster (-xj) is named by itself */
			if (!strncmp(argv[optind - 1], "--", 2) && strchr(argv[optind - 1], '='))
				return cmd_usage(ctx, "option '%.*s' takes no value",
						 (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
			if (optopt > 0 && optopt < 256 && strncmp(argv[optind - 1], "--", 2))
				return cmd_usage(ctx, "unknown option '-%c' (try 'linkctl help')", optopt);
			return cmd_usage(ctx, "unknown option '%s' (try 'linkctl help')",
					 argv[optind - 1]);
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct lc_ctx ctx = { .bpffs_root = "/sys/fs/bpf" };
	const char *only = NULL;
	struct lc_err err = { 0 };
	int rc;

	if (argc > 1 && !strcmp(argv[1], "--complete"))
		return lc_complete_main(argc - 2, argv + 2, global_options);
	rc = parse_global_options(&ctx, argc, argv, &only);
	out_init(&ctx.out, ctx.json, ctx.pretty);
	libbpf_set_print(ctx.debug ? libbpf_debug_print : libbpf_quiet_print);
	lc_log_set(ctx.debug ? lib_debug_note : NULL);
	if (rc < 0 && ctx.netns_name && ctx.all_netns)
		rc = cmd_usage(&ctx, "-n and -A (--all-netns) exclude each other");
	if (rc < 0 && ctx.netns_name && lc_netns_join(ctx.netns_name, &err))
		rc = cmd_fail_err(&ctx, &err);
	if (rc < 0) {
		if (only)
			rc = lc_dispatch(&ctx, 1, (char **)&only);
		else if (optind >= argc)
			rc = lc_run_default(&ctx);
		else
			rc = lc_dispatch(&ctx, argc - optind, argv + optind);
	}
	if (exit_is_failure(rc))
		lc_report_error(&ctx, NULL);
	out_flush(&ctx.out);
	out_free(&ctx.out);
	return rc;
}
