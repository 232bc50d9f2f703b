// SPDX-License-Identifier: GPL-2.0-only
/*
 * dispatch.c: the one dispatcher. The command line, batch files and the shell all
 * come through lc_dispatch(): object and verb by unique prefix, arguments by the
 * verb's arg_spec table, usage text generated from the same tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "globals.h"
#include "linkctl.h"
#include "../lib/strbuf.h"

#define HELP_VERB "help"

static int table_len(const struct cmd *t)
{
	int n = 0;

	while (t[n].name)
		n++;
	return n;
}

/* Match word against a table, "help" included when with_help; -1 none, -2 ambiguous. */
static int match_cmd(const struct cmd *t, const char *word, bool with_help, char *cands, size_t len)
{
	const char *names[64] = { 0 };
	int n = table_len(t), k;
	size_t wlen = strlen(word);
	struct lc_strbuf sb;

	for (int i = 0; i < n && i < 63; i++)
		names[i] = t[i].name;
	if (with_help)
		names[n++] = HELP_VERB;
	k = match_prefix(word, names, n);
	lc_strbuf_init(&sb, cands, len);
	for (int i = 0; k == -2 && i < n; i++)
		if (!strncmp(word, names[i], wlen)) {
			lc_strbuf_sep(&sb, ", ");
			lc_strbuf_addf(&sb, "%s", names[i]);
		}
	return k;
}

static void verb_usage_line(const struct cmd *object, const struct cmd *verb, char *buf, size_t len)
{
	char argbuf[512] = "";

	if (verb->args)
		args_usage(verb->args, argbuf, sizeof(argbuf));
	if (object)
		snprintf(buf, len, "linkctl %s %s%s%s", object->name, verb->name,
			 *argbuf ? " " : "", argbuf);
	else
		snprintf(buf, len, "linkctl %s%s%s", verb->name, *argbuf ? " " : "", argbuf);
}

static const char *const arg_kind_names[] = {
	[ARG_FLAG] = "flag", [ARG_UINT] = "uint", [ARG_STR] = "string", [ARG_CHOICE] = "choice",
	[ARG_PROG] = "progspec", [ARG_REST] = "command", [ARG_POS] = "positional",
};

/* The grammar of one verb as JSON: what completion and the docs test read. */
static void print_arg_table(struct out *o, const struct arg_spec *spec)
{
	char meta[256];

	out_open_array(o, "args");
	for (int i = 0; spec && spec[i].name; i++) {
		out_open_object(o, NULL);
		out_json_str(o, "name", spec[i].name);
		out_json_str(o, "kind", arg_kind_names[spec[i].kind]);
		if (spec[i].kind == ARG_CHOICE) {
			args_choice_meta(&spec[i], meta, sizeof(meta));
			out_json_str(o, "meta", meta);
		} else if (spec[i].meta) {
			out_json_str(o, "meta", spec[i].meta);
		}
		out_json_bool(o, "required", spec[i].flags & ARG_REQUIRED);
		out_close_object(o);
	}
	out_close_array(o);
}

/* One verb's entry of `OBJECT help`: its usage line, help and grammar. */
static void print_verb_usage(struct out *o, const struct cmd *object, const struct cmd *verb,
			     bool first)
{
	char line[640];

	verb_usage_line(object, verb, line, sizeof(line));
	out_open_object(o, NULL);
	out_json_str(o, "verb", verb->name);
	out_str(o, "usage", first ? "Usage: %s\n" : "       %s\n", line);
	out_json_str(o, "help", verb->help);
	print_arg_table(o, verb->args);
	out_close_object(o);
}

/*
 * `OBJECT help` (every verb) or `OBJECT VERB -h` (that verb only): text usage, or under
 * -j a document listing the verbs and their grammar.
 */
