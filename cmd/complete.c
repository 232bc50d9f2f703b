// SPDX-License-Identifier: GPL-2.0-only
/*
 * complete.c: what may come next on a command line, read from the same tables the
 * dispatcher parses with: objects, verbs, a verb's keywords (minus those given, and
 * minus the other members of a group already used), ARG_CHOICE values, and the live
 * values of what each row says its value names (enum arg_value: devices, pins, IDs ...).
 */
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "../lib/audit_findings.h"
#include "../lib/cgroup_bpf.h"
#include "../lib/grow.h"
#include "../lib/names.h"

#define HELP_VERB "help"

void complete_add_new(struct complete_list *list, const char *cur, const char *cand)
{
	char **grown;

	if (strncmp(cand, cur, strlen(cur)))
		return;
	grown = lc_grow(list->v, &list->cap, list->n, sizeof(*grown));
	if (!grown)
		return;
	list->v = grown;
	list->v[list->n] = strdup(cand);
	if (list->v[list->n])
		list->n++;
}

void complete_add(struct complete_list *list, const char *cur, const char *cand)
{
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->v[i], cand))
			return;
	complete_add_new(list, cur, cand);
}

void complete_list_free(struct complete_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i]);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

/* The row a word names, by the dispatcher's unique-prefix rule; NULL if none. */
static const struct cmd *find_cmd(const struct cmd *table, const char *word)
{
	const char *names[64];
	int n = 0, k;

	while (n < 64 && table[n].name) {
		names[n] = table[n].name;
		n++;
	}
	k = match_prefix(word, names, n);
	return k >= 0 ? &table[k] : NULL;
}

/* Where a PROGSPEC stands when its value is the word being completed. */
enum progspec_step { PS_START, PS_ID, PS_PINNED, PS_NAME, PS_SEC };

struct walk {
	const struct arg_spec *spec;
	int nspec;
	int seen[ARGS_MAX];
	int pending;                /* row whose value is being typed, -1 for none */
	enum progspec_step step;    /* when the pending row is an ARG_PROG */
	const char *obj_file;       /* the OBJ.o of a PROGSPEC */
	bool after_obj_file;        /* `name`/`sec` may follow */
	int opt_path;               /* an ARG_OPT_PATH flag ends the words: its PATH may follow */
	bool rest;                  /* after an ARG_REST keyword: free words */
};

static int walk_match(const struct walk *w, const char *word)
{
	const char *names[ARGS_MAX];

	for (int i = 0; i < w->nspec; i++)
		names[i] = w->spec[i].kind == ARG_POS ? NULL : w->spec[i].name;
	return match_prefix(word, names, w->nspec);
}

/* Pends row k at step s; returns the index past the words (the walk ends). */
static int walk_pend(struct walk *w, int k, enum progspec_step s, int nwords)
{
	w->pending = k;
	w->step = s;
	return nwords;
}

/* Mirrors args.c's PROGSPEC parse: id ID | pinned PATH | OBJ.o [name PROG | sec SEC]. */
static int walk_progspec(struct walk *w, int k, int nwords, char *const *words, int i)
{
	static const char *const kinds[] = { "id", "pinned" };
	static const char *const file_opts[] = { "name", "sec" };
	int m;

	if (i >= nwords)
		return walk_pend(w, k, PS_START, nwords);
	m = match_prefix(words[i], kinds, 2);
	if (m >= 0)
		return i + 1 < nwords ? i + 2 : walk_pend(w, k, m ? PS_PINNED : PS_ID, nwords);
	w->obj_file = words[i++];
	if (i >= nwords) {
		w->after_obj_file = true;
		return i;
	}
	m = match_prefix(words[i], file_opts, 2);
	if (m < 0)
		return i;
	return i + 1 < nwords ? i + 2 : walk_pend(w, k, m ? PS_SEC : PS_NAME, nwords);
}

/* Consumes the value(s) of keyword row k starting at words[i]; returns the next index. */
static int walk_value(struct walk *w, int k, int nwords, char *const *words, int i)
{
	switch (w->spec[k].kind) {
	case ARG_FLAG:
		if (!(w->spec[k].flags & ARG_OPT_PATH))
			return i;
		if (i == nwords)
			w->opt_path = k;
		/* as the parser reads it: a word with a '/' is the flag's path */
		return i < nwords && strchr(words[i], '/') ? i + 1 : i;
	case ARG_REST:
		w->rest = true;
		return nwords;
	case ARG_PROG:
		return walk_progspec(w, k, nwords, words, i);
	default:
		return i < nwords ? i + 1 : walk_pend(w, k, PS_START, nwords);
	}
}

static void walk_words(struct walk *w, int nwords, char *const *words)
{
	int i = 0, k;

	while (i < nwords) {
		w->after_obj_file = false;
		k = walk_match(w, words[i]);
		if (k < 0) {            /* a positional word takes the first free positional row */
			for (k = 0; k < w->nspec; k++)
				if (w->spec[k].kind == ARG_POS && !w->seen[k])
					break;
			if (k < w->nspec)
				w->seen[k]++;
			i++;
			continue;
		}
		w->seen[k]++;
		i = walk_value(w, k, nwords, words, i + 1);
	}
}

static void complete_cgroup_types(struct complete_list *l, const char *cur)
{
	for (size_t i = 0; i < lc_cgroup_attach_type_count(); i++)
		complete_add(l, cur, lc_attach_type_str(lc_cgroup_attach_type_at(i)));
}

