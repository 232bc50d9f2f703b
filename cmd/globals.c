// SPDX-License-Identifier: GPL-2.0-only
/* globals.c: the global options, read anywhere on a line and applied for one command. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "globals.h"
#include "linkctl.h"
#include "../lib/log.h"
#include "../lib/netns.h"

enum { OPT_BPFFS = 256, OPT_NOMOUNT, OPT_NO_OWNERS };

/* The one list of global options: getopt's fields, the value's name and the help line. */
static const struct global_option {
	struct option opt;
	const char *meta;           /* the value's name in help, NULL when it takes none */
	const char *help;
} global_options[] = {
	{ { "json",      no_argument,       NULL, 'j' }, NULL, "print one JSON document per command" },
	{ { "pretty",    no_argument,       NULL, 'p' }, NULL, "indented JSON (implies -j)" },
	{ { "debug",     no_argument,       NULL, 'd' }, NULL, "libbpf's own log on stderr" },
	{ { "netns",     required_argument, NULL, 'n' }, "NAME",
	  "run in network namespace /run/netns/NAME" },
	{ { "all-netns", no_argument,       NULL, 'A' }, NULL,
	  "read-only verbs: every network namespace, named or not" },
	{ { "bpffs",     required_argument, NULL, OPT_BPFFS }, "DIR",
	  "bpffs root for default pins (default /sys/fs/bpf)" },
	{ { "nomount",   no_argument,       NULL, OPT_NOMOUNT }, NULL,
	  "never mount a bpffs at the bpffs root" },
	{ { "no-owners", no_argument,       NULL, OPT_NO_OWNERS }, NULL,
	  "skip the pin and owner scans (faster lists)" },
	{ { "version",   no_argument,       NULL, 'V' }, NULL, "print the version" },
	{ { "help",      no_argument,       NULL, 'h' }, NULL, "print this help" },
};
#define N_GLOBAL_OPTIONS (sizeof(global_options) / sizeof(global_options[0]))

/* getopt's form of the list (completion walks it), terminated by a zeroed row. */
static struct option getopt_options[N_GLOBAL_OPTIONS + 1];

const struct option *globals_options(void)
{
	if (!getopt_options[0].name)
		for (size_t i = 0; i < N_GLOBAL_OPTIONS; i++)
			getopt_options[i] = global_options[i].opt;
	return getopt_options;
}

bool globals_option_help(size_t i, char *spelling, size_t len, const char **help)
{
	const struct global_option *g;
	char short_form[8] = "";
	int c;

	if (i >= N_GLOBAL_OPTIONS)
		return false;
	g = &global_options[i];
	c = g->opt.val;
	if (c < 256)                /* values from 256 up have no one-letter form */
		snprintf(short_form, sizeof(short_form), "-%c, ", c);
	snprintf(spelling, len, "%s--%s%s%s", short_form, g->opt.name, g->meta ? " " : "",
		 g->meta ? g->meta : "");
	*help = g->help;
	return true;
}

static int __attribute__((format(printf, 2, 0)))
libbpf_debug_print(enum libbpf_print_level level, const char *fmt, va_list ap)
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

void globals_set_debug(bool debug)
{
	libbpf_set_print(debug ? libbpf_debug_print : libbpf_quiet_print);
	lc_log_set(debug ? lib_debug_note : NULL);
}

bool globals_is_option(const char *word)
{
	return word[0] == '-' && word[1] && strcmp(word, "--");
}

static int set_option(struct lc_globals *g, const struct option *o, const char *value,
		      char *msg, size_t len)
{
	switch (o->val) {
	case 'j': g->json = true; break;
	case 'p': g->json = g->pretty = true; break;
	case 'd': g->debug = true; break;
	case 'A': g->all_netns = true; break;
	case 'V': g->version = true; break;
	case 'h': g->help = true; break;
	case OPT_NOMOUNT: g->nomount = true; break;
	case OPT_NO_OWNERS: g->no_owners = true; break;
	case OPT_BPFFS: g->bpffs_root = value; break;
	case 'n':
		/* last-wins would run a command in a namespace the reader did not expect */
		if (g->netns_name)
			return args_usage_err(msg, len, "option '-n' given more than once");
		g->netns_name = value;
		break;
	}
	return 0;
}

/* "--name", "--name=value", "--name value"; names match by unique prefix as getopt's. */
static int parse_long(struct lc_globals *g, int argc, char **argv, char *msg, size_t len)
{
	const char *word = argv[0] + 2, *eq = strchr(word, '='), *names[16], *value;
	size_t name_len = eq ? (size_t)(eq - word) : strlen(word);
	char name[64];
	int n = 0, k;

	for (; n < (int)N_GLOBAL_OPTIONS; n++)
		names[n] = global_options[n].opt.name;
	snprintf(name, sizeof(name), "%.*s", (int)name_len, word);
	k = name_len < sizeof(name) ? match_prefix(name, names, n) : -1;
	if (k == -2)
		return args_usage_err(msg, len, "ambiguous option '--%s' (try 'linkctl help')", name);
	if (k < 0)
		return args_usage_err(msg, len, "unknown option '%s' (try 'linkctl help')", argv[0]);
	if (global_options[k].opt.has_arg == no_argument) {
		if (eq)
			return args_usage_err(msg, len, "option '--%s' takes no value", name);
		return set_option(g, &global_options[k].opt, NULL, msg, len) ?: 1;
	}
	value = eq ? eq + 1 : argc > 1 ? argv[1] : NULL;
	if (!value)
		return args_usage_err(msg, len, "option '%s' needs an argument", argv[0]);
	return set_option(g, &global_options[k].opt, value, msg, len) ?: (eq ? 1 : 2);
}

