/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * args.h: typed keyword grammar. Each verb describes its arguments as a table of
 * rows; one parser reads argv against it (unique-prefix keywords, groups, required
 * rows), and the same table prints the usage line, feeds completion and the docs test.
 */
#ifndef LC_ARGS_H
#define LC_ARGS_H

#include <stdbool.h>
#include <linux/types.h>

#include "../lib/prog_info.h"

enum arg_kind {
	ARG_FLAG,       /* bare keyword: skb, force, pinned */
	ARG_UINT,       /* keyword NUMBER (decimal or 0x hex, 32 bit) */
	ARG_STR,        /* keyword WORD */
	ARG_CHOICE,     /* keyword one-of meta "a|b|c", matched by unique prefix */
	ARG_PROG,       /* keyword PROGSPEC: id ID | pinned PATH | OBJ.o [name PROG | sec SECTION] */
	ARG_REST,       /* keyword -- WORDS...: everything after it (an optional "--" is skipped) */
	ARG_POS,        /* positional word; name is its metavariable */
};

#define ARG_REQUIRED 0x1    /* must be given (for a group: one member must be given) */
#define ARG_REPEAT   0x2    /* may be given several times (ARG_UINT only) */
#define ARG_ID_WORD  0x4    /* ARG_UINT: "id" may come before the number ("prog id 5" as in PROGSPEC) */
#define ARG_OPT_PATH 0x8    /* ARG_FLAG: a next word with a '/' in it is its value, a path
			     * ("pinned" alone, or "pinned PATH" as in every other verb) */
#define ARG_MAX_REPEAT 16
#define ARGS_MAX 24

struct arg_spec {
	const char *name;       /* keyword, or metavariable of an ARG_POS */
	enum arg_kind kind;
	const char *meta;       /* value metavariable ("IFNAME"); for ARG_CHOICE "a|b|c" */
	unsigned int flags;
	int group;              /* rows sharing a non-zero group exclude each other */
};

struct arg_val {
	int seen;                               /* times given */
	unsigned long long num;                 /* ARG_UINT (last), ARG_CHOICE index */
	unsigned long long list[ARG_MAX_REPEAT];/* ARG_UINT with ARG_REPEAT */
	const char *str;                        /* ARG_STR, ARG_POS, ARG_CHOICE full word */
	char choice[32];                        /* ARG_CHOICE: the full word str points at */
	struct lc_prog_spec prog;               /* ARG_PROG */
	char **rest;                            /* ARG_REST */
	int nrest;
};

struct args {
	const struct arg_spec *spec;
	int nspec;
	struct arg_val val[ARGS_MAX];
};

/* Fills msg (one line) and returns -EINVAL on a usage error; 0 otherwise. */
int args_parse(const struct arg_spec *spec, int argc, char **argv, struct args *a,
	       char *msg, size_t msglen);

/*
 * Options among the keywords (the global options, cmd/globals.c): where a keyword may
 * stand, a word spelled as an option goes to take(), which returns the words it used
 * or -EINVAL with msg filled, and sets stop when the rest of the line does not matter
 * (-h). A bare "--" there ends the options: later words are keywords and values only.
 * Values of keywords and everything after an ARG_REST keyword are never options.
 */
struct args_options {
	int (*take)(void *data, int argc, char **argv, char *msg, size_t msglen);
	void *data;
	bool stop;
};
int args_parse_opts(const struct arg_spec *spec, int argc, char **argv, struct args *a,
		    struct args_options *opts, char *msg, size_t msglen);

/* Lookups by keyword name; a name not in the verb's table is a programming error. */
const struct arg_val *args_get(const struct args *a, const char *name);
bool args_has(const struct args *a, const char *name);
const char *args_str(const struct args *a, const char *name);
unsigned long long args_num(const struct args *a, const char *name);

/* The usage text of a table: "dev IFNAME [via link|netlink] ..." */
void args_usage(const struct arg_spec *spec, char *buf, size_t len);

/*
 * Unique-prefix match of word against names[0..n-1] (exact match wins).
 * Returns the index, -1 for no match, -2 for an ambiguous prefix.
 */
int match_prefix(const char *word, const char *const *names, int n);

/* Strict decimal/hex u32 parse; false on garbage or overflow. */
bool parse_u32(const char *s, __u32 *v);

#endif
