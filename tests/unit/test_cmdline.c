// SPDX-License-Identifier: GPL-2.0-only
/* test_cmdline.c: unit tests of the batch/shell tokenizer (quotes, escapes, comments, limits). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "tap.h"
#include "../../cmd/cmdline.h"
#include "../../lib/strbuf.h"

/* Split line and join the words with '|' so one string comparison checks them all. */
static const char *split_joined(const char *line, size_t len, char *joined, size_t cap, int *rc)
{
	struct cmdline cl;
	struct lc_strbuf sb;
	char msg[128] = "";

	*rc = cmdline_split(line, len, &cl, msg, sizeof(msg));
	if (*rc) {
		snprintf(joined, cap, "%s", *rc == CMDLINE_CONTINUE ? "CONTINUE" : msg);
		return joined;
	}
	lc_strbuf_init(&sb, joined, cap);
	for (int i = 0; i < cl.argc; i++) {
		lc_strbuf_sep(&sb, "|");
		lc_strbuf_addf(&sb, "[%s]", cl.argv[i]);
	}
	if (cl.argv[cl.argc] != NULL)
		snprintf(joined, cap, "argv not NULL-terminated");
	cmdline_free(&cl);
	return joined;
}

#define SPLIT(line, want, name) do { \
	char j_[512]; int rc_; \
	TAP_STREQ(split_joined(line, strlen(line), j_, sizeof(j_), &rc_), want, name); \
} while (0)

#define SPLIT_FAILS(line, len, want, name) do { \
	char j_[512]; int rc_; \
	const char *got_ = split_joined(line, len, j_, sizeof(j_), &rc_); \
	TAP_OK(rc_ == -EINVAL, name " (-EINVAL)"); \
	TAP_STREQ(got_, want, name); \
} while (0)

static void test_words(void)
{
	SPLIT("prog list", "[prog]|[list]", "two words");
	SPLIT("  prog \t show   id 7  ", "[prog]|[show]|[id]|[7]", "blanks and tabs separate");
	SPLIT("prog list\r\n", "[prog]|[list]", "CR LF is blank");
	SPLIT("", "", "empty line has no words");
	SPLIT("   \t ", "", "blank line has no words");
}

static void test_comments(void)
{
	SPLIT("# a comment", "", "comment line");
	SPLIT("   # indented comment", "", "indented comment");
	SPLIT("prog list # trailing", "[prog]|[list]", "trailing comment");
	SPLIT("pin /sys/fs/bpf/a#b", "[pin]|[/sys/fs/bpf/a#b]", "# inside a word is literal");
	SPLIT("pin \"#x\" '#y'", "[pin]|[#x]|[#y]", "# inside quotes is literal");
	SPLIT("prog list # ends in \\", "[prog]|[list]", "backslash in a comment continues nothing");
}

static void test_quotes(void)
{
	SPLIT("pin \"/sys/fs/bpf/a b\"", "[pin]|[/sys/fs/bpf/a b]", "double quotes keep blanks");
	SPLIT("pin '/x y/z'", "[pin]|[/x y/z]", "single quotes keep blanks");
	SPLIT("a\"b c\"'d e'f", "[ab cd ef]", "adjacent parts make one word");
	SPLIT("\"\" x ''", "[]|[x]|[]", "empty quotes are empty words");
	SPLIT("'a\\b' '\"'", "[a\\b]|[\"]", "single quotes keep backslash and double quote");
	SPLIT("\"a\\\"b\" \"c\\\\d\" \"e\\nf\"", "[a\"b]|[c\\d]|[e\\nf]",
	      "in double quotes only \\\" and \\\\ are escapes");
	SPLIT("\"it's\"", "[it's]", "single quote inside double quotes");
}

static void test_escapes(void)
{
	SPLIT("a\\ b c", "[a b]|[c]", "escaped blank joins");
	SPLIT("\\\"x \\'y \\#z", "[\"x]|['y]|[#z]", "escaped quotes and hash are literal");
	SPLIT("x \\\\", "[x]|[\\]", "escaped backslash at the end is a word");
}

static void test_continuation(void)
{
	SPLIT("prog \\", "CONTINUE", "final backslash continues");
	SPLIT("prog\\", "CONTINUE", "final backslash right after a word continues");
	SPLIT("\\", "CONTINUE", "lone backslash continues");
}

static bool longest_fits(const char *line)
{
	struct cmdline cl;
	char msg[128];
	bool ok;

	if (cmdline_split(line, strlen(line), &cl, msg, sizeof(msg)))
		return false;
	ok = cl.argc == 1 && strlen(cl.argv[0]) == CMDLINE_MAX_LEN;
	cmdline_free(&cl);
	return ok;
}

static void test_errors(void)
{
	char *long_line;

	SPLIT_FAILS("pin \"abc", 8, "unterminated double quote (opened at column 5)", "open double");
	SPLIT_FAILS("x 'abc", 6, "unterminated single quote (opened at column 3)", "open single");
	SPLIT_FAILS("pin \"abc\\\"", 10, "unterminated double quote (opened at column 5)",
		    "escaped closing quote leaves the quote open");
	SPLIT_FAILS("prog\0list", 9, "NUL byte at column 5", "NUL byte");
	long_line = malloc(CMDLINE_MAX_LEN + 2);
	memset(long_line, 'a', CMDLINE_MAX_LEN + 1);
	long_line[CMDLINE_MAX_LEN + 1] = '\0';
	SPLIT_FAILS(long_line, CMDLINE_MAX_LEN + 1, "line too long (more than 65536 bytes)",
		    "over-long line");
	long_line[CMDLINE_MAX_LEN] = '\0';
	TAP_OK(longest_fits(long_line), "a line of exactly CMDLINE_MAX_LEN bytes is one word");
	free(long_line);
}

int main(void)
{
	test_words();
	test_comments();
	test_quotes();
	test_escapes();
	test_continuation();
	test_errors();
	return TAP_DONE();
}
