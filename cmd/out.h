/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * out.h: the one output layer. Every field is printed by one call that writes text
 * (with its printf format) or, under -j, adds the key to a cJSON document that is
 * printed once when the command ends. A NULL text format means "JSON only".
 *
 * A list's elements are printed (by cJSON, into one buffer) and freed as each one is
 * complete, so 10,000 links never sit in memory as a tree of 100,000 nodes; the buffer
 * is written when the command ends, or replaced by {"error"} if it fails. Callers that
 * collect documents (batch) set `collect` to keep whole trees for out_take().
 */
#ifndef LC_OUT_H
#define LC_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#define OUT_MAX_DEPTH 16

struct out {
	bool json;
	bool pretty;
	FILE *text;                     /* where text goes: stdout */
	cJSON *doc;                     /* JSON document under construction */
	cJSON *stack[OUT_MAX_DEPTH];    /* open objects/arrays, innermost last */
	int depth;
	bool collect;                   /* keep the whole tree (no streaming of list elements) */
	char *listed;                   /* the root array's elements printed so far, comma-joined */
	size_t listed_len, listed_cap;
	bool arena_elem;                /* the open list element is built in cmd/json_arena.c */
	bool arena_kept;                /* an element could not be printed: no more rewinds */
	unsigned int suspended;         /* elements set aside by out_suspend: no rewinds either */
};

void out_init(struct out *o, bool json, bool pretty);
void out_reset(struct out *o);          /* drop whatever was built */
void out_free(struct out *o);           /* out_reset, and release the reusable buffers */

/* Containers. key is NULL inside an array or for the document root. */
void out_open_object(struct out *o, const char *key);
void out_close_object(struct out *o);
void out_open_array(struct out *o, const char *key);
void out_close_array(struct out *o);

/* Fields. fmt is a printf format for text mode, or NULL to print nothing there. */
void out_u64(struct out *o, const char *key, const char *fmt, unsigned long long v);
void out_i64(struct out *o, const char *key, const char *fmt, long long v);
void out_str(struct out *o, const char *key, const char *fmt, const char *s);
void out_bool(struct out *o, const char *key, const char *fmt, bool v);
void out_null(struct out *o, const char *key, const char *text);
#define out_u32(o, key, fmt, v) out_u64((o), (key), (fmt), (unsigned long long)(v))

/*
 * s with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD, into
 * buf (NUL-terminated, cut at len before the first sequence that does not fit, so buf
 * holds a clean prefix); returns the length it needs. out_str applies it to JSON strings.
 */
size_t out_utf8_clean(const char *s, char *buf, size_t len);
/* A cJSON string of s so cleaned (for JSON built outside the out_* calls: batch). */
cJSON *out_json_string(const char *s);

/* Text-only output (ignored under -j). */
void out_text(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Set aside the list element being built, to finish it later (when what its last fields
 * need is known): out_suspend detaches it and returns it, out_resume makes it the open
 * element again, to be completed and closed. Only while list elements are streamed
 * (out_can_suspend); one that will not be printed goes to out_discard.
 */
bool out_can_suspend(const struct out *o);
cJSON *out_suspend(struct out *o);
void out_resume(struct out *o, cJSON *elem);
void out_discard(struct out *o, cJSON *elem);     /* a suspended element never printed */

/* Replace the document with {"error": msg} (JSON mode only). */
void out_set_error(struct out *o, const char *msg);
/* Hand the document over (the caller owns it); the layer starts empty again. */
cJSON *out_take(struct out *o);
/* Print the document (one line, or indented with -p) and start afresh; flushes stdout.
 * With `collect` set it only flushes stdout: the caller takes the document. */
void out_flush(struct out *o);
/* Print an arbitrary tree the same way (used by batch for its array). */
void out_print_tree(const struct out *o, const cJSON *tree);

#endif
