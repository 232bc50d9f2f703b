// SPDX-License-Identifier: GPL-2.0-only
/* args.c: the one parser for verb arguments, driven by each verb's arg_spec table. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "../lib/strbuf.h"

static int digit_value(char c, unsigned int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decimal or 0x hex, digits only. Not strtoull: base 0 reads "010" as octal, base 16
 * takes a second "0x" ("0x0x1" would be 1), and both skip blanks and take a sign.
 */
bool parse_u32(const char *s, __u32 *v)
{
	unsigned int base = 10;
	unsigned long long n = 0;
	int d;

	if (!s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		d = digit_value(*s, base);
		if (d < 0)
			return false;
		n = n * base + (unsigned int)d;
		if (n > UINT_MAX)
			return false;
	}
	*v = (__u32)n;
	return true;
}

int match_prefix(const char *word, const char *const *names, int n)
{
	size_t len = word ? strlen(word) : 0;
	int found = -1, i;

	if (!len)
		return -1;
	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(word, names[i]))
			return i;
	for (i = 0; i < n; i++) {
		if (!names[i] || strncmp(word, names[i], len))
			continue;
		if (found >= 0)
			return -2;
		found = i;
	}
	return found;
}

static int spec_count(const struct arg_spec *spec)
{
	int n = 0;

	while (spec && spec[n].name)
		n++;
	return n;
}

/* Keyword names of the table (positionals left NULL so they never match). */
static void spec_keywords(const struct arg_spec *spec, int n, const char **names)
{
	for (int i = 0; i < n; i++)
		names[i] = spec[i].kind == ARG_POS ? NULL : spec[i].name;
}

int args_usage_err(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* "a, b, c": the names word is a prefix of, for ambiguity messages. */
static void list_candidates(const char *word, const char *const *names, int n,
			    char *buf, size_t len)
{
	size_t wlen = strlen(word);
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, buf, len);
	for (int i = 0; i < n; i++) {
		if (!names[i] || strncmp(word, names[i], wlen))
			continue;
		lc_strbuf_sep(&sb, ", ");
		lc_strbuf_addf(&sb, "%s", names[i]);
	}
}

static int parse_prog_spec(int argc, char **argv, int *i, struct lc_prog_spec *ps,
			   char *msg, size_t len)
{
	static const char *const kinds[] = { "id", "pinned" };
	static const char *const file_opts[] = { "name", "sec" };
	int k;

	if (*i >= argc)
		return args_usage_err(msg, len, "'prog' needs a program: id ID | pinned PATH | OBJ.o");
	k = match_prefix(argv[*i], kinds, 2);
	if (k >= 0) {
		if (*i + 1 >= argc)
			return args_usage_err(msg, len, "'prog %s' needs a value", kinds[k]);
		if (k == 0) {
			ps->kind = LC_PROG_SPEC_ID;
			if (!parse_u32(argv[*i + 1], &ps->id) || !ps->id)
				return args_usage_err(msg, len, "invalid program id '%s'", argv[*i + 1]);
		} else {
			ps->kind = LC_PROG_SPEC_PINNED;
			ps->path = argv[*i + 1];
		}
		*i += 2;
		return 0;
	}
	ps->kind = LC_PROG_SPEC_FILE;
	ps->path = argv[(*i)++];
	/* a program ID typed as in a filter: say how a PROGSPEC names it */
	if (parse_u32(ps->path, &ps->id) && access(ps->path, F_OK))
		return args_usage_err(msg, len, "no object file '%s'; did you mean 'prog id %s'?",
				 ps->path, ps->path);
	if (*i + 1 < argc && (k = match_prefix(argv[*i], file_opts, 2)) >= 0) {
		if (k == 0)
			ps->prog_name = argv[*i + 1];
		else
			ps->section = argv[*i + 1];
		*i += 2;
	}
	return 0;
}

/* Where row r's value goes in the options struct. */
static void *field(void *opts, const struct arg_spec *r)
{
	return (char *)opts + r->off;
}

/* Row r's field, which must be as large as what its kind writes there (size). */
static void *bound(void *opts, const struct arg_spec *r, size_t size)
{
	if (r->size != size) {
		fprintf(stderr, "linkctl: internal error: '%s' is bound to a field of %zu bytes, "
			"not %zu\n", r->name, r->size, size);
		abort();
	}
	return field(opts, r);
}

static void store(void *opts, const struct arg_spec *r, const void *value, size_t size)
{
	memcpy(bound(opts, r, size), value, size);
}

void args_choice_meta(const struct arg_spec *r, char *buf, size_t len)
{
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, buf, len);
	for (int i = 0; r->choices && r->choices[i].word; i++) {
		lc_strbuf_sep(&sb, "|");
		lc_strbuf_addf(&sb, "%s", r->choices[i].word);
	}
}

