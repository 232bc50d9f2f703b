// SPDX-License-Identifier: GPL-2.0-only
/* out.c: text or JSON from the same calls; JSON is built and printed by cJSON, once. */
/*
 * How JSON gets out. Text is printed at once. JSON is a cJSON tree, printed by out_flush
 * when the command ends, with one exception that keeps a listing's memory flat: each
 * element of a top-level array is printed as soon as it is closed and then dropped. Its
 * nodes come from an arena (json_arena.c) rewound after each element; its text is
 * appended to the pending output (in memory up to PENDING_MEM_MAX, then in an unlinked
 * temporary file), which out_flush writes between the brackets, or drops for {"error"}.
 * A printer that must wait before it can finish an element (link list, for the owner
 * scan) sets it aside: out_suspend prints what it has into a string, out_resume opens it
 * again, and the fields added then are joined to that string when it closes. Nothing
 * streams with -p (cJSON indents the whole tree) nor when batch sets `collect`.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json_arena.h"
#include "out.h"

#define PENDING_MEM_MAX (256 * 1024)

void out_init(struct out *o, bool json, bool pretty)
{
	memset(o, 0, sizeof(*o));
	o->json = json || pretty;
	o->pretty = pretty;
	o->text = stdout;
	json_arena_install();
}

static void pending_reset(struct out_pending *p)
{
	if (p->spill)
		fclose(p->spill);
	p->spill = NULL;
	p->len = 0;
	p->count = 0;
}

void out_reset(struct out *o)
{
	if (o->depth > 0 && o->stack[0] != o->doc)
		cJSON_Delete(o->stack[0]);      /* a dropped second root still open */
	cJSON_Delete(o->doc);       /* nodes in the arena are not freed one by one ... */
	json_arena_end(true);       /* ... but all at once */
	free(o->resumed);
	o->resumed = NULL;
	o->doc = NULL;
	o->depth = 0;
	o->failed = false;
	pending_reset(&o->pending);
}

void out_free(struct out *o)
{
	out_reset(o);
	free(o->pending.mem);
	free(o->elem_buf);
	o->pending.mem = o->elem_buf = NULL;
	o->pending.cap = o->elem_cap = 0;
	json_arena_free();
}

/* Append n bytes of s to the pending output: in memory while it is small, else to a file. */
static bool pending_append(struct out_pending *p, const char *s, size_t n)
{
	if (!n)
		return true;
	if (!p->spill && p->len + n > PENDING_MEM_MAX) {
		p->spill = tmpfile();
		if (p->spill && p->len && fwrite(p->mem, 1, p->len, p->spill) != p->len)
			return false;
		p->len = 0;
	}
	if (p->spill)
		return fwrite(s, 1, n, p->spill) == n;
	if (p->len + n > p->cap) {
		size_t cap = p->cap ? p->cap : 64 * 1024;
		char *bigger;

		while (p->len + n > cap)
			cap *= 2;
		bigger = realloc(p->mem, cap);
		if (!bigger)
			return false;
		p->mem = bigger;
		p->cap = cap;
	}
	memcpy(p->mem + p->len, s, n);
	p->len += n;
	return true;
}

/* elem printed, unformatted, into elem_buf (grown as needed); NULL when memory ran out. */
static const char *print_element(struct out *o, const cJSON *elem)
{
	size_t room = o->elem_cap ? o->elem_cap : 4096;

	for (;;) {
		if (room > INT_MAX)
			return NULL;
		if (room > o->elem_cap) {
			char *bigger = realloc(o->elem_buf, room);

			if (!bigger)
				return NULL;
			o->elem_buf = bigger;
			o->elem_cap = room;
		}
		if (cJSON_PrintPreallocated((cJSON *)elem, o->elem_buf, (int)room, false))
			return o->elem_buf;
		room *= 2;
	}
}

/*
 * The text of an element set aside and resumed: its first part, then the fields added
 * since ("{a}" and "{b}" make "{a,b}"). Into a malloc'd string in *joined.
 */
static const char *join_resumed(char *first, const char *rest, char **joined)
{
	size_t flen = strlen(first), rlen = strlen(rest);

	if (rlen <= 2)                  /* "{}": nothing was added */
		return first;
	if (flen <= 2)
		return rest;
	*joined = malloc(flen + rlen);
	if (!*joined)
		return NULL;
	memcpy(*joined, first, flen - 1);
	(*joined)[flen - 1] = ',';
	memcpy(*joined + flen, rest + 1, rlen);     /* with its NUL */
	return *joined;
}

