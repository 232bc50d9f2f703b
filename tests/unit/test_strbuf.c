// SPDX-License-Identifier: GPL-2.0-only
/* test_strbuf.c: lists built in a fixed buffer: separators, exact fit, cut text, a full buffer. */
#include "tap.h"
#include "../../lib/strbuf.h"

static void join_ids(struct lc_strbuf *sb, const unsigned int *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		lc_strbuf_sep(sb, ", ");
		lc_strbuf_addf(sb, "%u", ids[i]);
	}
}

int main(void)
{
	const unsigned int ids[] = { 7, 19, 123 };
	struct lc_strbuf sb;
	char buf[64], small[8], one[1];

	lc_strbuf_init(&sb, buf, sizeof(buf));
	TAP_STREQ(buf, "", "a new buffer holds the empty string");
	join_ids(&sb, ids, 3);
	TAP_STREQ(buf, "7, 19, 123", "separators between items, none before the first");
	TAP_OK(sb.used == strlen(buf) && !sb.cut, "used counts the text; nothing was cut");

	lc_strbuf_init(&sb, small, sizeof(small));
	join_ids(&sb, ids, 2);
	TAP_STREQ(small, "7, 19", "text that fits is whole");
	lc_strbuf_addf(&sb, "xy");
	TAP_STREQ(small, "7, 19xy", "exactly size - 1 bytes fit");
	TAP_OK(!sb.cut && sb.used == 7, "an exact fit is not a cut");
	lc_strbuf_addf(&sb, "z");
	TAP_OK(sb.cut && sb.used == 7 && !strcmp(small, "7, 19xy"), "a full buffer takes nothing more");

	lc_strbuf_init(&sb, small, sizeof(small));
	join_ids(&sb, ids, 3);
	TAP_STREQ(small, "7, 19, ", "a list too long is cut at the buffer's end, NUL kept");
	TAP_OK(sb.cut && sb.used == 7, "and says so");
	lc_strbuf_sep(&sb, ", ");
	TAP_OK(sb.used == 7 && small[7] == '\0', "appending after a cut never overruns");

	lc_strbuf_init(&sb, one, sizeof(one));
	lc_strbuf_addf(&sb, "%s", "anything");
	TAP_OK(one[0] == '\0' && sb.cut, "a one-byte buffer stays the empty string");
	return TAP_DONE();
}