void lc_print_verb_usage(struct lc_ctx *ctx, const struct cmd *object, const struct cmd *only)
{
	struct out *o = &ctx->out;
	const struct cmd *verbs = object->verbs;
	char line[640];
	bool first = true;

	out_open_object(o, NULL);
	out_json_str(o, "object", object->name);
	out_open_array(o, "verbs");
	for (int i = 0; verbs && verbs[i].name; i++) {
		if (only && only != &verbs[i])
			continue;
		print_verb_usage(o, object, &verbs[i], first);
		first = false;
	}
	out_close_array(o);
	if (!verbs) {
		verb_usage_line(NULL, object, line, sizeof(line));
		out_str(o, "usage", "Usage: %s\n", line);
		print_arg_table(o, object->args);
	}
	if (!only)
		out_text(o, "       linkctl %s help\n", object->name);
	if (object->args || verbs) {
		out_text(o, "\n");
		for (int i = 0; verbs && verbs[i].name; i++)
			if (!only || only == &verbs[i])
				out_text(o, "  %-8s %s\n", verbs[i].name, verbs[i].help);
		if (!verbs)
			out_text(o, "  %s\n", object->help);
	}
	out_text(o, "\nPROGSPEC := id ID | pinned PATH | OBJ.o [name PROG | sec SECTION]\n"
		 "Keywords and verbs may be abbreviated to any unique prefix.\n");
	out_close_object(o);
}

void lc_print_usage(struct lc_ctx *ctx, const struct cmd *object)
{
	lc_print_verb_usage(ctx, object, NULL);
}

/* Words that other tools' users type for a verb of another name (`ip`/bpftool habits). */
static const struct { const char *object, *word, *verb; } verb_aliases[] = {
	{ "xdp", "list", "show" },
	{ 0 }
};

/* The verb a word names: unique prefix, else an alias; -1 none, -2 ambiguous. */
static int match_verb(const struct cmd *object, const char *word, char *cands, size_t len)
{
	int k = match_cmd(object->verbs, word, true, cands, len);

	for (int i = 0; k == -1 && verb_aliases[i].object; i++)
		if (!strcmp(object->name, verb_aliases[i].object) && !strcmp(word, verb_aliases[i].word))
			k = match_cmd(object->verbs, verb_aliases[i].verb, false, cands, len);
	return k;
}

int lc_find_object(const char *word, char *cands, size_t len)
{
	return match_cmd(lc_objects, word, false, cands, len);
}

/* One command line being read: its global options, and what applying them changed. */
struct line {
	struct lc_ctx *ctx;
	struct lc_globals g;
	struct lc_globals_saved saved;
	struct args_options opts;   /* options among the verb's keywords */
};

/* Global options at argv[*i...]: -1 to go on, or the usage exit code. */
static int take_options(struct line *l, int argc, char **argv, int *i)
{
	char msg[256];
	int used;

	while (*i < argc && globals_is_option(argv[*i])) {
		used = globals_parse(&l->g, argc - *i, argv + *i, msg, sizeof(msg));
		if (used < 0)
			return cmd_usage(l->ctx, "%s", msg);
		*i += used;
	}
	return -1;
}

/* Whether a word of a line not read as options asks for JSON: 0 no, 1 -j, 2 -p. */
static int json_word(const char *w)
{
	if (!strcmp(w, "--json"))
		return 1;
	if (!strcmp(w, "--pretty"))
		return 2;
	if (w[0] != '-' || w[1] == '-' || !w[1] || strspn(w + 1, "jpdVh") != strlen(w + 1))
		return 0;
	return strchr(w, 'p') ? 2 : strchr(w, 'j') ? 1 : 0;
}

/* args_parse's hook: a global option among a verb's keywords. */
static int take_verb_option(void *data, int argc, char **argv, char *msg, size_t len)
{
	struct line *l = data;
	int used = globals_parse(&l->g, argc, argv, msg, len), k;

	l->opts.stop = l->g.help || l->g.version;   /* the rest of the line is not read */
	/* but a -j after -h still wants the help as JSON, as it would before it */
	for (int i = used; l->opts.stop && i < argc && strcmp(argv[i], "--"); i++) {
		k = json_word(argv[i]);
		l->g.json |= k > 0;
		l->g.pretty |= k == 2;
	}
	return used;
}

/* The global options go into effect; then -V or -h may answer instead of the command. */
static int start(struct line *l, const struct cmd *object, const struct cmd *verb)
{
	int rc = globals_apply(l->ctx, &l->g, &l->saved);

	if (rc >= 0)
		return rc;
	if (l->g.version)
		return lc_dispatch_simple(l->ctx, "version");
	if (l->g.help && !object)
		return lc_dispatch_simple(l->ctx, "help");
	if (l->g.help) {
		lc_print_verb_usage(l->ctx, object, verb);
		return EXIT_OK;
	}
	return -1;
}