static int parse_choice(const struct arg_spec *r, void *opts, const char *word,
			char *msg, size_t len)
{
	const char *words[ARG_MAX_CHOICES];
	char meta[256];
	int n = 0, k;

	while (n < ARG_MAX_CHOICES && r->choices[n].word) {
		words[n] = r->choices[n].word;
		n++;
	}
	k = match_prefix(word, words, n);
	if (k < 0) {
		args_choice_meta(r, meta, sizeof(meta));
		return args_usage_err(msg, len, "invalid value '%s' for '%s' (expected %s)",
				      word, r->name, meta);
	}
	store(opts, r, &r->choices[k].value, sizeof(r->choices[k].value));
	return 0;
}

static int parse_uint(const struct arg_spec *r, void *opts, const char *word,
		      char *msg, size_t len)
{
	struct arg_u32 one = { .given = true, .word = word };
	struct arg_u32_list *list;

	if (!parse_u32(word, &one.val))
		return args_usage_err(msg, len, "invalid %s '%s' for '%s'", r->meta, word, r->name);
	if (!(r->flags & ARG_REPEAT)) {
		store(opts, r, &one, sizeof(one));
		return 0;
	}
	list = bound(opts, r, sizeof(*list));
	if (list->n < ARG_MAX_REPEAT)
		list->val[list->n++] = one.val;
	return 0;
}

/* The flag kinds and those reading more than one word; 1 when r is none of them. */
static int parse_special(const struct arg_spec *r, void *opts, int argc, char **argv, int *i,
			 char *msg, size_t len)
{
	struct arg_flag_path fp = { .given = true };
	struct lc_prog_spec ps = { 0 };
	struct arg_rest rest;
	bool given = true;
	int rc;

	switch (r->kind) {
	case ARG_FLAG:
		if (!(r->flags & ARG_OPT_PATH)) {
			store(opts, r, &given, sizeof(given));
			return 0;
		}
		if (*i < argc && strchr(argv[*i], '/'))
			fp.path = argv[(*i)++];
		store(opts, r, &fp, sizeof(fp));
		return 0;
	case ARG_PROG:
		rc = parse_prog_spec(argc, argv, i, &ps, msg, len);
		if (!rc)
			store(opts, r, &ps, sizeof(ps));
		return rc;
	case ARG_REST:
		if (*i < argc && !strcmp(argv[*i], "--"))
			(*i)++;
		if (*i >= argc)
			return args_usage_err(msg, len, "'%s' needs a command", r->name);
		rest = (struct arg_rest){ .argv = argv + *i, .argc = argc - *i };
		store(opts, r, &rest, sizeof(rest));
		*i = argc;
		return 0;
	default:
		return 1;
	}
}

/* Reads the value(s) of keyword row r starting at argv[*i] into opts; advances *i. */
static int parse_value(const struct arg_spec *r, void *opts, int argc, char **argv,
		       int *i, char *msg, size_t len)
{
	const char *word;
	int rc = parse_special(r, opts, argc, argv, i, msg, len);

	if (rc <= 0)
		return rc;
	if (*i >= argc)
		return args_usage_err(msg, len, "'%s' needs a value (%s)", r->name, r->meta);
	if (r->flags & ARG_ID_WORD && !strcmp(argv[*i], "id") && ++(*i) >= argc)
		return args_usage_err(msg, len, "'%s id' needs a value (%s)", r->name, r->meta);
	word = argv[(*i)++];
	if (r->kind == ARG_UINT)
		return parse_uint(r, opts, word, msg, len);
	if (r->kind == ARG_CHOICE)
		return parse_choice(r, opts, word, msg, len);
	store(opts, r, &word, sizeof(word));
	return 0;
}

/* Required rows must be given; rows of one group exclude each other. */
static int check_groups(const struct arg_spec *spec, int n, const int *seen,
			char *msg, size_t len)
{
	for (int i = 0; i < n; i++) {
		int g = spec[i].group, first_seen = -1;
		bool required = spec[i].flags & ARG_REQUIRED;

		if (!g) {
			if (required && !seen[i])
				return args_usage_err(msg, len, "missing '%s'", spec[i].name);
			continue;
		}
		for (int j = 0; j < n; j++) {
			if (spec[j].group != g)
				continue;
			required |= spec[j].flags & ARG_REQUIRED;
			if (!seen[j])
				continue;
			if (first_seen >= 0)
				return args_usage_err(msg, len, "'%s' and '%s' exclude each other",
						      spec[first_seen].name, spec[j].name);
			first_seen = j;
		}
		if (required && first_seen < 0)
			return args_usage_err(msg, len, "missing '%s' (or one of its alternatives)",
					      spec[i].name);
	}
	return 0;
}

/* An option where a keyword may stand: 1 + *i advanced, 0 when argv[*i] is none, or -EINVAL. */
static int take_option(struct args_options *options, bool *opts_done, int argc, char **argv,
		       int *i, char *msg, size_t len)
{
	int used;

	if (!options || *opts_done || argv[*i][0] != '-' || !argv[*i][1])
		return 0;
	if (!strcmp(argv[*i], "--")) {
		*opts_done = true;
		(*i)++;
		return 1;
	}
	used = options->take(options->data, argc - *i, argv + *i, msg, len);
	if (used < 0)
		return used;
	*i += used;
	return 1;
}

