/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * out.h: the one output layer. Every field is printed by one call that writes text
 * (with its printf format) or, under -j, adds the key to the JSON document, which is
 * printed once when the command ends. A NULL text format means "JSON only".
 *
 * The document is written as JSON text into one growing buffer as the calls come (a
 * listing of 10,000 links is one buffer, not a tree of 100,000 nodes); it replaces a
 * failed command's partial output with {"error"}, and out_take() turns it into a cJSON
 * tree for callers that collect documents (integers stay exact: raw number nodes).
 */
#ifndef LC_OUT_H
#define LC_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#define OUT_MAX_DEPTH 16

struct out {
	bool json;
	bool pretty;
	FILE *text;                     /* where text goes: stdout */
	char *buf;                      /* JSON document under construction */
	size_t len, cap;
	bool has_root;                  /* the document's root value has been started */
	bool failed;                    /* out of memory: the document is dropped */
	int depth;                      /* open containers */
	int skipped;                    /* containers opened past the depth limit or a second root */
	bool is_array[OUT_MAX_DEPTH];
	bool empty[OUT_MAX_DEPTH];      /* no member written yet */
};

void out_init(struct out *o, bool json, bool pretty);
void out_reset(struct out *o);          /* drop whatever was built */

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

/* Text-only output (ignored under -j). */
void out_text(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Replace the document with {"error": msg} (JSON mode only). */
void out_set_error(struct out *o, const char *msg);
/* Hand the document over (the caller owns it); the layer starts empty again. */
cJSON *out_take(struct out *o);
/* Print the document (one line, or indented with -p) and start afresh; flushes stdout. */
void out_flush(struct out *o);
/* Parse JSON text into a cJSON tree whose numbers are raw nodes, so they print back exactly. */
cJSON *out_parse(const char *json);
/* Print an arbitrary tree the same way (used by batch for its array). */
void out_print_tree(const struct out *o, const cJSON *tree);

#endif