/* The root array's only child is complete: print it onto the pending output and drop it. */
static void out_stream_element(struct out *o)
{
	cJSON *elem = cJSON_DetachItemViaPointer(o->doc, o->doc->child);
	const char *text = print_element(o, elem);
	char *joined = NULL;

	if (text && o->resumed)
		text = join_resumed(o->resumed, text, &joined);
	if (!text || (o->pending.count && !pending_append(&o->pending, ",", 1)) ||
	    !pending_append(&o->pending, text, strlen(text)))
		o->failed = true;
	o->pending.count++;
	free(joined);
	free(o->resumed);
	o->resumed = NULL;
	elem->child = NULL;         /* its nodes are all in the arena: no walk to free them ... */
	cJSON_Delete(elem);
	json_arena_end(true);       /* ... they are released at once */
}

/* Stream only plain lists: not for -p (indentation) nor when the tree is collected. */
static bool out_streaming(const struct out *o)
{
	return o->json && !o->pretty && !o->collect && o->doc && cJSON_IsArray(o->doc);
}

/* Attach item under the innermost open container (or make it the root). */
static void out_attach(struct out *o, const char *key, cJSON *item)
{
	cJSON *parent;

	if (!item)
		return;
	if (o->depth == 0) {
		if (o->doc) {           /* a second root: keep the first, drop this one ... */
			if (!cJSON_IsObject(item) && !cJSON_IsArray(item))
				cJSON_Delete(item);
			return;         /* ... a container when out_pop closes it */
		}
		o->doc = item;
		return;
	}
	parent = o->stack[o->depth - 1];
	if (cJSON_IsArray(parent) || !key)
		cJSON_AddItemToArray(parent, item);
	else    /* keys are string literals: no copy of each one */
		cJSON_AddItemToObjectCS(parent, key, item);
	if (o->depth == 1 && !cJSON_IsObject(item) && !cJSON_IsArray(item) && out_streaming(o))
		out_stream_element(o);  /* a scalar list element is complete at once */
}

static void out_push(struct out *o, const char *key, cJSON *item)
{
	if (!o->json)
		return;
	/* a list element: its nodes go to the arena (the element itself was made before) */
	if (o->depth == 1 && out_streaming(o))
		json_arena_begin();
	out_attach(o, key, item);
	if (o->depth < OUT_MAX_DEPTH)
		o->stack[o->depth++] = item;
}

static void out_pop(struct out *o)
{
	if (!o->json || o->depth == 0)
		return;
	o->depth--;
	if (o->depth == 0 && o->stack[0] != o->doc)
		cJSON_Delete(o->stack[0]);      /* a dropped second root */
	if (o->depth == 1 && out_streaming(o))
		out_stream_element(o);
}

bool out_can_suspend(const struct out *o)
{
	return o->json && !o->pretty && !o->collect;
}

char *out_suspend(struct out *o)
{
	const char *text;
	char *first;
	cJSON *elem;

	if (o->depth != 2 || !out_streaming(o) || o->resumed)
		return NULL;
	o->depth = 1;
	text = print_element(o, o->doc->child);
	first = text ? strdup(text) : NULL;
	if (!first)
		o->failed = true;
	elem = cJSON_DetachItemViaPointer(o->doc, o->doc->child);
	elem->child = NULL;         /* in the arena, as in out_stream_element */
	cJSON_Delete(elem);
	json_arena_end(true);
	return first;
}

void out_resume(struct out *o, char *first)
{
	if (!first || o->depth != 1 || !out_streaming(o) || o->doc->child) {
		free(first);
		return;
	}
	out_open_object(o, NULL);
	o->resumed = first;
}

void out_discard(char *first)
{
	free(first);
}

void out_open_object(struct out *o, const char *key)
{
	out_push(o, key, o->json ? cJSON_CreateObject() : NULL);
}

void out_close_object(struct out *o)
{
	out_pop(o);
}

void out_open_array(struct out *o, const char *key)
{
	out_push(o, key, o->json ? cJSON_CreateArray() : NULL);
}

void out_close_array(struct out *o)
{
	out_pop(o);
}

/*
 * The text form of one field: fmt takes the one value that follows, of the type the
 * caller's prototype fixed. Declared like vprintf (format index 0): the callers pass on
 * their own checked format, which gcc and clang accept only into such a function.
 */
