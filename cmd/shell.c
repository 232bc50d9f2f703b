// SPDX-License-Identifier: GPL-2.0-only
/*
 * shell.c: `linkctl shell`: a readline prompt running one command per line through the
 * batch tokenizer and the dispatcher; an error ends the command, never the shell.
 * History lives in $HOME/.linkctl_history (bounded); TAB completes from cmd/complete.c.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "cmdline.h"
#include "lineread.h"
#include "complete.h"

#define HISTORY_FILE "/.linkctl_history"
#define HISTORY_MAX  1000

struct shell {
	struct lc_ctx *ctx;
	bool tty;                   /* readline and history; otherwise plain lines from stdin */
	char prompt[160];
	char history_path[PATH_MAX];    /* empty: no history file (no $HOME) */
};

/* readline calls back without user data, so completion and signals need these. */
static const struct lc_ctx *completion_ctx;
static struct complete_list completion_matches;
static volatile sig_atomic_t sigint_seen;
static bool in_continuation;        /* reading the "> " line of a command continued with \ */
static bool continuation_dropped;   /* Ctrl-C there: the whole command goes */

static char *next_match(const char *text, int state)
{
	static size_t next;

	(void)text;
	if (!state)
		next = 0;
	return next < completion_matches.n ? strdup(completion_matches.v[next++]) : NULL;
}

/* A word break character right after an odd run of backslashes is escaped: part of the word. */
static int char_is_quoted(char *line, int index)
{
	int run = 0;

	while (index - run > 0 && line[index - run - 1] == '\\')
		run++;
	return run % 2;
}

/* The word being completed as the tokenizer will read it (cmd/cmdline.c's escapes). */
static char *dequote_word(const char *text)
{
	char q = (char)rl_completion_quote_character, *word = malloc(strlen(text) + 1), *w = word;

	if (!word)
		return NULL;
	for (const char *t = text; *t; t++) {
		if (*t == '\\' && t[1] && (!q || (q == '"' && (t[1] == '"' || t[1] == '\\'))))
			t++;
		*w++ = *t;
	}
	*w = '\0';
	return word;
}

/*
 * How a completed path goes into the line: inside the quote the user opened, or with
 * backslashes before the characters the tokenizer would split or unquote on (as bash).
 */
static char *quote_match(char *match, int match_type, char *quote_pointer)
{
	char q = quote_pointer ? *quote_pointer : 0, *out = malloc(2 * strlen(match) + 2), *o = out;

	(void)match_type;
	if (!out)
		return NULL;
	if (q == '"' || q == '\'')
		*o++ = q;
	for (const char *m = match; *m; m++) {
		if ((!q && strchr(" \t\n\"'\\#", *m)) || (q == '"' && (*m == '"' || *m == '\\')))
			*o++ = '\\';
		*o++ = *m;
	}
	*o = '\0';
	return out;
}

/* The words before the cursor's word go through the tokenizer, as the line will. */
static char **shell_complete(const char *text, int start, int end)
{
	struct cmdline cl;
	char msg[128], *word;
	int rc;

	(void)end;
	rl_attempted_completion_over = 1;   /* no fallback to readline's own file names */
	complete_list_free(&completion_matches);
	rc = cmdline_split(rl_line_buffer, (size_t)start, &cl, msg, sizeof(msg));
	if (rc == -EINVAL && start > 0)     /* the word opens a quote: leave the quote out */
		rc = cmdline_split(rl_line_buffer, (size_t)start - 1, &cl, msg, sizeof(msg));
	if (rc)
		return NULL;
	word = dequote_word(text);
	if (!word) {
		cmdline_free(&cl);
		return NULL;
	}
	lc_complete(completion_ctx, lc_objects, cl.argc, cl.argv, word, &completion_matches);
	if (cl.argc == 0) {
		complete_add(&completion_matches, word, "quit");
		complete_add(&completion_matches, word, "exit");
	}
	free(word);
	cmdline_free(&cl);
	rl_filename_completion_desired = completion_matches.filenames;
	return rl_completion_matches(text, next_match);
}

