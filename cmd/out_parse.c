// SPDX-License-Identifier: GPL-2.0-only
/*
 * out_parse.c: JSON text back into a cJSON tree for out_take(). cJSON's own parser
 * turns numbers into doubles, which round 64-bit IDs, addresses and cookies; here a
 * number keeps its text as a raw node and prints back exactly as it was written.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"

static cJSON *parse_value(const char **p, int depth);

static void skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static int hex_value(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* One \uXXXX code point (BMP) as UTF-8 into out; returns the bytes written, 0 on error. */
static size_t utf8_encode(int cp, char *out)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* A quoted string at *p, unescaped into a malloc'd buffer. */
static char *parse_string(const char **p)
{
	const char *s = *p + 1, *end = s;
	char *str, *w;

	while (*end && *end != '"')
		end += *end == '\\' && end[1] ? 2 : 1;
	if (*end != '"' || !(str = malloc((size_t)(end - s) + 1)))
		return NULL;
	for (w = str; s < end; s++) {
		static const char from[] = "nrtbf\"\\/", to[] = "\n\r\t\b\f\"\\/";
		const char *k;

		if (*s != '\\') {
			*w++ = *s;
		} else if (s[1] == 'u' && end - s >= 6 && hex_value(s + 2) >= 0) {
			w += utf8_encode(hex_value(s + 2), w);
			s += 5;
		} else if ((k = strchr(from, s[1])) && s[1]) {
			*w++ = to[k - from];
			s++;
		}
	}
	*w = '\0';
	*p = end + 1;
	return str;
}

static cJSON *parse_container(const char **p, int depth, char close)
{
	cJSON *c = close == '}' ? cJSON_CreateObject() : cJSON_CreateArray(), *item;
	char *key = NULL;

	(*p)++;
	for (skip_space(p); c && **p && **p != close; skip_space(p)) {
		if (close == '}') {
			if (**p != '"' || !(key = parse_string(p)))
				break;
			skip_space(p);
			if (**p != ':')
				break;
			(*p)++;
		}
		item = parse_value(p, depth + 1);
		if (!item)
			break;
		if (key)
			cJSON_AddItemToObject(c, key, item);
		else
			cJSON_AddItemToArray(c, item);
		free(key);
		key = NULL;
		skip_space(p);
		if (**p == ',')
			(*p)++;
	}
	free(key);
	if (!c || **p != close) {
		cJSON_Delete(c);
		return NULL;
	}
	(*p)++;
	return c;
}

static cJSON *parse_value(const char **p, int depth)
{
	const char *start;
	char *text;
	cJSON *v;

	skip_space(p);
	if (depth > 64)
		return NULL;
	switch (**p) {
	case '{': return parse_container(p, depth, '}');
	case '[': return parse_container(p, depth, ']');
	case '"':
		text = parse_string(p);
		v = text ? cJSON_CreateString(text) : NULL;
		free(text);
		return v;
	}
	if (!strncmp(*p, "true", 4) || !strncmp(*p, "false", 5)) {
		v = cJSON_CreateBool(**p == 't');
		*p += **p == 't' ? 4 : 5;
		return v;
	}
	if (!strncmp(*p, "null", 4)) {
		*p += 4;
		return cJSON_CreateNull();
	}
	for (start = *p; strchr("-+.0123456789eE", **p) && **p; (*p)++)
		;
	if (*p == start || !(text = strndup(start, (size_t)(*p - start))))
		return NULL;
	v = cJSON_CreateRaw(text);
	free(text);
	return v;
}

cJSON *out_parse(const char *json)
{
	const char *p = json;
	cJSON *doc = parse_value(&p, 0);

	skip_space(&p);
	if (doc && *p) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}
