// SPDX-License-Identifier: GPL-2.0-only
/* test_out.c: unit tests of the output layer's JSON side (built and printed by cJSON). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "../../cmd/out.h"

/* Run out_flush with stdout sent to a temporary file; return what it printed. */
static char *flush_to_string(struct out *o)
{
	static char text[4 << 20];
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	size_t n;

	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	out_flush(o);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(text, 1, sizeof(text) - 1, tmp);
	text[n] = '\0';
	fclose(tmp);
	return text;
}

static void list_of_links(struct out *o, int n)
{
	out_open_array(o, NULL);
	for (int i = 1; i <= n; i++) {
		out_open_object(o, NULL);
		out_json_u32(o, "id", (unsigned int)i);
		out_json_str(o, "type", "xdp");
		out_open_array(o, "pids");
		out_open_object(o, NULL);
		out_json_i64(o, "pid", 100 + i);
		out_close_object(o);
		out_close_array(o);
		out_close_object(o);
	}
	out_close_array(o);
}

static void test_exact_integers_and_escapes(void)
{
	struct out o;

	out_init(&o, true, false);
	out_open_object(&o, NULL);
	out_json_u64(&o, "cookie", 18446744073709551615ULL);
	out_json_i64(&o, "prio", -9223372036854775807LL - 1);
	out_json_str(&o, "path", "a\"b\\c\nd\te\x01" "f\xc3\xa9");
	out_json_str(&o, "gone", NULL);
	out_json_bool(&o, "defunct", true);
	out_close_object(&o);
	TAP_STREQ(flush_to_string(&o), "{\"cookie\":18446744073709551615,\"prio\":-9223372036854775808,"
		  "\"path\":\"a\\\"b\\\\c\\nd\\te\\u0001f\xc3\xa9\",\"gone\":null,\"defunct\":true}\n",
		  "64-bit integers exact, strings escaped by cJSON, null and bool");
	out_free(&o);
}

static void test_streamed_list_equals_tree(void)
{
	struct out streamed, collected;
	char *a;
	cJSON *tree;

	out_init(&streamed, true, false);
	list_of_links(&streamed, 300);
	a = strdup(flush_to_string(&streamed));
	out_init(&collected, true, false);
	collected.collect = true;
	list_of_links(&collected, 300);
	tree = out_take(&collected);
	TAP_OK(tree && cJSON_GetArraySize(tree) == 300, "collect keeps the whole tree for out_take");
	cJSON_Delete(tree);
	out_init(&collected, true, false);
	collected.collect = true;
	list_of_links(&collected, 300);
	collected.collect = false;      /* built whole; now print it (collect suppresses flush) */
	TAP_STREQ(flush_to_string(&collected), a, "a streamed list prints exactly as the whole tree");
	TAP_OK(!strncmp(a, "[{\"id\":1,\"type\":\"xdp\",\"pids\":[{\"pid\":101}]},{\"id\":2,", 48),
	       "streamed elements in order, comma-joined");
	free(a);
	out_free(&streamed);
	out_free(&collected);
}

/* Elements bigger than an arena chunk (64 KiB): many nodes, and one string of 200 KB. */
static void big_list(struct out *o, const char *big)
{
	out_open_array(o, NULL);
	for (int i = 1; i <= 3; i++) {
		out_open_object(o, NULL);
		out_json_u32(o, "id", (unsigned int)i);
		out_json_str(o, "big", big);
		out_open_array(o, "pids");
		for (int p = 0; p < 5000; p++) {
			out_open_object(o, NULL);
			out_json_i64(o, "pid", p);
			out_json_str(o, "comm", "holder");
			out_close_object(o);
		}
		out_close_array(o);
		out_close_object(o);
	}
	out_close_array(o);
}

static void test_elements_beyond_one_arena_chunk(void)
{
	static char big[200001];
	struct out streamed, whole;
	char *a;

	memset(big, 'x', sizeof(big) - 1);
	out_init(&streamed, true, false);
	big_list(&streamed, big);
	a = strdup(flush_to_string(&streamed));
	out_init(&whole, true, false);
	whole.collect = true;
	big_list(&whole, big);
	whole.collect = false;
	TAP_OK(a && strlen(a) > 3 * 200000 && !strcmp(flush_to_string(&whole), a),
	       "elements larger than an arena chunk print as the whole tree does");
	TAP_OK(a && strstr(a, "{\"pid\":4999,\"comm\":\"holder\"}]}]\n"), "the last node of the last element is there");
	/* an error while an element is half built in the arena */
	out_open_array(&streamed, NULL);
	out_open_object(&streamed, NULL);
	out_json_str(&streamed, "big", big);
	out_set_error(&streamed, "walk failed", "internal");
	TAP_STREQ(flush_to_string(&streamed), "{\"error\":\"walk failed\",\"code\":\"internal\"}\n",
		  "an error inside an element built in the arena replaces the document");
	list_of_links(&streamed, 2);
	TAP_STREQ(flush_to_string(&streamed),
		  "[{\"id\":1,\"type\":\"xdp\",\"pids\":[{\"pid\":101}]},{\"id\":2,\"type\":\"xdp\",\"pids\":[{\"pid\":102}]}]\n",
		  "the layer (and its arena) works again after the error");
	free(a);
	out_free(&streamed);
	out_free(&whole);
}