static void on_sigint(int sig)
{
	(void)sig;
	sigint_seen = 1;
}

/* Runs in readline's normal context after a signal interrupted its read: a fresh prompt. */
static int on_signal_event(void)
{
	if (sigint_seen) {
		sigint_seen = 0;
		rl_replace_line("", 0);
		rl_crlf();
		if (in_continuation) {      /* readline returns, and the command is dropped */
			continuation_dropped = true;
			rl_done = 1;
			return 0;
		}
		rl_on_new_line();
		rl_redisplay();
	}
	return 0;
}

/* Ctrl-C at the prompt drops the line; during a command it keeps its usual meaning. */
static char *prompt_line(const char *prompt)
{
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	char *line;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	line = readline(prompt);
	sigaction(SIGINT, &old, NULL);
	return line;
}

/*
 * One line (malloc'd, no newline) into *line and its length: 1, 0 at the end of input,
 * or -errno (out of memory is an error, never the end of input). Without a terminal,
 * lines are read as batch reads them: bounded, a longer line is refused as too long.
 */
static int read_line(const struct shell *sh, const char *prompt, char **line, size_t *len)
{
	int rc;

	*len = 0;
	if (sh->tty) {
		*line = prompt_line(prompt);
		*len = *line ? strlen(*line) : 0;
		return *line ? 1 : 0;
	}
	*line = malloc(LINEREAD_BUF_LEN);
	if (!*line)
		return -ENOMEM;
	rc = lineread_physical(stdin, *line, len);
	if (rc <= 0) {
		free(*line);
		*line = NULL;
	}
	return rc;
}

static void history_open(struct shell *sh)
{
	const char *home = getenv("HOME");

	if (!sh->tty || !home || !*home)
		return;
	snprintf(sh->history_path, sizeof(sh->history_path), "%s%s", home, HISTORY_FILE);
	using_history();
	stifle_history(HISTORY_MAX);
	/* lines are appended one by one, so the file must exist */
	if (read_history(sh->history_path) == ENOENT && write_history(sh->history_path))
		sh->history_path[0] = '\0';
}

static void history_remember(const struct shell *sh, const char *line)
{
	HIST_ENTRY *last;

	if (!sh->tty || !line[strspn(line, " \t")])
		return;
	last = history_get(history_base + history_length - 1);
	if (last && !strcmp(last->line, line))
		return;
	add_history(line);
	if (sh->history_path[0])
		append_history(1, sh->history_path);
}

static void history_close(const struct shell *sh)
{
	if (sh->history_path[0])
		history_truncate_file(sh->history_path, HISTORY_MAX);
}

/* A failure to read: its reason in msg, and the shell ends (it is no end of input). */
static int read_failed(int rc, char *msg, size_t msglen)
{
	snprintf(msg, msglen, "cannot read a command: %s", strerror(-rc));
	return rc;
}

/* Joins continuation lines; 1 with cl filled, 0 at the end of input, -errno + msg. */
static int read_command(const struct shell *sh, struct cmdline *cl, char *msg, size_t msglen)
{
	size_t len, more_len;
	char *line, *more, *joined;
	int rc = read_line(sh, sh->prompt, &line, &len);

	if (rc <= 0)
		return rc < 0 ? read_failed(rc, msg, msglen) : 0;
	while ((rc = cmdline_split(line, len, cl, msg, msglen)) == CMDLINE_CONTINUE) {
		/*
		 * readline looks at rl_done between keys only while it has an event hook, and
		 * then a signal reaches that hook rather than the signal event hook
		 */
		in_continuation = true;
		rl_event_hook = on_signal_event;
		rc = read_line(sh, "> ", &more, &more_len);
		rl_event_hook = NULL;
		in_continuation = false;
		if (continuation_dropped) {     /* Ctrl-C: back to the prompt with nothing run */
			continuation_dropped = false;
			free(more);
			free(line);
			return cmdline_split("", 0, cl, msg, msglen) ? -EINVAL : 1;
		}
		if (rc <= 0) {
			free(line);
			if (rc < 0)
				return read_failed(rc, msg, msglen);
			snprintf(msg, msglen, "the input ends after a line continuation");
			return -EINVAL;
		}
		joined = malloc(len + more_len);
		if (!joined) {
			free(more);
			free(line);
			return read_failed(-ENOMEM, msg, msglen);
		}
		memcpy(joined, line, len - 1);          /* the backslash goes */
		memcpy(joined + len - 1, more, more_len + 1);
		len += more_len - 1;
		free(line);
		free(more);
		line = joined;
	}
	history_remember(sh, line);
	free(line);
	return rc ? rc : 1;
}

