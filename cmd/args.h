/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * args.h: typed keyword grammar. Each verb has an options struct and a table of rows
 * describing its arguments; each row is bound to one field of that struct by a ROW_*
 * constructor below, which records the field's offset and size and checks at compile
 * time that the field has the C type the row's kind writes (a misspelt or mistyped
 * field does not build). One parser reads argv against the table (unique-prefix
 * keywords, groups, required rows) and writes the values into the struct; the verb
 * reads them as fields (o->dev, o->via == LC_XDP_VIA_LINK). The same table prints the
 * usage line, feeds completion (each row says what its value names: a device, a pin,
 * a link ID ...) and the docs test.
 *
 * Kind, constructor and the field's type; presence is always read from the field:
 *   ARG_FLAG   ROW_FLAG       bool                  true when given
 *   ARG_FLAG   ROW_FLAG_PATH  struct arg_flag_path  .given; .path when a '/' word followed
 *   ARG_UINT   ROW_U32        struct arg_u32        .given, .val, .word (as typed)
 *   ARG_UINT   ROW_U32_LIST   struct arg_u32_list   .n values in .val (0: not given)
 *   ARG_STR    ROW_STR        const char *          NULL when not given
 *   ARG_POS    ROW_POS        const char *          NULL when not given
 *   ARG_CHOICE ROW_CHOICE     the enum named        the word's value; 0 when not given, so
 *                                                   no word of the table may map to 0
 *   ARG_PROG   ROW_PROG       struct lc_prog_spec   .kind LC_PROG_SPEC_NONE when not given
 *   ARG_REST   ROW_REST       struct arg_rest       .argv NULL when not given
 */
#ifndef LC_ARGS_H
#define LC_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "../lib/prog_info.h"

enum arg_kind {
	ARG_FLAG,       /* bare keyword: skb, force, pinned */
	ARG_UINT,       /* keyword NUMBER (decimal or 0x hex, 32 bit) */
	ARG_STR,        /* keyword WORD */
	ARG_CHOICE,     /* keyword one of the words of its choice table, by unique prefix */
	ARG_PROG,       /* keyword PROGSPEC: id ID | pinned PATH | OBJ.o [name PROG | sec SECTION] */
	ARG_REST,       /* keyword -- WORDS...: everything after it (an optional "--" is skipped) */
	ARG_POS,        /* positional word; name is its metavariable */
};

/* What a row's value names: completion offers the live values of that kind. */
enum arg_value {
	VAL_NONE,           /* a number or word with nothing to offer (N, SECS, TYPE) */
	VAL_IFNAME,         /* a network device of the current namespace */
	VAL_PIN,            /* a path on the bpffs */
	VAL_FILE,           /* any file */
	VAL_OBJ,            /* a BPF object file */
	VAL_CGROUP,         /* a cgroup directory */
	VAL_LINK_ID,        /* a bpf_link ID */
	VAL_PROG_ID,        /* a BPF program ID */
	VAL_PID,            /* a process ID */
	VAL_ATTACH_TYPE,    /* a cgroup attach type name */
	VAL_CODE,           /* CODE[,CODE...] of audit findings */
	VAL_CHOICE,         /* a word of the row's choice table */
};

#define ARG_REQUIRED 0x1    /* must be given (for a group: one member must be given) */
#define ARG_REPEAT   0x2    /* may be given several times (set by ROW_U32_LIST) */
#define ARG_ID_WORD  0x4    /* ARG_UINT: "id" may come before the number ("prog id 5" as in PROGSPEC) */
#define ARG_OPT_PATH 0x8    /* ARG_FLAG: a next word with a '/' in it is its value, a path
			     * ("pinned" alone, or "pinned PATH" as in every other verb);
			     * set by ROW_FLAG_PATH */
#define ARG_MAX_REPEAT 16
#define ARGS_MAX 24
#define ARG_MAX_CHOICES 16
#define ARGS_OPTS_MAX 512   /* the largest options struct the dispatcher holds */

/* The field types of the rows whose presence is not their value (see the top). */
struct arg_flag_path {
	bool given;
	const char *path;
};
struct arg_u32 {
	bool given;
	__u32 val;
	const char *word;       /* as typed, for messages */
};
struct arg_u32_list {
	int n;
	__u32 val[ARG_MAX_REPEAT];
};
struct arg_rest {
	char **argv;
	int argc;
};

/* A choice table: words and the enum values they stand for, ending with { NULL }. */
struct arg_choice {
	const char *word;
	int value;
};