/* A listing past the pending output's memory part goes through the spill file, unchanged. */
static void test_long_list_spills(void)
{
	struct out streamed, whole;
	char *a;

	out_init(&streamed, true, false);
	list_of_links(&streamed, 40000);    /* about 2 MB of JSON */
	TAP_OK(streamed.pending.spill != NULL, "a list past 256 KiB of JSON goes to the spill file");
	TAP_OK(streamed.pending.cap <= 256 * 1024, "the memory part stays at most 256 KiB");
	a = strdup(flush_to_string(&streamed));
	out_init(&whole, true, false);
	whole.collect = true;
	list_of_links(&whole, 40000);
	whole.collect = false;
	TAP_OK(a && strlen(a) > 1024 * 1024 && !strcmp(flush_to_string(&whole), a),
	       "a spilled list prints exactly as the whole tree");
	list_of_links(&streamed, 40000);
	out_set_error(&streamed, "walk failed", "internal");
	TAP_STREQ(flush_to_string(&streamed), "{\"error\":\"walk failed\",\"code\":\"internal\"}\n",
		  "an error drops a spilled list");
	TAP_OK(!streamed.pending.spill, "and closes its file");
	free(a);
	out_free(&streamed);
	out_free(&whole);
}

/* Elements built in two parts, the first parts set aside (as link list does while it scans). */
static void test_suspended_elements(void)
{
	struct out o;
	char *aside[3];
	char want[512];

	out_init(&o, true, false);
	list_of_links(&o, 4);
	snprintf(want, sizeof(want), "%s", flush_to_string(&o));
	out_open_array(&o, NULL);
	for (int i = 0; i < 3; i++) {
		out_open_object(&o, NULL);
		out_json_u32(&o, "id", (unsigned int)i + 1);
		out_json_str(&o, "type", "xdp");
		aside[i] = out_suspend(&o);
	}
	for (int i = 0; i < 3; i++) {
		out_resume(&o, aside[i]);
		out_open_array(&o, "pids");
		out_open_object(&o, NULL);
		out_json_i64(&o, "pid", 101 + i);
		out_close_object(&o);
		out_close_array(&o);
		out_close_object(&o);
	}
	out_open_object(&o, NULL);
	out_json_u32(&o, "id", 4);
	out_json_str(&o, "type", "xdp");
	out_open_array(&o, "pids");
	out_open_object(&o, NULL);
	out_json_i64(&o, "pid", 104);
	out_close_object(&o);
	out_close_array(&o);
	out_close_object(&o);
	out_close_array(&o);
	TAP_STREQ(flush_to_string(&o), want, "elements set aside and completed later print as if built at once");
	out_open_array(&o, NULL);
	out_open_object(&o, NULL);
	out_json_u32(&o, "id", 9);
	out_discard(out_suspend(&o));
	out_json_u32(&o, NULL, 5);
	out_close_array(&o);
	TAP_STREQ(flush_to_string(&o), "[5]\n", "a discarded element is not printed");
	out_open_array(&o, NULL);
	out_open_object(&o, NULL);
	aside[0] = out_suspend(&o);
	out_set_error(&o, "scan failed", "internal");
	out_discard(aside[0]);
	TAP_STREQ(flush_to_string(&o), "{\"error\":\"scan failed\",\"code\":\"internal\"}\n", "an error with an element set aside");
	out_free(&o);
	out_init(&o, false, false);
	TAP_OK(!out_can_suspend(&o), "text is printed at once: nothing to set aside");
	out_free(&o);
}