static const struct option *short_option(char c)
{
	for (size_t i = 0; i < N_GLOBAL_OPTIONS; i++)
		if (global_options[i].opt.val == (unsigned char)c)
			return &global_options[i].opt;
	return NULL;
}

/* "-j", a cluster "-jd", "-n NAME" or "-nNAME". */
static int parse_short(struct lc_globals *g, int argc, char **argv, char *msg, size_t len)
{
	for (const char *p = argv[0] + 1; *p; p++) {
		const struct option *o = short_option(*p);
		const char *value;

		if (!o)
			return args_usage_err(msg, len, "unknown option '-%c' (try 'linkctl help')", *p);
		if (o->has_arg == no_argument) {
			if (set_option(g, o, NULL, msg, len))
				return -EINVAL;
			continue;
		}
		value = p[1] ? p + 1 : argc > 1 ? argv[1] : NULL;
		if (!value)
			return args_usage_err(msg, len, "option '-%c' needs an argument", *p);
		return set_option(g, o, value, msg, len) ?: (p[1] ? 1 : 2);
	}
	return 1;
}

int globals_parse(struct lc_globals *g, int argc, char **argv, char *msg, size_t len)
{
	if (argv[0][1] == '-')
		return parse_long(g, argc, argv, msg, len);
	return parse_short(g, argc, argv, msg, len);
}

/* -n for one command of a shell or batch: remember where to come back to. */
static int join_netns(struct lc_ctx *ctx, const char *name, struct lc_globals_saved *s)
{
	struct lc_err err = { 0 };

	if (ctx->netns_name)
		return cmd_usage(ctx, "option '-n' given more than once (already in network "
				 "namespace '%s')", ctx->netns_name);
	if (ctx->interactive || ctx->batch_depth) {
		s->netns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (s->netns_fd < 0)
			return cmd_fail(ctx, "cannot open this network namespace: %s", strerror(errno));
	}
	if (lc_netns_join(name, &err))
		return cmd_fail_err(ctx, &err);
	ctx->netns_name = name;
	return -1;
}

/* A batch prints one document for all its commands: its format is the batch's. */
static int apply_format(struct lc_ctx *ctx, const struct lc_globals *g)
{
	if (!g->json)
		return -1;
	if (ctx->batch_depth && (!ctx->out.json || g->pretty != ctx->out.pretty))
		return cmd_usage(ctx, "-j and -p apply to the whole batch (linkctl -j batch file FILE)");
	ctx->json = ctx->out.json = true;
	ctx->pretty = ctx->out.pretty = ctx->out.pretty || g->pretty;
	return -1;
}

int globals_apply(struct lc_ctx *ctx, const struct lc_globals *g, struct lc_globals_saved *s)
{
	int rc;

	if (s->applied)
		return -1;
	*s = (struct lc_globals_saved){ .applied = true, .debug = ctx->debug,
		.nomount = ctx->nomount, .no_owners = ctx->no_owners, .all_netns = ctx->all_netns,
		.bpffs_root = ctx->bpffs_root, .netns_name = ctx->netns_name, .netns_fd = -1 };
	rc = apply_format(ctx, g);
	if (rc >= 0)
		return rc;
	if (g->debug && !ctx->debug)
		globals_set_debug(true);
	ctx->debug |= g->debug;
	ctx->nomount |= g->nomount;
	ctx->no_owners |= g->no_owners;
	if (g->bpffs_root)
		ctx->bpffs_root = g->bpffs_root;
	if ((g->all_netns || ctx->all_netns) && (g->netns_name || ctx->netns_name))
		return cmd_usage(ctx, "-n and -A (--all-netns) exclude each other");
	ctx->all_netns |= g->all_netns;
	return g->netns_name ? join_netns(ctx, g->netns_name, s) : -1;
}

void globals_restore(struct lc_ctx *ctx, struct lc_globals_saved *s)
{
	if (!s->applied)
		return;
	if (ctx->debug != s->debug)
		globals_set_debug(s->debug);
	ctx->debug = s->debug;
	ctx->nomount = s->nomount;
	ctx->no_owners = s->no_owners;
	ctx->all_netns = s->all_netns;
	ctx->bpffs_root = s->bpffs_root;
	ctx->netns_name = s->netns_name;
	if (s->netns_fd >= 0) {
		if (setns(s->netns_fd, CLONE_NEWNET))
			cmd_warn(ctx, "cannot return to the shell's network namespace: %s",
				 strerror(errno));
		close(s->netns_fd);
	}
	s->applied = false;
}
