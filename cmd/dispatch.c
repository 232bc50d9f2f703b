// SPDX-License-Identifier: GPL-2.0-only
/*
 * dispatch.c: the one dispatcher. The command line, batch files and the shell all
 * come through lc_dispatch(): object and verb by unique prefix, arguments by the
 * verb's arg_spec table, usage text generated from the same tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "linkctl.h"

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
	size_t used = 0, wlen = strlen(word);

	for (int i = 0; i < n && i < 63; i++)
		names[i] = t[i].name;
	if (with_help)
		names[n++] = HELP_VERB;
	k = match_prefix(word, names, n);
	cands[0] = '\0';
	for (int i = 0; k == -2 && i < n && used < len; i++)
		if (!strncmp(word, names[i], wlen))
			used += snprintf(cands + used, len - used, "%s%s", used ? ", " : "", names[i]);
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
	out_open_array(o, "args");
	for (int i = 0; spec && spec[i].name; i++) {
		out_open_object(o, NULL);
		out_str(o, "name", NULL, spec[i].name);
		out_str(o, "kind", NULL, arg_kind_names[spec[i].kind]);
		if (spec[i].meta)
			out_str(o, "meta", NULL, spec[i].meta);
		out_bool(o, "required", NULL, spec[i].flags & ARG_REQUIRED);
		out_close_object(o);
	}
	out_close_array(o);
}

/* `OBJECT help`: text usage, or under -j a document listing every verb and its grammar. */
void lc_print_usage(struct lc_ctx *ctx, const struct cmd *object)
{
	struct out *o = &ctx->out;
	const struct cmd *verbs = object->verbs;
	char line[640];

	out_open_object(o, NULL);
	out_str(o, "object", NULL, object->name);
	out_open_array(o, "verbs");
	for (int i = 0; verbs && verbs[i].name; i++) {
		verb_usage_line(object, &verbs[i], line, sizeof(line));
		out_open_object(o, NULL);
		out_str(o, "verb", NULL, verbs[i].name);
		out_str(o, "usage", i ? "       %s\n" : "Usage: %s\n", line);
		out_str(o, "help", NULL, verbs[i].help);
		print_arg_table(o, verbs[i].args);
		out_close_object(o);
	}
	out_close_array(o);
	if (!verbs) {
		verb_usage_line(NULL, object, line, sizeof(line));
		out_str(o, "usage", "Usage: %s\n", line);
		print_arg_table(o, object->args);
	}
	out_text(o, "       linkctl %s help\n", object->name);
	if (object->args || verbs) {
		out_text(o, "\n");
		for (int i = 0; verbs && verbs[i].name; i++)
			out_text(o, "  %-8s %s\n", verbs[i].name, verbs[i].help);
		if (!verbs)
			out_text(o, "  %s\n", object->help);
	}
	out_text(o, "\nPROGSPEC := id ID | pinned PATH | OBJ.o [name PROG | sec SECTION]\n"
		 "Keywords and verbs may be abbreviated to any unique prefix.\n");
	out_close_object(o);
}

static int run_verb(struct lc_ctx *ctx, const struct cmd *object, const struct cmd *verb,
		    int argc, char **argv)
{
	static const struct arg_spec no_args[] = { { 0 } };
	struct args a;
	char msg[256];

	if (args_parse(verb->args ? verb->args : no_args, argc, argv, &a, msg, sizeof(msg)))
		return object ? cmd_usage(ctx, "%s %s: %s", object->name, verb->name, msg)
			      : cmd_usage(ctx, "%s: %s", verb->name, msg);
	if (ctx->all_netns && !verb->all_netns)    /* a change is made in one namespace only */
		return object ? cmd_usage(ctx, "%s %s: -A (--all-netns) is for read-only verbs; "
					  "use -n NAME", object->name, verb->name)
			      : cmd_usage(ctx, "%s: -A (--all-netns) is for read-only verbs",
					  verb->name);
	return verb->fn(ctx, &a);
}

static int run_object(struct lc_ctx *ctx, const struct cmd *object, int argc, char **argv)
{
	const struct cmd *verbs = object->verbs;
	char cands[256];
	int k;

	if (!verbs && argc == 1 && !strcmp(argv[0], HELP_VERB)) {
		lc_print_usage(ctx, object);
		return EXIT_OK;
	}
	if (!verbs)
		return run_verb(ctx, NULL, object, argc, argv);
	if (argc == 0) {
		k = object->default_verb
			? match_cmd(verbs, object->default_verb, false, cands, sizeof(cands)) : -1;
		if (k < 0) {
			lc_print_usage(ctx, object);
			return EXIT_OK;
		}
		return run_verb(ctx, object, &verbs[k], 0, argv);
	}
	k = match_cmd(verbs, argv[0], true, cands, sizeof(cands));
	if (k == -2)
		return cmd_usage(ctx, "%s: ambiguous command '%s': could be %s",
				 object->name, argv[0], cands);
	if (k < 0)
		return cmd_usage(ctx, "%s: unknown command '%s' (try 'linkctl %s help')",
				 object->name, argv[0], object->name);
	if (k == table_len(verbs)) {
		if (argc > 1)
			return cmd_usage(ctx, "%s help: unexpected argument '%s'", object->name, argv[1]);
		lc_print_usage(ctx, object);
		return EXIT_OK;
	}
	return run_verb(ctx, object, &verbs[k], argc - 1, argv + 1);
}

int lc_dispatch(struct lc_ctx *ctx, int argc, char **argv)
{
	char cands[256];
	int k;

	ctx->err_msg[0] = '\0';
	ctx->doc_printed = false;
	if (argc < 1)
		return cmd_usage(ctx, "missing object (try 'linkctl help')");
	k = match_cmd(lc_objects, argv[0], false, cands, sizeof(cands));
	if (k == -2)
		return cmd_usage(ctx, "ambiguous object '%s': could be %s", argv[0], cands);
	if (k < 0)
		return cmd_usage(ctx, "unknown object '%s' (try 'linkctl help')", argv[0]);
	return run_object(ctx, &lc_objects[k], argc - 1, argv + 1);
}

static int record(struct lc_ctx *ctx, int code, const char *fmt, va_list ap)
{
	vsnprintf(ctx->err_msg, sizeof(ctx->err_msg), fmt, ap);
	return code;
}

int cmd_fail(struct lc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = record(ctx, EXIT_FAILED, fmt, ap);
	va_end(ap);
	return rc;
}

int cmd_usage(struct lc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = record(ctx, EXIT_USAGE, fmt, ap);
	va_end(ap);
	return rc;
}

int cmd_fail_err(struct lc_ctx *ctx, const struct lc_err *err)
{
	return cmd_fail(ctx, "%s", err->msg[0] ? err->msg : "operation failed");
}

void cmd_warn(struct lc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	fflush(stdout);
	fputs("Warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The error line stays one line: control characters (a path with a newline) are escaped. */
static void print_one_line(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
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
		out_set_error(&ctx->out, full);
}