/* A line's own -j/-p last for that line; a leading "linkctl" (a line pasted from a script) goes. */
static void run_line(struct lc_ctx *ctx, const struct cmdline *cl)
{
	bool json = ctx->out.json, pretty = ctx->out.pretty;
	int skip = cl->argc > 1 && !strcmp(cl->argv[0], "linkctl");

	if (exit_is_failure(lc_dispatch(ctx, cl->argc - skip, cl->argv + skip)))
		lc_report_error(ctx, NULL);
	out_flush(&ctx->out);
	ctx->json = ctx->out.json = json;
	ctx->pretty = ctx->out.pretty = pretty;
}

static void report_split_error(struct lc_ctx *ctx, const char *msg)
{
	snprintf(ctx->err_msg, sizeof(ctx->err_msg), "%s", msg);
	ctx->err_class = LC_ERRC_USAGE;
	ctx->doc_printed = false;
	lc_report_error(ctx, NULL);
	out_flush(&ctx->out);
}

static bool is_quit(const struct cmdline *cl)
{
	return cl->argc == 1 && (!strcmp(cl->argv[0], "quit") || !strcmp(cl->argv[0], "exit"));
}

/* EXIT_OK at the end of input or quit; EXIT_FAILED when input could not be read. */
static int shell_loop(struct shell *sh)
{
	struct cmdline cl;
	char msg[256];
	int rc;

	while ((rc = read_command(sh, &cl, msg, sizeof(msg))) != 0) {
		if (rc == -EINVAL) {        /* a line that does not split: the shell goes on */
			report_split_error(sh->ctx, msg);
			continue;
		}
		if (rc < 0)
			return cmd_fail(sh->ctx, "%s", msg);
		if (is_quit(&cl)) {
			cmdline_free(&cl);
			return EXIT_OK;
		}
		if (cl.argc)
			run_line(sh->ctx, &cl);
		cmdline_free(&cl);
	}
	if (sh->tty)
		putchar('\n');      /* EOF leaves the cursor after the prompt */
	return EXIT_OK;
}

static void readline_setup(const struct lc_ctx *ctx)
{
	completion_ctx = ctx;
	rl_readline_name = "linkctl";
	rl_attempted_completion_function = shell_complete;
	rl_completer_word_break_characters = " \t\n";
	rl_completer_quote_characters = "\"'";
	rl_filename_quote_characters = " \t\n\"'\\#";
	rl_char_is_quoted_p = char_is_quoted;
	rl_filename_quoting_function = quote_match;
	rl_signal_event_hook = on_signal_event;
}

int do_shell(struct lc_ctx *ctx, const void *opts)
{
	struct shell sh = { .ctx = ctx, .tty = isatty(STDIN_FILENO) };
	int rc;

	(void)opts;
	if (ctx->batch_depth > 0)
		return cmd_usage(ctx, "the shell cannot run inside a batch file");
	if (ctx->interactive)
		return cmd_usage(ctx, "already in the shell");
	if (ctx->netns_name)
		snprintf(sh.prompt, sizeof(sh.prompt), "linkctl(%s)> ", ctx->netns_name);
	else
		snprintf(sh.prompt, sizeof(sh.prompt), "linkctl> ");
	ctx->interactive = true;
	if (sh.tty)
		readline_setup(ctx);
	history_open(&sh);
	rc = shell_loop(&sh);
	history_close(&sh);
	complete_list_free(&completion_matches);
	ctx->interactive = false;
	return rc;
}