int args_parse(const struct arg_spec *spec, int argc, char **argv, void *opts,
	       char *msg, size_t len)
{
	return args_parse_opts(spec, argc, argv, opts, NULL, msg, len);
}

/* A word that is no keyword: the value of the first positional row not yet given. */
static int take_positional(const struct arg_spec *spec, int n, int *seen, void *opts,
			   const char *word, char *msg, size_t len)
{
	int k;

	for (k = 0; k < n; k++)
		if (spec[k].kind == ARG_POS && !seen[k])
			break;
	if (k == n)
		return args_usage_err(msg, len, "unexpected argument '%s'", word);
	seen[k] = 1;
	store(opts, &spec[k], &word, sizeof(word));
	return 0;
}

int args_parse_opts(const struct arg_spec *spec, int argc, char **argv, void *opts,
		    struct args_options *options, char *msg, size_t len)
{
	const char *names[ARGS_MAX];
	int seen[ARGS_MAX] = { 0 };
	char cands[256];
	int n = spec_count(spec), i = 0, k, rc;
	bool opts_done = false;

	for (k = 0; k < n; k++)
		memset(field(opts, &spec[k]), 0, spec[k].size);
	spec_keywords(spec, n, names);
	while (i < argc) {
		rc = take_option(options, &opts_done, argc, argv, &i, msg, len);
		if (rc < 0 || (rc && options && options->stop))
			return rc < 0 ? rc : 0;
		if (rc)
			continue;
		k = match_prefix(argv[i], names, n);
		if (k == -2) {
			list_candidates(argv[i], names, n, cands, sizeof(cands));
			return args_usage_err(msg, len, "ambiguous keyword '%s': could be %s",
					      argv[i], cands);
		}
		if (k < 0) {
			rc = take_positional(spec, n, seen, opts, argv[i++], msg, len);
			if (rc)
				return rc;
			continue;
		}
		if (seen[k] && !(spec[k].flags & ARG_REPEAT))
			return args_usage_err(msg, len, "'%s' given more than once", spec[k].name);
		if (seen[k] >= ARG_MAX_REPEAT)
			return args_usage_err(msg, len, "'%s' given too many times", spec[k].name);
		seen[k]++;
		i++;
		rc = parse_value(&spec[k], opts, argc, argv, &i, msg, len);
		if (rc)
			return rc;
	}
	return check_groups(spec, n, seen, msg, len);
}

static void usage_row(const struct arg_spec *r, char *buf, size_t len)
{
	char meta[96];

	switch (r->kind) {
	case ARG_FLAG:
		if (r->flags & ARG_OPT_PATH)
			snprintf(buf, len, "%s [%s]", r->name, r->meta);
		else
			snprintf(buf, len, "%s", r->name);
		break;
	case ARG_POS:
		snprintf(buf, len, "%s", r->name);
		break;
	case ARG_REST:
		snprintf(buf, len, "%s -- %s", r->name, r->meta ? r->meta : "CMD [ARGS...]");
		break;
	case ARG_PROG:
		snprintf(buf, len, "%s PROGSPEC", r->name);
		break;
	case ARG_CHOICE:
		args_choice_meta(r, meta, sizeof(meta));
		snprintf(buf, len, "%s %s", r->name, meta);
		break;
	default:
		snprintf(buf, len, r->flags & ARG_ID_WORD ? "%s [id] %s" : "%s %s", r->name, r->meta);
		break;
	}
}

void args_usage(const struct arg_spec *spec, char *buf, size_t len)
{
	int n = spec_count(spec);
	struct lc_strbuf sb;
	char row[160];

	if (!len)
		return;
	lc_strbuf_init(&sb, buf, len);
	for (int i = 0; i < n && !sb.cut; i++) {
		bool required = spec[i].flags & ARG_REQUIRED;
		int g = spec[i].group, j;

		if (g) {
			bool first = true;

			for (j = 0; j < i; j++)
				if (spec[j].group == g)
					break;
			if (j < i)
				continue;       /* printed with the group's first row */
			for (j = i; j < n; j++)
				required |= spec[j].group == g && (spec[j].flags & ARG_REQUIRED);
			lc_strbuf_sep(&sb, " ");
			lc_strbuf_addf(&sb, "%s", required ? "{ " : "[ ");
			for (j = i; j < n; j++) {
				if (spec[j].group != g)
					continue;
				usage_row(&spec[j], row, sizeof(row));
				lc_strbuf_addf(&sb, "%s%s", first ? "" : " | ", row);
				first = false;
			}
			lc_strbuf_addf(&sb, "%s", required ? " }" : " ]");
			continue;
		}
		usage_row(&spec[i], row, sizeof(row));
		lc_strbuf_sep(&sb, " ");
		lc_strbuf_addf(&sb, required ? "%s" : "[%s]", row);
		if (spec[i].flags & ARG_REPEAT)
			lc_strbuf_addf(&sb, "...");
	}
}
