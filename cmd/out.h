/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * out.h: the one output layer. Every field is printed by one call that writes text
 * (with its printf format) or, under -j, adds the key to a cJSON document that is
 * printed once when the command ends; out_json_* add a field that text does not show.
 *
 * A top-level list's elements are printed and freed as each one closes, so that memory
 * stays flat however long the list (the design: the comment at the top of cmd/out.c).
 * Callers that collect documents (batch) set `collect` to keep whole trees for out_take().
 */
#ifndef LC_OUT_H
#define LC_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#define OUT_MAX_DEPTH 16

/* A streamed list's elements printed so far, comma-joined (in memory, or in spill beyond). */
struct out_pending {
	char *mem;
	size_t len, cap;
	FILE *spill;                    /* an unlinked temporary file, once mem would grow past 256 KiB */
	size_t count;
};

struct out {
	bool json;
	bool pretty;
	FILE *text;                     /* where text goes: stdout */
	cJSON *doc;                     /* JSON document under construction */
	cJSON *stack[OUT_MAX_DEPTH];    /* open objects/arrays, innermost last */
	int depth;
	bool collect;                   /* keep the whole tree (no streaming of list elements) */
	struct out_pending pending;
	char *elem_buf;                 /* where one list element is printed */
	size_t elem_cap;
	char *resumed;                  /* the open element's first part (out_resume) */
	bool failed;                    /* an element could not be printed: out of memory */
};

void out_init(struct out *o, bool json, bool pretty);
void out_reset(struct out *o);          /* drop whatever was built */
void out_free(struct out *o);           /* out_reset, and release the reusable buffers */

/* Containers. key is NULL inside an array or for the document root. */
void out_open_object(struct out *o, const char *key);
void out_close_object(struct out *o);
void out_open_array(struct out *o, const char *key);
void out_close_array(struct out *o);

/*
 * Fields, one function per C type. fmt is the text form: a printf format that takes the
 * value as its one argument, of the type the name says (bool: "yes"/"no" through %s).
 * The format attribute lets the compiler check every literal; the value's type is fixed
 * by the prototype, so a format never reads a wider or narrower argument than was passed.
 */
#define OUT_FORMAT(n) __attribute__((format(printf, n, 0)))
void out_u32(struct out *o, const char *key, const char *fmt, unsigned int v) OUT_FORMAT(3);
void out_u64(struct out *o, const char *key, const char *fmt, unsigned long long v) OUT_FORMAT(3);
void out_i64(struct out *o, const char *key, const char *fmt, long long v) OUT_FORMAT(3);
void out_str(struct out *o, const char *key, const char *fmt, const char *s) OUT_FORMAT(3);
void out_bool(struct out *o, const char *key, const char *fmt, bool v) OUT_FORMAT(3);
/* null in JSON; text (printed as it is, not a format; NULL: nothing) in text mode */
void out_null(struct out *o, const char *key, const char *text);

/* Fields that only JSON has (text mode prints nothing for them). */
void out_json_u32(struct out *o, const char *key, unsigned int v);
void out_json_u64(struct out *o, const char *key, unsigned long long v);
void out_json_i64(struct out *o, const char *key, long long v);
void out_json_str(struct out *o, const char *key, const char *s);
void out_json_bool(struct out *o, const char *key, bool v);

/*
 * s with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD, into
 * buf (NUL-terminated, cut at len before the first sequence that does not fit, so buf
 * holds a clean prefix); returns the length it needs. out_str applies it to JSON strings.
 */
size_t out_utf8_clean(const char *s, char *buf, size_t len);
/* A cJSON string of s so cleaned (for JSON built outside the out_* calls: batch). */
cJSON *out_json_string(const char *s);

/*
 * A time, as RFC 3339 UTC without fractions ("2026-12-01T15:04:05Z", what jq 1.6's
 * fromdateiso8601 parses) in key, and as milliseconds since the epoch in ms_key (JSON
 * only). Text prints the same string through fmt.
 */
void out_time(struct out *o, const char *key, const char *ms_key, const char *fmt,
	      long long epoch_ms) OUT_FORMAT(4);

/* Text-only output (ignored under -j). */
void out_text(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text-only, s (a name: device, pin, comm) through fmt with control bytes escaped. */
void out_text_name(struct out *o, const char *fmt, const char *s) OUT_FORMAT(2);

/*
 * s with its control bytes escaped as JSON escapes them (\n, \t, \u001b ...), so a name
 * printed as text cannot start a line of its own or reach the terminal as a command. Into
 * buf when it fits, else into a malloc'd copy left in *heap (free it); s itself when clean.
 */
const char *out_text_escape(const char *s, char *buf, size_t len, char **heap);

/*
 * Set aside the list element being built, to finish it later (when what its last fields
 * need is known): out_suspend returns what it holds so far, printed (NULL: nothing to set
 * aside); out_resume opens it again as the current element, to be completed and closed.
 * Only while list elements are streamed (out_can_suspend), one element at a time open;
 * one that will not be printed goes to out_discard.
 */
bool out_can_suspend(const struct out *o);
char *out_suspend(struct out *o);
void out_resume(struct out *o, char *first);      /* takes first over */
void out_discard(char *first);

/* Replace the document with {"error": msg, "code": code} (JSON mode only). */
void out_set_error(struct out *o, const char *msg, const char *code);
/* Hand the document over (the caller owns it); the layer starts empty again. */
cJSON *out_take(struct out *o);
/*
 * Print the document (one line, or indented with -p) and start afresh; flushes stdout.
 * With `collect` set it only flushes stdout: the caller takes the document. false: the
 * output could not be printed (out of memory), and an {"error"} went out instead.
 */
bool out_flush(struct out *o);
/* Print an arbitrary tree the same way (used by batch for its array). */
void out_print_tree(const struct out *o, const cJSON *tree);

#ifdef LC_FORMAT_CHECK
/*
 * `make analyze` compiles cmd/ once more with these: each field's format becomes a printf
 * of a value of the function's type, so the compiler checks the conversion against the
 * type too (the attribute alone checks the format's syntax) and that it takes the value.
 */
#define out_u32(o, key, fmt, v) printf(fmt, (unsigned int)(v))
#define out_u64(o, key, fmt, v) printf(fmt, (unsigned long long)(v))
#define out_i64(o, key, fmt, v) printf(fmt, (long long)(v))
#define out_str(o, key, fmt, s) printf(fmt, (const char *)(s))
#define out_bool(o, key, fmt, v) printf(fmt, (v) ? "yes" : "no")
#define out_time(o, key, ms_key, fmt, ms) printf(fmt, (const char *)"")
#define out_text_name(o, fmt, s) printf(fmt, (const char *)(s))
#endif

#endif
