// SPDX-License-Identifier: GPL-2.0-only
/* out.c: text or JSON from the same calls; JSON is written as text into one buffer and printed once. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

void out_init(struct out *o, bool json, bool pretty)
{
	memset(o, 0, sizeof(*o));
	o->json = json || pretty;
	o->pretty = pretty;
	o->text = stdout;
}

void out_reset(struct out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
	o->has_root = o->failed = false;
	o->depth = o->skipped = 0;
}

static bool grow(struct out *o, size_t more)
{
	char *grown;
	size_t cap = o->cap ? o->cap : 4096;

	while (cap < o->len + more)
		cap *= 2;
	grown = realloc(o->buf, cap);
	if (!grown) {
		o->failed = true;
		return false;
	}
	o->buf = grown;
	o->cap = cap;
	return true;
}

/* The writer's hot path: a listing calls these a dozen times per link. */
static inline bool reserve(struct out *o, size_t more)
{
	return __builtin_expect(o->len + more <= o->cap, 1) || grow(o, more);
}

static inline void put(struct out *o, const char *s, size_t n)
{
	if (!reserve(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void put_char(struct out *o, char c)
{
	if (reserve(o, 1))
		o->buf[o->len++] = c;
}

/* Bytes JSON strings must escape: control characters, quote and backslash (and NUL, the end). */
static const unsigned char needs_escape[256] = { [0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1 };

static char *write_escape(char *w, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	const char *short_form = c == '"' ? "\"" : c == '\\' ? "\\" : c == '\n' ? "n" : c == '\t' ? "t"
			       : c == '\r' ? "r" : c == '\b' ? "b" : c == '\f' ? "f" : NULL;

	*w++ = '\\';
	if (short_form) {
		*w++ = *short_form;
		return w;
	}
	memcpy(w, "u00", 3);
	w[3] = hex[c >> 4];
	w[4] = hex[c & 15];
	return w + 5;
}

/* The common string needs no escape: one scan, one copy; otherwise byte by byte. */
static void put_quoted(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	char *w;

	/* NUL is in the table too: one test per byte, four bytes per round */
	while (!needs_escape[p[0]] && !needs_escape[p[1]] && !needs_escape[p[2]] && !needs_escape[p[3]])
		p += 4;
	while (!needs_escape[*p])
		p++;
	n = (size_t)(p - (const unsigned char *)s);
	if (!*p) {
		if (!reserve(o, n + 2))
			return;
		w = o->buf + o->len;
		w[0] = '"';
		memcpy(w + 1, s, n);
		w[n + 1] = '"';
		o->len += n + 2;
		return;
	}
	n += strlen((const char *)p);
	if (!reserve(o, n * 6 + 2))
		return;
	w = o->buf + o->len;
	*w++ = '"';
	for (p = (const unsigned char *)s; *p; p++)
		w = needs_escape[*p] ? write_escape(w, *p) : (*w = (char)*p, w + 1);
	*w++ = '"';
	o->len = (size_t)(w - o->buf);
}

static void put_indent(struct out *o)
{
	put_char(o, '\n');
	for (int i = 0; i < o->depth; i++)
		put_char(o, '\t');
}

/* Separator, indentation and key before a value; false when the value is to be dropped. */
static bool begin_value(struct out *o, const char *key)
{
	int d = o->depth - 1;

	if (!o->json || o->skipped)
		return false;
	if (o->depth == 0) {
		if (o->has_root)        /* a second root: keep the first, drop this one */
			return false;
		o->has_root = true;
		return true;
	}
	if (!o->empty[d])
		put_char(o, ',');
	o->empty[d] = false;
	if (o->pretty)
		put_indent(o);
	if (!o->is_array[d]) {
		put_quoted(o, key ? key : "");
		put_char(o, ':');
		if (o->pretty)
			put_char(o, ' ');
	}
	return true;
}

static void open_container(struct out *o, const char *key, bool array)
{
	if (!o->json)
		return;
	if (!begin_value(o, key) || o->depth == OUT_MAX_DEPTH) {
		o->skipped++;
		return;
	}
	put_char(o, array ? '[' : '{');
	o->is_array[o->depth] = array;
	o->empty[o->depth] = true;
	o->depth++;
}

static void close_container(struct out *o)
{
	if (!o->json)
		return;
	if (o->skipped) {
		o->skipped--;
		return;
	}
	if (o->depth == 0)
		return;
	o->depth--;
	if (o->pretty && !o->empty[o->depth])
		put_indent(o);
	put_char(o, o->is_array[o->depth] ? ']' : '}');
}

void out_open_object(struct out *o, const char *key)
{
	open_container(o, key, false);
}

void out_close_object(struct out *o)
{
	close_container(o);
}

void out_open_array(struct out *o, const char *key)
{
	open_container(o, key, true);
}

void out_close_array(struct out *o)
{
	close_container(o);
}

static void out_vtext(struct out *o, const char *fmt, va_list ap)
{
	if (!o->json && fmt)
		vfprintf(o->text, fmt, ap);
}

static void out_textf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vtext(o, fmt, ap);
	va_end(ap);
}

void out_text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vtext(o, fmt, ap);
	va_end(ap);
}

/* Integers are written digit by digit: exact for all 64 bits, and cheap. */
static void put_u64(struct out *o, unsigned long long v, bool negative)
{
	char digits[24];
	int i = sizeof(digits);

	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		digits[--i] = '-';
	put(o, digits + i, sizeof(digits) - (size_t)i);
}

void out_u64(struct out *o, const char *key, const char *fmt, unsigned long long v)
{
	if (!o->json) {
		out_textf(o, fmt, v);
		return;
	}
	if (begin_value(o, key))
		put_u64(o, v, false);
}

void out_i64(struct out *o, const char *key, const char *fmt, long long v)
{
	if (!o->json) {
		out_textf(o, fmt, v);
		return;
	}
	if (begin_value(o, key))
		put_u64(o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

void out_str(struct out *o, const char *key, const char *fmt, const char *s)
{
	if (!o->json) {
		out_textf(o, fmt, s ? s : "-");
		return;
	}
	if (!begin_value(o, key))
		return;
	if (s)
		put_quoted(o, s);
	else
		put(o, "null", 4);
}

void out_bool(struct out *o, const char *key, const char *fmt, bool v)
{
	if (!o->json) {
		out_textf(o, fmt, v ? "yes" : "no");
		return;
	}
	if (begin_value(o, key))
		put(o, v ? "true" : "false", v ? 4 : 5);
}

void out_null(struct out *o, const char *key, const char *text)
{
	if (!o->json) {
		out_textf(o, "%s", text ? text : "");
		return;
	}
	if (begin_value(o, key))
		put(o, "null", 4);
}

void out_set_error(struct out *o, const char *msg)
{
	if (!o->json)
		return;
	out_reset(o);
	out_open_object(o, NULL);
	out_str(o, "error", NULL, msg);
	out_close_object(o);
}

/* The finished document as a C string (open containers closed), or NULL when empty. */
static const char *finish(struct out *o)
{
	while (o->skipped || o->depth)
		close_container(o);
	if (!o->has_root || o->failed || !reserve(o, 1))
		return NULL;
	o->buf[o->len] = '\0';
	return o->buf;
}

cJSON *out_take(struct out *o)
{
	const char *text = finish(o);
	cJSON *doc = text ? out_parse(text) : NULL;

	out_reset(o);
	return doc;
}

void out_print_tree(const struct out *o, const cJSON *tree)
{
	char *s;

	if (!tree)
		return;
	s = o->pretty ? cJSON_Print(tree) : cJSON_PrintUnformatted(tree);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}

void out_flush(struct out *o)
{
	const char *text = o->json ? finish(o) : NULL;

	if (text) {
		fwrite(text, 1, o->len, stdout);
		fputc('\n', stdout);
	}
	out_reset(o);
	fflush(stdout);
}
