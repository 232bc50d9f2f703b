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

static int usage_err(char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int usage_err(char *msg, size_t len, const char *fmt, ...)
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
		return usage_err(msg, len, "'prog' needs a program: id ID | pinned PATH | OBJ.o");
	k = match_prefix(argv[*i], kinds, 2);
	if (k >= 0) {
		if (*i + 1 >= argc)
			return usage_err(msg, len, "'prog %s' needs a value", kinds[k]);
		if (k == 0) {
			ps->kind = LC_PROG_SPEC_ID;
			if (!parse_u32(argv[*i + 1], &ps->id) || !ps->id)
				return usage_err(msg, len, "invalid program id '%s'", argv[*i + 1]);
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
		return usage_err(msg, len, "no object file '%s'; did you mean 'prog id %s'?",
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

/* Reads the value(s) of keyword row r starting at argv[*i]; advances *i. */
static int parse_value(const struct arg_spec *r, struct arg_val *v, int argc, char **argv,
		       int *i, char *msg, size_t len)
{
	const char *choices[16];
	char copy[128], *save, *tok;
	int n = 0, k;
	__u32 num;

	switch (r->kind) {
	case ARG_FLAG:
		if (r->flags & ARG_OPT_PATH && *i < argc && strchr(argv[*i], '/'))
			v->str = argv[(*i)++];
		return 0;
	case ARG_PROG:
		return parse_prog_spec(argc, argv, i, &v->prog, msg, len);
	case ARG_REST:
		if (*i < argc && !strcmp(argv[*i], "--"))
			(*i)++;
		if (*i >= argc)
			return usage_err(msg, len, "'%s' needs a command", r->name);
		v->rest = argv + *i;
		v->nrest = argc - *i;
		*i = argc;
		return 0;
	default:
		break;
	}
	if (*i >= argc)
		return usage_err(msg, len, "'%s' needs a value (%s)", r->name, r->meta);
	if (r->flags & ARG_ID_WORD && !strcmp(argv[*i], "id") && ++(*i) >= argc)
		return usage_err(msg, len, "'%s id' needs a value (%s)", r->name, r->meta);
	v->str = argv[(*i)++];
	if (r->kind == ARG_UINT) {
		if (!parse_u32(v->str, &num))
			return usage_err(msg, len, "invalid %s '%s' for '%s'", r->meta, v->str, r->name);
		v->num = num;
		if (v->seen <= ARG_MAX_REPEAT)
			v->list[v->seen - 1] = num;
	} else if (r->kind == ARG_CHOICE) {
		snprintf(copy, sizeof(copy), "%s", r->meta);
		for (tok = strtok_r(copy, "|", &save); tok && n < 16; tok = strtok_r(NULL, "|", &save))
			choices[n++] = tok;
		k = match_prefix(v->str, choices, n);
		if (k < 0)
			return usage_err(msg, len, "invalid value '%s' for '%s' (expected %s)",
					 v->str, r->name, r->meta);
		v->num = (unsigned long long)k;
		/* the full choice, not the user's prefix */
		snprintf(v->choice, sizeof(v->choice), "%s", choices[k]);
		v->str = v->choice;
	}
	return 0;
}

/* Required rows must be given; rows of one group exclude each other. */
static int check_groups(const struct arg_spec *spec, int n, const struct args *a,
			char *msg, size_t len)
{
	for (int i = 0; i < n; i++) {
		int g = spec[i].group, first_seen = -1;
		bool required = spec[i].flags & ARG_REQUIRED;

		if (!g) {
			if (required && !a->val[i].seen)
				return usage_err(msg, len, "missing '%s'", spec[i].name);
			continue;
		}
		for (int j = 0; j < n; j++) {
			if (spec[j].group != g)
				continue;
			required |= spec[j].flags & ARG_REQUIRED;
			if (!a->val[j].seen)
				continue;
			if (first_seen >= 0)
				return usage_err(msg, len, "'%s' and '%s' exclude each other",
						 spec[first_seen].name, spec[j].name);
			first_seen = j;
		}
		if (required && first_seen < 0)
			return usage_err(msg, len, "missing '%s' (or one of its alternatives)",
					 spec[i].name);
	}
	return 0;
}

/* An option where a keyword may stand: 1 + *i advanced, 0 when argv[*i] is none, or -EINVAL. */
static int take_option(struct args_options *opts, bool *opts_done, int argc, char **argv,
		       int *i, char *msg, size_t len)
{
	int used;

	if (!opts || *opts_done || argv[*i][0] != '-' || !argv[*i][1])
		return 0;
	if (!strcmp(argv[*i], "--")) {
		*opts_done = true;
		(*i)++;
		return 1;
	}
	used = opts->take(opts->data, argc - *i, argv + *i, msg, len);
	if (used < 0)
		return used;
	*i += used;
	return 1;
}

int args_parse(const struct arg_spec *spec, int argc, char **argv, struct args *a,
	       char *msg, size_t len)
{
	return args_parse_opts(spec, argc, argv, a, NULL, msg, len);
}

int args_parse_opts(const struct arg_spec *spec, int argc, char **argv, struct args *a,
		    struct args_options *opts, char *msg, size_t len)
{
	const char *names[ARGS_MAX];
	char cands[256];
	int n = spec_count(spec), i = 0, k, rc;
	bool opts_done = false;

	memset(a, 0, sizeof(*a));
	a->spec = spec;
	a->nspec = n;
	spec_keywords(spec, n, names);
	while (i < argc) {
		rc = take_option(opts, &opts_done, argc, argv, &i, msg, len);
		if (rc < 0 || (rc && opts && opts->stop))
			return rc < 0 ? rc : 0;
		if (rc)
			continue;
		k = match_prefix(argv[i], names, n);
		if (k == -2) {
			list_candidates(argv[i], names, n, cands, sizeof(cands));
			return usage_err(msg, len, "ambiguous keyword '%s': could be %s", argv[i], cands);
		}
		if (k < 0) {
			for (k = 0; k < n; k++)
				if (spec[k].kind == ARG_POS && !a->val[k].seen)
					break;
			if (k == n)
				return usage_err(msg, len, "unexpected argument '%s'", argv[i]);
			a->val[k].seen = 1;
			a->val[k].str = argv[i++];
			continue;
		}
		if (a->val[k].seen && !(spec[k].flags & ARG_REPEAT))
			return usage_err(msg, len, "'%s' given more than once", spec[k].name);
		if (a->val[k].seen >= ARG_MAX_REPEAT)
			return usage_err(msg, len, "'%s' given too many times", spec[k].name);
		a->val[k].seen++;
		i++;
		rc = parse_value(&spec[k], &a->val[k], argc, argv, &i, msg, len);
		if (rc)
			return rc;
	}
	return check_groups(spec, n, a, msg, len);
}

static int spec_index(const struct args *a, const char *name)
{
	for (int i = 0; i < a->nspec; i++)
		if (!strcmp(a->spec[i].name, name))
			return i;
	fprintf(stderr, "linkctl: internal error: no argument '%s' in this verb's table\n", name);
	abort();
}

const struct arg_val *args_get(const struct args *a, const char *name)
{
	const struct arg_val *v = &a->val[spec_index(a, name)];

	return v->seen ? v : NULL;
}

bool args_has(const struct args *a, const char *name)
{
	return args_get(a, name) != NULL;
}

const char *args_str(const struct args *a, const char *name)
{
	const struct arg_val *v = args_get(a, name);

	return v ? v->str : NULL;
}

unsigned long long args_num(const struct args *a, const char *name)
{
	const struct arg_val *v = args_get(a, name);

	return v ? v->num : 0;
}

static void usage_row(const struct arg_spec *r, char *buf, size_t len)
{
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