/* CODE[,CODE...]: the code after the last comma; the ones before it are kept. */
static void complete_audit_codes(struct complete_list *l, const char *cur)
{
	const char *last = strrchr(cur, ',');
	int keep = last ? (int)(last - cur) + 1 : 0;
	char word[256];

	for (int c = 0; c < LC_AUDIT_CODES; c++) {
		snprintf(word, sizeof(word), "%.*s%s", keep, cur,
			 lc_audit_code_str((enum lc_audit_code)c));
		complete_add(l, cur, word);
	}
}

static void choice_candidates(const struct arg_choice *choices, const char *cur,
			      struct complete_list *l)
{
	for (int i = 0; choices && choices[i].word; i++)
		complete_add(l, cur, choices[i].word);
}

/* Candidates for the value of a row (pending keyword or positional): what the row names. */
static void value_candidates(const struct lc_ctx *ctx, const struct arg_spec *r,
			     const char *cur, struct complete_list *l)
{
	switch (r->value) {
	case VAL_CHOICE: choice_candidates(r->choices, cur, l); break;
	case VAL_LINK_ID: complete_link_ids(l, cur); break;
	case VAL_PROG_ID: complete_prog_ids(l, cur); break;
	case VAL_IFNAME: complete_devices(l, cur); break;
	case VAL_PIN: complete_pins(l, cur, ctx->bpffs_root); break;
	case VAL_OBJ: complete_files(l, cur, FILES_OBJECTS); break;
	case VAL_FILE: complete_files(l, cur, FILES_ANY); break;
	case VAL_CGROUP: complete_files(l, cur, FILES_DIRS); break;
	case VAL_ATTACH_TYPE: complete_cgroup_types(l, cur); break;
	case VAL_CODE: complete_audit_codes(l, cur); break;
	case VAL_PID:       /* too many to offer */
	case VAL_NONE: break;
	}
}

static void progspec_candidates(const struct lc_ctx *ctx, const struct walk *w, const char *cur,
				struct complete_list *l)
{
	switch (w->step) {
	case PS_START:
		complete_add(l, cur, "id");
		complete_add(l, cur, "pinned");
		complete_files(l, cur, FILES_OBJECTS);
		break;
	case PS_ID:
		complete_prog_ids(l, cur);
		break;
	case PS_PINNED:
		complete_pins(l, cur, ctx->bpffs_root);
		break;
	case PS_NAME:
	case PS_SEC:
		complete_obj_programs(l, cur, w->obj_file, w->step == PS_SEC);
		break;
	}
}

static bool group_used(const struct walk *w, int k)
{
	for (int j = 0; w->spec[k].group && j < w->nspec; j++)
		if (w->spec[j].group == w->spec[k].group && w->seen[j])
			return true;
	return false;
}

/* Keywords still allowed, then the values of the next positional row. */
static void keyword_candidates(const struct lc_ctx *ctx, const struct walk *w, const char *cur,
			       struct complete_list *l)
{
	const struct arg_spec *next_pos = NULL;

	if (w->after_obj_file) {
		complete_add(l, cur, "name");
		complete_add(l, cur, "sec");
	}
	for (int k = 0; k < w->nspec; k++) {
		const struct arg_spec *r = &w->spec[k];

		if (r->kind == ARG_POS) {
			if (!w->seen[k] && !next_pos)
				next_pos = r;
			continue;
		}
		if ((w->seen[k] && !(r->flags & ARG_REPEAT)) || (!w->seen[k] && group_used(w, k)))
			continue;
		complete_add(l, cur, r->name);
	}
	if (next_pos)
		value_candidates(ctx, next_pos, cur, l);
	if (w->opt_path >= 0)       /* keywords never hold a '/', paths always do */
		value_candidates(ctx, &w->spec[w->opt_path], cur, l);
}

static void complete_args(const struct lc_ctx *ctx, const struct arg_spec *spec, int nwords,
			  char *const *words, const char *cur, struct complete_list *l)
{
	struct walk w = { .spec = spec, .pending = -1, .opt_path = -1 };

	if (!spec)      /* a verb without arguments: nothing to offer */
		return;
	while (spec[w.nspec].name && w.nspec < ARGS_MAX)
		w.nspec++;
	walk_words(&w, nwords, words);
	if (w.rest)
		return;
	if (w.pending < 0)
		keyword_candidates(ctx, &w, cur, l);
	else if (spec[w.pending].kind == ARG_PROG)
		progspec_candidates(ctx, &w, cur, l);
	else
		value_candidates(ctx, &spec[w.pending], cur, l);
}

void lc_complete(const struct lc_ctx *ctx, const struct cmd *objects, int nwords,
		 char *const *words, const char *cur, struct complete_list *list)
{
	const struct cmd *object, *verb;

	if (nwords == 0) {
		for (int i = 0; objects[i].name; i++)
			complete_add(list, cur, objects[i].name);
		return;
	}
	object = find_cmd(objects, words[0]);
	if (!object)
		return;
	if (!object->verbs) {
		if (nwords == 1)
			complete_add(list, cur, HELP_VERB);
		if (nwords == 1 || strcmp(words[1], HELP_VERB))
			complete_args(ctx, object->args, nwords - 1, words + 1, cur, list);
		return;
	}
	if (nwords == 1) {
		for (int i = 0; object->verbs[i].name; i++)
			complete_add(list, cur, object->verbs[i].name);
		complete_add(list, cur, HELP_VERB);
		return;
	}
	verb = find_cmd(object->verbs, words[1]);
	if (verb)
		complete_args(ctx, verb->args, nwords - 2, words + 2, cur, list);
}
