// SPDX-License-Identifier: GPL-2.0-only
/* cmdline.c: the one tokenizer for batch files and the shell (quotes, escapes, comments). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

struct split_state {
	const char *line;
	size_t len, i;
	char **argv;
	char *out;              /* next byte of the current word */
	int argc;
	bool in_word;
	char quote;             /* '\'' or '"' while inside one, else 0 */
	size_t quote_col;       /* 1-based column of the open quote, for the message */
};

/* One character inside quotes (a quote still open at the end of the line is the error). */
static void split_quoted(struct split_state *s)
{
	const char *line = s->line;
	char c = line[s->i];

	if (c == s->quote) {
		s->quote = 0;
	} else if (s->quote == '"' && c == '\\' && s->i + 1 < s->len &&
		   (line[s->i + 1] == '"' || line[s->i + 1] == '\\')) {
		*s->out++ = line[++s->i];
	} else {
		*s->out++ = c;
	}
}

#define SPLIT_COMMENT 2     /* distinct from 0 and CMDLINE_CONTINUE */

/* One unquoted character; SPLIT_COMMENT at a comment, CMDLINE_CONTINUE at a final backslash. */
static int split_plain(struct split_state *s)
{
	char c = s->line[s->i];

	if (is_blank(c)) {
		if (s->in_word)
			*s->out++ = '\0';
		s->in_word = false;
		return 0;
	}
	if (c == '#' && !s->in_word)
		return SPLIT_COMMENT;
	if (c == '\\' && s->i + 1 == s->len)
		return CMDLINE_CONTINUE;
	if (!s->in_word)
		s->argv[s->argc++] = s->out;
	s->in_word = true;
	if (c == '\'' || c == '"') {
		s->quote = c;
		s->quote_col = s->i + 1;
	} else if (c == '\\') {
		*s->out++ = s->line[++s->i];
	} else {
		*s->out++ = c;
	}
	return 0;
}

static int split_words(struct split_state *s, char *msg, size_t msglen)
{
	int rc = 0;

	for (s->i = 0; s->i < s->len && rc == 0; s->i++) {
		if (s->quote)
			split_quoted(s);
		else
			rc = split_plain(s);
	}
	if (rc == CMDLINE_CONTINUE)
		return rc;
	if (s->quote) {
		snprintf(msg, msglen, "unterminated %s quote (opened at column %zu)",
			 s->quote == '"' ? "double" : "single", s->quote_col);
		return -EINVAL;
	}
	if (s->in_word)
		*s->out++ = '\0';
	s->argv[s->argc] = NULL;
	return 0;
}

int cmdline_split(const char *line, size_t len, struct cmdline *cl, char *msg, size_t msglen)
{
	/* words are separated by blanks, so there are at most len / 2 + 1 of them */
	size_t max_words = len / 2 + 2;
	struct split_state s = { .line = line, .len = len };
	const char *nul = memchr(line, '\0', len);
	int rc;

	cl->argc = 0;
	cl->argv = NULL;
	if (nul) {
		snprintf(msg, msglen, "NUL byte at column %zu", (size_t)(nul - line) + 1);
		return -EINVAL;
	}
	if (len > CMDLINE_MAX_LEN) {
		snprintf(msg, msglen, "line too long (more than %d bytes)", CMDLINE_MAX_LEN);
		return -EINVAL;
	}
	s.argv = malloc(max_words * sizeof(char *) + len + 1);
	if (!s.argv) {
		snprintf(msg, msglen, "out of memory");
		return -ENOMEM;
	}
	s.out = (char *)(s.argv + max_words);
	rc = split_words(&s, msg, msglen);
	if (rc) {
		free(s.argv);
		return rc;
	}
	cl->argc = s.argc;
	cl->argv = s.argv;
	return 0;
}

void cmdline_free(struct cmdline *cl)
{
	free(cl->argv);
	cl->argv = NULL;
	cl->argc = 0;
}