static void test_utf8_clean(void)
{
	static const struct { const char *in, *want, *name; } cases[] = {
		{ "plain", "plain", "ASCII unchanged" },
		{ "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80", "valid 2- and 4-byte sequences kept" },
		{ "a\xff" "b", "a\xef\xbf\xbd" "b", "a stray byte becomes U+FFFD" },
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "an overlong '/' is two replacements" },
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "a UTF-16 surrogate is not UTF-8" },
		{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "past U+10FFFF" },
		{ "end\xe2\x82", "end\xef\xbf\xbd\xef\xbf\xbd", "a sequence cut by the end of the string" },
	};
	char buf[64];
	struct out o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out_utf8_clean(cases[i].in, buf, sizeof(buf));
		TAP_STREQ(buf, cases[i].want, cases[i].name);
	}
	TAP_OK(out_utf8_clean("\xff\xff", buf, 4) == 6 && !strcmp(buf, "\xef\xbf\xbd"),
	       "a short buffer: the length needed, the output cut at a whole character");
	memset(buf, 'G', sizeof(buf));
	TAP_OK(out_utf8_clean("ab\xff" "cd", buf, 5) == 7 && !strcmp(buf, "ab"),
	       "a short buffer: nothing after the first piece that does not fit (no gap of garbage)");
	memset(buf, 'G', sizeof(buf));
	TAP_OK(out_utf8_clean("x", buf, 1) == 1 && buf[0] == '\0', "a one-byte buffer holds the NUL");
	out_init(&o, true, false);
	out_open_object(&o, NULL);
	out_json_str(&o, "path", "/sys/fs/bpf/\xffx");
	out_close_object(&o);
	TAP_STREQ(flush_to_string(&o), "{\"path\":\"/sys/fs/bpf/\xef\xbf\xbdx\"}\n",
		  "JSON strings are valid UTF-8 whatever the bytes");
	out_free(&o);
}

static void test_error_replaces_document(void)
{
	struct out o;

	out_init(&o, true, false);
	list_of_links(&o, 5);       /* already streamed into the buffer */
	out_set_error(&o, "no link with id 7", "not_found");
	TAP_STREQ(flush_to_string(&o), "{\"error\":\"no link with id 7\",\"code\":\"not_found\"}\n",
		  "an error replaces a half-written (even streamed) document");
	out_free(&o);
}

static void test_roots_and_empty(void)
{
	struct out o;

	out_init(&o, true, false);
	out_open_object(&o, NULL);
	out_json_u32(&o, "a", 1);
	out_close_object(&o);
	out_open_object(&o, NULL);
	out_json_u32(&o, "b", 2);
	out_close_object(&o);
	TAP_STREQ(flush_to_string(&o), "{\"a\":1}\n", "a second root value is dropped");
	out_open_array(&o, NULL);
	out_close_array(&o);
	TAP_STREQ(flush_to_string(&o), "[]\n", "an empty list is []");
	out_open_array(&o, NULL);
	out_json_u32(&o, NULL, 7);
	out_json_u32(&o, NULL, 8);
	out_close_array(&o);
	TAP_STREQ(flush_to_string(&o), "[7,8]\n", "scalar list elements stream too");
	out_free(&o);
}

static void test_pretty_and_text(void)
{
	struct out o;

	out_init(&o, false, true);
	TAP_OK(o.json, "-p implies JSON");
	list_of_links(&o, 1);
	TAP_STREQ(flush_to_string(&o), "[{\n        \"id\": 1,\n        \"type\": \"xdp\",\n        \"pids\": [{\n"
		  "                \"pid\": 101\n            }]\n    }]\n",
		  "-p prints cJSON's indented form with four spaces a level, not streamed");
	out_free(&o);
	char text[64] = "";
	FILE *sink = tmpfile();

	out_init(&o, false, false);
	o.text = sink;
	out_open_object(&o, NULL);
	out_u32(&o, "id", "%u:", 4);
	out_str(&o, "type", " %s\n", "xdp");
	out_close_object(&o);
	TAP_STREQ(flush_to_string(&o), "", "text mode prints no document at the end");
	rewind(sink);
	text[fread(text, 1, sizeof(text) - 1, sink)] = '\0';
	fclose(sink);
	TAP_STREQ(text, "4: xdp\n", "text goes out at once through the formats");
	TAP_OK(!o.doc, "text mode builds no tree");
	out_free(&o);
}

int main(void)
{
	test_exact_integers_and_escapes();
	test_streamed_list_equals_tree();
	test_error_replaces_document();
	test_elements_beyond_one_arena_chunk();
	test_suspended_elements();
	test_long_list_spills();
	test_utf8_clean();
	test_roots_and_empty();
	test_pretty_and_text();
	return TAP_DONE();
}