static void OUT_FORMAT(2) text_value(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(o->text, fmt, ap);
	va_end(ap);
}

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* The escape of control byte c, as JSON writes it; returns its length. */
static size_t escape_control(unsigned char c, char *out)
{
	static const char short_forms[] = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
					    ['\f'] = 'f', ['\r'] = 'r' };

	if (c < sizeof(short_forms) && short_forms[c])
		return (size_t)snprintf(out, 8, "\\%c", short_forms[c]);
	return (size_t)snprintf(out, 8, "\\u%04x", c);
}

const char *out_text_escape(const char *s, char *buf, size_t len, char **heap)
{
	size_t need = 1, used = 0;
	char *dst;

	*heap = NULL;
	for (const char *p = s; *p; p++)
		need += is_control((unsigned char)*p) ? 6 : 1;
	if (need == strlen(s) + 1)
		return s;
	dst = need <= len ? buf : (*heap = malloc(need));
	if (!dst)
		return "(out of memory)";
	for (const char *p = s; *p; p++)
		if (is_control((unsigned char)*p))
			used += escape_control((unsigned char)*p, dst + used);
		else
			dst[used++] = *p;
	dst[used] = '\0';
	return dst;
}

void out_text_name(struct out *o, const char *fmt, const char *s)
{
	char small[256], *heap;

	if (o->json || !fmt)
		return;
	text_value(o, fmt, out_text_escape(s ? s : "-", small, sizeof(small), &heap));
	free(heap);
}

void out_text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->text, fmt, ap);
	va_end(ap);
}

/* Decimal digits of v, written backwards from end; returns the first digit. A listing
 * formats a dozen integers per link: snprintf's format parsing was a sixth of its time. */
static char *decimal(unsigned long long v, char *end)
{
	*--end = '\0';
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* Integers go in as raw text: cJSON stores doubles, which lose 64-bit values. */
void out_json_u64(struct out *o, const char *key, unsigned long long v)
{
	char num[24];

	if (o->json)
		out_attach(o, key, cJSON_CreateRaw(decimal(v, num + sizeof(num))));
}

void out_json_u32(struct out *o, const char *key, unsigned int v)
{
	out_json_u64(o, key, v);
}

void out_json_i64(struct out *o, const char *key, long long v)
{
	char num[24], *digits;

	if (!o->json)
		return;
	/* the magnitude as unsigned: -LLONG_MIN does not fit a long long */
	digits = decimal(v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v,
			 num + sizeof(num));
	if (v < 0)
		*--digits = '-';
	out_attach(o, key, cJSON_CreateRaw(digits));
}

void out_u32(struct out *o, const char *key, const char *fmt, unsigned int v)
{
	if (o->json)
		out_json_u64(o, key, v);
	else
		text_value(o, fmt, v);
}

void out_u64(struct out *o, const char *key, const char *fmt, unsigned long long v)
{
	if (o->json)
		out_json_u64(o, key, v);
	else
		text_value(o, fmt, v);
}

void out_i64(struct out *o, const char *key, const char *fmt, long long v)
{
	if (o->json)
		out_json_i64(o, key, v);
	else
		text_value(o, fmt, v);
}

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes there are not one. */
static size_t utf8_seq_len(const unsigned char *s)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 :
		     s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;

	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, UTF-16 surrogates and code points past U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

size_t out_utf8_clean(const char *s, char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0, kept = 0;     /* kept: written to buf, a prefix of whole sequences */

	while (*p) {
		size_t n = utf8_seq_len(p);
		const char *piece = n ? (const char *)p : "\xef\xbf\xbd";    /* U+FFFD */
		size_t piece_len = n ? n : 3;

		/* once one piece did not fit, a smaller later one must not: no gap before the NUL */
		if (kept == used && used + piece_len < len) {
			memcpy(buf + used, piece, piece_len);
			kept += piece_len;
		}
		used += piece_len;
		p += n ? n : 1;
	}
	if (len)
		buf[kept] = '\0';
	return used;
}

/*
 * Paths, process names and device names are bytes, not necessarily UTF-8, and JSON must
 * be: a byte that is not part of a valid sequence becomes U+FFFD (as iconv -c would drop
 * it, and JSON parsers would refuse it). Text mode prints the bytes as they are.
 */
cJSON *out_json_string(const char *s)
{
	size_t len = strlen(s), i = 0, need;
	unsigned char high = 0;
	char small[256], *buf;
	cJSON *item;

	/* ASCII, nearly always: a listing has five strings a link, so eight bytes at a time */
	for (; i + 8 <= len && !high; i += 8) {
		uint64_t word;

		memcpy(&word, s + i, sizeof(word));
		high = (word & 0x8080808080808080ULL) != 0;
	}
	for (; i < len && !high; i++)
		high = (unsigned char)s[i] & 0x80;
	if (!high)
		return cJSON_CreateString(s);
	need = out_utf8_clean(s, small, sizeof(small)) + 1;
	if (need <= sizeof(small))
		return cJSON_CreateString(small);
	buf = malloc(need);
	if (!buf)
		return NULL;
	out_utf8_clean(s, buf, need);
	item = cJSON_CreateString(buf);
	free(buf);
	return item;
}

void out_json_str(struct out *o, const char *key, const char *s)
{
	if (o->json)
		out_attach(o, key, s ? out_json_string(s) : cJSON_CreateNull());
}

void out_str(struct out *o, const char *key, const char *fmt, const char *s)
{
	if (o->json)
		out_json_str(o, key, s);
	else
		out_text_name(o, fmt, s);
}

void out_time(struct out *o, const char *key, const char *ms_key, const char *fmt,
	      long long epoch_ms)
{
	time_t secs = (time_t)(epoch_ms / 1000);
	char stamp[40] = "";
	struct tm tm;

	if (gmtime_r(&secs, &tm))
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	out_str(o, key, fmt, stamp);
	out_json_i64(o, ms_key, epoch_ms);
}

void out_json_bool(struct out *o, const char *key, bool v)
{
	if (o->json)
		out_attach(o, key, cJSON_CreateBool(v));
}

void out_bool(struct out *o, const char *key, const char *fmt, bool v)
{
	if (o->json)
		out_json_bool(o, key, v);
	else
		text_value(o, fmt, v ? "yes" : "no");
}

void out_null(struct out *o, const char *key, const char *text)
{
	if (o->json)
		out_attach(o, key, cJSON_CreateNull());
	else if (text)
		fputs(text, o->text);
}

void out_set_error(struct out *o, const char *msg, const char *code)
{
	if (!o->json)
		return;
	out_reset(o);
	o->doc = cJSON_CreateObject();
	cJSON_AddItemToObject(o->doc, "error", out_json_string(msg));
	cJSON_AddItemToObject(o->doc, "code", cJSON_CreateString(code));
}

cJSON *out_take(struct out *o)
{
	cJSON *doc = o->doc;

	o->doc = NULL;
	o->depth = 0;           /* callers that take documents set `collect`: nothing streamed */
	return doc;
}

/*
 * cJSON indents with tabs and puts a tab after "key":; -p indents with four spaces as
 * bpftool does. A tab inside a string is escaped (\t), so every raw tab is layout.
 */
static void print_spaces_for_tabs(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p != '\t')
			fputc(*p, stdout);
		else
			fputs(p > s && p[-1] == ':' ? " " : "    ", stdout);
	}
}