struct arg_spec {
	const char *name;       /* keyword, or metavariable of an ARG_POS */
	enum arg_kind kind;
	const char *meta;       /* value metavariable ("IFNAME"); NULL for ARG_CHOICE */
	unsigned int flags;
	int group;              /* rows sharing a non-zero group exclude each other */
	enum arg_value value;   /* what the value names (completion) */
	const struct arg_choice *choices;       /* ARG_CHOICE */
	size_t off, size;       /* the bound field of the verb's options struct */
};

/*
 * The binding: offset and size of T's field, and a compile-time check that the field
 * is a ctype (and that T fits the dispatcher's buffer). The struct inside sizeof only
 * carries the assertions.
 */
#define ARG_BIND(T, field, ctype)                                                          \
	.off = offsetof(T, field),                                                         \
	.size = sizeof(((T *)0)->field) + 0 * sizeof(struct {                              \
		_Static_assert(__builtin_types_compatible_p(__typeof__(((T *)0)->field), ctype), \
			       #T "." #field " is not " #ctype);                                \
		_Static_assert(sizeof(T) <= ARGS_OPTS_MAX, #T " is larger than ARGS_OPTS_MAX"); \
		char unused; })

#define ROW_FLAG(T, name_, field, flags_, group_)                                          \
	{ .name = (name_), .kind = ARG_FLAG, .flags = (flags_), .group = (group_),         \
	  ARG_BIND(T, field, bool) }
#define ROW_FLAG_PATH(T, name_, field, meta_, value_, flags_, group_)                      \
	{ .name = (name_), .kind = ARG_FLAG, .meta = (meta_), .value = (value_),           \
	  .flags = (flags_) | ARG_OPT_PATH, .group = (group_),                             \
	  ARG_BIND(T, field, struct arg_flag_path) }
#define ROW_U32(T, name_, field, meta_, value_, flags_, group_)                            \
	{ .name = (name_), .kind = ARG_UINT, .meta = (meta_), .value = (value_),           \
	  .flags = (flags_), .group = (group_), ARG_BIND(T, field, struct arg_u32) }
#define ROW_U32_LIST(T, name_, field, meta_, value_, flags_, group_)                       \
	{ .name = (name_), .kind = ARG_UINT, .meta = (meta_), .value = (value_),           \
	  .flags = (flags_) | ARG_REPEAT, .group = (group_),                               \
	  ARG_BIND(T, field, struct arg_u32_list) }
#define ROW_STR(T, name_, field, meta_, value_, flags_, group_)                            \
	{ .name = (name_), .kind = ARG_STR, .meta = (meta_), .value = (value_),            \
	  .flags = (flags_), .group = (group_), ARG_BIND(T, field, const char *) }
#define ROW_POS(T, name_, field, value_, flags_)                                           \
	{ .name = (name_), .kind = ARG_POS, .value = (value_), .flags = (flags_),          \
	  ARG_BIND(T, field, const char *) }
#define ROW_CHOICE(T, name_, field, etype, choices_, flags_, group_)                       \
	{ .name = (name_), .kind = ARG_CHOICE, .value = VAL_CHOICE, .choices = (choices_), \
	  .flags = (flags_), .group = (group_), ARG_BIND(T, field, etype) }
#define ROW_PROG(T, name_, field, flags_, group_)                                          \
	{ .name = (name_), .kind = ARG_PROG, .flags = (flags_), .group = (group_),         \
	  ARG_BIND(T, field, struct lc_prog_spec) }
#define ROW_REST(T, name_, field, meta_, flags_, group_)                                   \
	{ .name = (name_), .kind = ARG_REST, .meta = (meta_), .flags = (flags_),           \
	  .group = (group_), ARG_BIND(T, field, struct arg_rest) }

/*
 * Parses argv against spec into opts, the verb's options struct: every bound field is
 * cleared first, then written as its row is read. Fills msg (one line) and returns
 * -EINVAL on a usage error; 0 otherwise.
 */
int args_parse(const struct arg_spec *spec, int argc, char **argv, void *opts,
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
int args_parse_opts(const struct arg_spec *spec, int argc, char **argv, void *opts,
		    struct args_options *options, char *msg, size_t msglen);

/* The usage text of a table: "dev IFNAME [via link|netlink] ..." */
void args_usage(const struct arg_spec *spec, char *buf, size_t len);
/* The words of a choice row joined as its metavariable: "link|netlink". */
void args_choice_meta(const struct arg_spec *r, char *buf, size_t len);

/*
 * Unique-prefix match of word against names[0..n-1] (exact match wins).
 * Returns the index, -1 for no match, -2 for an ambiguous prefix.
 */
int match_prefix(const char *word, const char *const *names, int n);

/* Strict decimal/hex u32 parse; false on garbage or overflow. */
bool parse_u32(const char *s, __u32 *v);

/* vsnprintf into msg; returns -EINVAL (a usage error of a parser). */
int args_usage_err(char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