static int run_verb(struct line *l, const struct cmd *object, const struct cmd *verb,
		    int argc, char **argv)
{
	static const struct arg_spec no_args[] = { { 0 } };
	/* the verb's options struct: the table's rows check at build time that it fits */
	union {
		max_align_t align;
		unsigned char bytes[ARGS_OPTS_MAX];
	} opts;
	struct lc_ctx *ctx = l->ctx;
	char msg[256];
	int rc;

	/* a field that this verb's table does not bind (list and show share a struct) is "not given" */
	memset(&opts, 0, sizeof(opts));
	l->opts = (struct args_options){ .take = take_verb_option, .data = l };
	if (args_parse_opts(verb->args ? verb->args : no_args, argc, argv, &opts, &l->opts,
			    msg, sizeof(msg)))
		return object ? cmd_usage(ctx, "%s %s: %s", object->name, verb->name, msg)
			      : cmd_usage(ctx, "%s: %s", verb->name, msg);
	rc = start(l, object ? object : verb, object ? verb : NULL);
	if (rc >= 0)
		return rc;
	if (ctx->all_netns && !verb->all_netns)    /* a change is made in one namespace only */
		return object ? cmd_usage(ctx, "%s %s: -A (--all-netns) is for read-only verbs; "
					  "use -n NAME", object->name, verb->name)
			      : cmd_usage(ctx, "%s: -A (--all-netns) is for read-only verbs",
					  verb->name);
	return verb->fn(ctx, &opts);
}

/* `OBJECT help`, with nothing after it but options. */
static int run_help_verb(struct line *l, const struct cmd *object, int argc, char **argv)
{
	int i = 0, rc = take_options(l, argc, argv, &i);

	if (rc >= 0)
		return rc;
	if (i < argc)
		return cmd_usage(l->ctx, "%s help: unexpected argument '%s'", object->name, argv[i]);
	l->g.help = true;
	return start(l, object, NULL);
}

static int run_object(struct line *l, const struct cmd *object, int argc, char **argv)
{
	const struct cmd *verbs = object->verbs;
	char cands[256];
	int i = 0, k, rc;

	if (!verbs && argc >= 1 && !strcmp(argv[0], HELP_VERB))
		return run_help_verb(l, object, argc - 1, argv + 1);
	if (!verbs)
		return run_verb(l, NULL, object, argc, argv);
	rc = take_options(l, argc, argv, &i);
	if (rc >= 0)
		return rc;
	if (i == argc) {
		k = object->default_verb && !l->g.help
			? match_cmd(verbs, object->default_verb, false, cands, sizeof(cands)) : -1;
		if (k < 0)
			return run_help_verb(l, object, 0, argv);
		return run_verb(l, object, &verbs[k], 0, argv + i);
	}
	k = match_verb(object, argv[i], cands, sizeof(cands));
	if (k == -2)
		return cmd_usage(l->ctx, "%s: ambiguous command '%s': could be %s",
				 object->name, argv[i], cands);
	if (k < 0)
		return cmd_usage(l->ctx, "%s: unknown command '%s' (try 'linkctl %s help')",
				 object->name, argv[i], object->name);
	if (k == table_len(verbs))
		return run_help_verb(l, object, argc - i - 1, argv + i + 1);
	return run_verb(l, object, &verbs[k], argc - i - 1, argv + i + 1);
}

static int run_line(struct line *l, int argc, char **argv)
{
	char cands[256];
	int i = 0, k, rc = take_options(l, argc, argv, &i);

	if (rc >= 0)
		return rc;
	if (i < argc && !strcmp(argv[i], "--"))    /* the end of the leading options */
		i++;
	if (i == argc) {
		rc = start(l, NULL, NULL);
		if (rc >= 0)
			return rc;
		if (l->ctx->interactive || l->ctx->batch_depth)
			return cmd_usage(l->ctx, "missing object (try 'linkctl help')");
		return lc_run_default(l->ctx);
	}
	k = lc_find_object(argv[i], cands, sizeof(cands));
	if (k == -2)
		return cmd_usage(l->ctx, "ambiguous object '%s': could be %s", argv[i], cands);
	if (k < 0)
		return cmd_usage(l->ctx, "unknown object '%s' (try 'linkctl help')", argv[i]);
	return run_object(l, &lc_objects[k], argc - i - 1, argv + i + 1);
}

/*
 * A usage error may stop the reading before a later -j: the error document is still
 * JSON when the line asks for it anywhere before its "--".
 */