void out_print_tree(const struct out *o, const cJSON *tree)
{
	char *s;

	if (!tree)
		return;
	s = o->pretty ? cJSON_Print(tree) : cJSON_PrintUnformatted(tree);
	if (s) {
		if (o->pretty)
			print_spaces_for_tabs(s);
		else
			fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}

/* "[" the pending elements "]": what a streamed list prints. */
static bool print_pending(struct out_pending *p)
{
	char chunk[64 * 1024];
	ssize_t n = 0;

	fputc('[', stdout);
	if (p->spill) {     /* read by its fd: cmd/ reads lines through lineread.c alone */
		if (fflush(p->spill) || lseek(fileno(p->spill), 0, SEEK_SET))
			return false;
		while ((n = read(fileno(p->spill), chunk, sizeof(chunk))) > 0)
			fwrite(chunk, 1, (size_t)n, stdout);
		if (n < 0)
			return false;
	} else if (p->len) {        /* an empty list has no buffer (fwrite must not get NULL) */
		fwrite(p->mem, 1, p->len, stdout);
	}
	fputs("]\n", stdout);
	return true;
}

bool out_flush(struct out *o)
{
	bool ok = true;

	if (o->collect) {       /* batch takes the document when the command ends */
		fflush(stdout);
		return true;
	}
	if (o->json && o->depth == 0 && !o->failed && out_streaming(o) && !o->doc->child) {
		ok = print_pending(&o->pending);
	} else if (o->json && o->failed) {
		out_set_error(o, "cannot print the output: out of memory", "internal");
		out_print_tree(o, o->doc);
		ok = false;
	} else if (o->json && o->doc) {
		out_print_tree(o, o->doc);
	}
	out_reset(o);
	fflush(stdout);
	return ok;
}
