// SPDX-License-Identifier: GPL-2.0-only
/* test_out.c: unit tests of the output layer's JSON writer: documents, escapes, errors, out_take. */
#include <stdlib.h>

#include "tap.h"
#include "../../cmd/out.h"

/* The document as it would be printed, without the trailing newline. */
static char *doc_text(struct out *o)
{
	cJSON *doc = out_take(o);
	char *s = doc ? cJSON_PrintUnformatted(doc) : NULL;

	cJSON_Delete(doc);
	return s;
}

static void test_object_and_array(void)
{
	struct out o;
	char *s;

	out_init(&o, true, false);
	out_open_object(&o, NULL);
	out_u64(&o, "id", "%llu", 18446744073709551615ULL);
	out_i64(&o, "prio", "%lld", -9223372036854775807LL - 1);
	out_str(&o, "name", "%s", "xdp");
	out_str(&o, "gone", "%s", NULL);
	out_bool(&o, "defunct", "%s", true);
	out_open_array(&o, "pinned");
	out_str(&o, NULL, "%s", "/sys/fs/bpf/a");
	out_str(&o, NULL, "%s", "/sys/fs/bpf/b");
	out_close_array(&o);
	out_open_array(&o, "pids");
	out_close_array(&o);
	out_close_object(&o);
	TAP_STREQ(o.buf ? (o.buf[o.len] = '\0', o.buf) : NULL,
		  "{\"id\":18446744073709551615,\"prio\":-9223372036854775808,\"name\":\"xdp\","
		  "\"gone\":null,\"defunct\":true,\"pinned\":[\"/sys/fs/bpf/a\",\"/sys/fs/bpf/b\"],"
		  "\"pids\":[]}", "one object, exact 64-bit integers, nested arrays");
	s = doc_text(&o);
	TAP_STREQ(s, "{\"id\":18446744073709551615,\"prio\":-9223372036854775808,\"name\":\"xdp\","
		  "\"gone\":null,\"defunct\":true,\"pinned\":[\"/sys/fs/bpf/a\",\"/sys/fs/bpf/b\"],"
		  "\"pids\":[]}", "out_take keeps integers exact");
	free(s);
	TAP_OK(o.len == 0 && !o.has_root, "out_take leaves the layer empty");
}

static void test_escapes(void)
{
	struct out o;
	cJSON *doc;

	out_init(&o, true, false);
	out_open_object(&o, NULL);
	out_str(&o, "path", NULL, "a\"b\\c\nd\te\x01" "f\xc3\xa9");
	out_close_object(&o);
	o.buf[o.len] = '\0';
	TAP_STREQ(o.buf, "{\"path\":\"a\\\"b\\\\c\\nd\\te\\u0001f\xc3\xa9\"}", "strings are escaped");
	doc = out_take(&o);
	TAP_STREQ(doc ? cJSON_GetStringValue(cJSON_GetObjectItem(doc, "path")) : NULL,
		  "a\"b\\c\nd\te\x01" "f\xc3\xa9", "escapes parse back to the original bytes");
	cJSON_Delete(doc);
}

static void test_error_and_second_root(void)
{
	struct out o;
	char *s;

	out_init(&o, true, false);
	out_open_array(&o, NULL);
	out_open_object(&o, NULL);
	out_u32(&o, "id", NULL, 1);
	out_set_error(&o, "no link with id 7");
	s = doc_text(&o);
	TAP_STREQ(s, "{\"error\":\"no link with id 7\"}", "an error replaces a half-written document");
	free(s);

	out_open_object(&o, NULL);
	out_u32(&o, "a", NULL, 1);
	out_close_object(&o);
	out_open_object(&o, NULL);
	out_u32(&o, "b", NULL, 2);
	out_close_object(&o);
	s = doc_text(&o);
	TAP_STREQ(s, "{\"a\":1}", "a second root value is dropped");
	free(s);

	out_open_array(&o, NULL);
	out_open_object(&o, NULL);
	out_u32(&o, "id", NULL, 3);
	s = doc_text(&o);
	TAP_STREQ(s, "[{\"id\":3}]", "containers left open are closed");
	free(s);
}

static void test_depth_limit(void)
{
	struct out o;
	char *s;

	out_init(&o, true, false);
	for (int i = 0; i < OUT_MAX_DEPTH + 3; i++)
		out_open_array(&o, NULL);
	out_u32(&o, NULL, NULL, 5);
	for (int i = 0; i < OUT_MAX_DEPTH + 3; i++)
		out_close_array(&o);
	s = doc_text(&o);
	TAP_OK(s && cJSON_Parse(s) != NULL, "containers past the depth limit still give valid JSON");
	free(s);
}

static void test_pretty_and_text(void)
{
	struct out o;

	out_init(&o, false, true);
	out_open_object(&o, NULL);
	out_u32(&o, "id", NULL, 4);
	out_open_array(&o, "pids");
	out_close_array(&o);
	out_close_object(&o);
	o.buf[o.len] = '\0';
	TAP_STREQ(o.buf, "{\n\t\"id\": 4,\n\t\"pids\": []\n}", "-p indents with tabs");
	out_reset(&o);

	out_init(&o, false, false);
	TAP_OK(!o.json, "text mode");
	out_open_object(&o, NULL);
	out_u32(&o, "id", NULL, 4);
	out_close_object(&o);
	TAP_OK(o.len == 0 && !o.has_root, "text mode builds no document");
}

int main(void)
{
	test_object_and_array();
	test_escapes();
	test_error_and_second_root();
	test_depth_limit();
	test_pretty_and_text();
	return TAP_DONE();
}