static void json_for_usage_error(struct lc_ctx *ctx, int argc, char **argv)
{
	for (int i = 0; i < argc && strcmp(argv[i], "--") && !ctx->batch_depth; i++) {
		int k = json_word(argv[i]);

		if (k) {
			ctx->json = ctx->out.json = true;
			ctx->pretty = ctx->out.pretty = ctx->out.pretty || k == 2;
		}
	}
}

int lc_dispatch(struct lc_ctx *ctx, int argc, char **argv)
{
	struct line l = { .ctx = ctx };
	int rc;

	ctx->err_msg[0] = '\0';
	ctx->err_class = LC_ERRC_NONE;
	ctx->doc_printed = false;
	rc = run_line(&l, argc, argv);
	globals_restore(ctx, &l.saved);
	if (rc == EXIT_USAGE && !ctx->out.json)
		json_for_usage_error(ctx, argc, argv);
	return rc;
}

int lc_dispatch_simple(struct lc_ctx *ctx, const char *object)
{
	struct line l = { .ctx = ctx };
	char *argv[] = { (char *)object, NULL };

	return run_line(&l, 1, argv);
}

static int __attribute__((format(printf, 4, 0)))
record(struct lc_ctx *ctx, int code, enum lc_errc errc, const char *fmt, va_list ap)
{
	vsnprintf(ctx->err_msg, sizeof(ctx->err_msg), fmt, ap);
	ctx->err_class = errc;
	return code;
}

int cmd_fail_class(struct lc_ctx *ctx, enum lc_errc errc, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = record(ctx, errc == LC_ERRC_USAGE ? EXIT_USAGE : EXIT_FAILED, errc, fmt, ap);
	va_end(ap);
	return rc;
}

int cmd_fail_errno(struct lc_ctx *ctx, int code, const char *fmt, ...)
{
	enum lc_errc errc = lc_errc_from_errno(code);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = record(ctx, EXIT_FAILED, errc ? errc : LC_ERRC_INTERNAL, fmt, ap);
	va_end(ap);
	return rc;
}

int cmd_fail_err(struct lc_ctx *ctx, const struct lc_err *err)
{
	return cmd_fail_errno(ctx, err->code, "%s", err->msg[0] ? err->msg : "operation failed");
}

/* The error line stays one line: control characters (a path with a newline) are escaped
 * as in JSON and in the text output. */
int cmd_fail_no_device(struct lc_ctx *ctx, const char *name)
{
	if (ctx->all_netns)
		return cmd_fail_class(ctx, LC_ERRC_NOT_FOUND, "no device '%s' in any network namespace",
				      name);
	if (ctx->netns_name)
		return cmd_fail_class(ctx, LC_ERRC_NOT_FOUND, "no device '%s' in network namespace '%s'",
				      name, ctx->netns_name);
	return cmd_fail_class(ctx, LC_ERRC_NOT_FOUND, "no device '%s' in this network namespace", name);
}

int cmd_dev_resolve(struct lc_ctx *ctx, const char *name, __u32 *ifindex, char *devname)
{
	char own_name[IF_NAMESIZE] = "";     /* if_indextoname fills it */

	*ifindex = if_nametoindex(name);
	/* the device's own name, not an alternative one: pins are named by it */
	if (*ifindex && if_indextoname(*ifindex, devname ? devname : own_name))
		return EXIT_OK;
	return cmd_fail_no_device(ctx, name);
}

static void print_one_line(FILE *f, const char *s)
{
	char small[LC_ERR_MSG_MAX + 128], *heap;

	fputs(out_text_escape(s, small, sizeof(small), &heap), f);
	free(heap);
}

void cmd_warn(struct lc_ctx *ctx, const char *fmt, ...)
{
	char line[LC_ERR_MSG_MAX + 128];
	va_list ap;

	(void)ctx;
	fflush(stdout);
	fputs("Warning: ", stderr);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	print_one_line(stderr, line);
	fputc('\n', stderr);
}

void lc_report_error(struct lc_ctx *ctx, const char *prefix)
{
	char full[sizeof(ctx->err_msg) + 64];

	snprintf(full, sizeof(full), "%s%s", prefix ? prefix : "",
		 ctx->err_msg[0] ? ctx->err_msg : "operation failed");
	fflush(stdout);
	fputs("Error: ", stderr);
	print_one_line(stderr, full);
	fputc('\n', stderr);
	if (!ctx->doc_printed)
		out_set_error(&ctx->out, full, lc_errc_name(ctx->err_class ? ctx->err_class
								    : LC_ERRC_INTERNAL));
}
