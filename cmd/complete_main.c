// SPDX-License-Identifier: GPL-2.0-only
/*
 * complete_main.c: `linkctl --complete CWORD WORD...`, the back end of bash completion,
 * so that bash completes from the very tables the dispatcher parses with. WORDs are
 * bash's COMP_WORDS (the program first), CWORD the index of the word being completed.
 * Prints "files" or "words" on the first line (files: bash quotes them and marks
 * directories), then one candidate per line. Not a command: never in help.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "complete.h"
#include "../lib/netns.h"

static const struct option *short_option(const struct option *opts, char c)
{
	for (const struct option *o = opts; o->name; o++)
		if (o->val == c)
			return o;
	return NULL;
}

/* Long options match by unique prefix, as getopt_long does. */
static const struct option *long_option(const struct option *opts, const char *name, size_t len)
{
	const char *names[32];
	char word[64];
	int n = 0, k;

	while (n < 32 && opts[n].name) {
		names[n] = opts[n].name;
		n++;
	}
	snprintf(word, sizeof(word), "%.*s", (int)len, name);
	k = match_prefix(word, names, n);
	return k >= 0 ? &opts[k] : NULL;
}

/*
 * The option a word names: "--json", "--bpffs=DIR", "-n", "-nNS", "-jp". For a short
 * cluster, the member that takes a value, if any. *value points at a value attached
 * to the word (NULL: the value, if the option needs one, is the next word).
 */
static const struct option *word_option(const struct option *opts, const char *w,
					 const char **value)
{
	const struct option *o = NULL;
	const char *eq;

	*value = NULL;
	if (w[1] == '-') {
		eq = strchr(w + 2, '=');
		o = long_option(opts, w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
		if (eq)
			*value = eq + 1;
		return o;
	}
	for (const char *c = w + 1; *c; c++) {
		o = short_option(opts, *c);
		if (o && o->has_arg == required_argument) {
			*value = c[1] ? c + 1 : NULL;
			return o;
		}
	}
	return o;
}

static void option_candidates(const struct option *opts, const char *cur,
			      struct complete_list *list)
{
	char opt[40];

	for (const struct option *o = opts; o->name; o++) {
		if (o->val > 0 && o->val < 128) {
			snprintf(opt, sizeof(opt), "-%c", o->val);
			complete_add(list, cur, opt);
		}
		snprintf(opt, sizeof(opt), "--%s", o->name);
		complete_add(list, cur, opt);
	}
}

static void option_value_candidates(const struct option *o, const char *cur,
				    struct complete_list *list)
{
	if (!strcmp(o->name, "netns"))
		complete_netns_names(list, cur);
	else if (!strcmp(o->name, "bpffs"))
		complete_files(list, cur, FILES_DIRS);
}

/*
 * Walk the global options before the command, keeping -n and --bpffs for the live
 * values. Returns the index of the command's first word, or -1 when the word being
 * completed is an option or an option's value (candidates already added).
 */
static int complete_options(struct lc_ctx *ctx, const struct option *opts, char **words,
			    int cword, const char *cur, struct complete_list *list)
{
	const struct option *o;
	const char *value;
	int i;

	for (i = 1; i < cword; i++) {
		if (words[i][0] != '-' || !words[i][1])
			return i;
		if (!strcmp(words[i], "--"))
			return i + 1;
		o = word_option(opts, words[i], &value);
		if (!o || o->has_arg != required_argument)
			continue;
		if (!value && i + 1 == cword) {
			option_value_candidates(o, cur, list);
			return -1;
		}
		value = value ? value : words[++i];
		if (!strcmp(o->name, "netns"))
			ctx->netns_name = value;
		else if (!strcmp(o->name, "bpffs"))
			ctx->bpffs_root = value;
	}
	if (cur[0] == '-') {
		option_candidates(opts, cur, list);
		return -1;
	}
	return i;
}

/*
 * Global options may also stand after the object and among the keywords (cmd/globals.c):
 * leave them out of the command's words, up to a "--" or an "exec" (its command's own).
 * Returns how many words are kept in words[0..], or -1 when the word being completed is
 * an option or an option's value (candidates already added).
 */
static int drop_inner_options(struct lc_ctx *ctx, const struct option *opts, char **words,
			      int n, const char *cur, struct complete_list *list)
{
	const struct option *o;
	const char *value;
	bool options_end = false;
	int kept = 0;

	for (int i = 0; i < n; i++) {
		options_end |= !strcmp(words[i], "--") || !strcmp(words[i], "exec");
		if (options_end || words[i][0] != '-' || !words[i][1]) {
			words[kept++] = words[i];
			continue;
		}
		o = word_option(opts, words[i], &value);
		if (!o || o->has_arg != required_argument)
			continue;
		if (!value && ++i == n) {
			option_value_candidates(o, cur, list);
			return -1;
		}
		value = value ? value : words[i];
		if (!strcmp(o->name, "netns"))     /* live values come from there */
			ctx->netns_name = value;
		else if (!strcmp(o->name, "bpffs"))
			ctx->bpffs_root = value;
	}
	if (!options_end && cur[0] == '-') {
		option_candidates(opts, cur, list);
		return -1;
	}
	return kept;
}

int lc_complete_main(int argc, char **argv, const struct option *options)
{
	struct lc_ctx ctx = { .bpffs_root = "/sys/fs/bpf" };
	struct complete_list list = { 0 };
	struct lc_err err = { 0 };
	int cword, first, nwords = -1;
	__u32 n;

	if (argc < 2 || !parse_u32(argv[0], &n) || n < 1 || n > (__u32)argc - 1) {
		fprintf(stderr, "Usage: linkctl --complete CWORD WORD...\n");
		return EXIT_USAGE;
	}
	cword = (int)n;
	argv++;
	argc--;
	libbpf_set_print(NULL);
	first = complete_options(&ctx, options, argv, cword, cword < argc ? argv[cword] : "", &list);
	if (first >= 0)
		nwords = drop_inner_options(&ctx, options, argv + first, cword - first,
					    cword < argc ? argv[cword] : "", &list);
	if (first >= 0 && nwords >= 0 && (!ctx.netns_name || !lc_netns_join(ctx.netns_name, &err)))
		lc_complete(&ctx, lc_objects, nwords, argv + first, cword < argc ? argv[cword] : "", &list);
	printf("%s\n", list.filenames ? "files" : "words");
	for (size_t i = 0; i < list.n; i++)
		printf("%s\n", list.v[i]);
	complete_list_free(&list);
	return EXIT_OK;
}
