// SPDX-License-Identifier: GPL-2.0-only
/*
 * batch.c: `linkctl batch file FILE`: one command per line through the same tokenizer
 * and dispatcher as the shell; stops at the first failure and names its line.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "lineread.h"
#include "linkctl.h"
#include "../lib/iter_cache.h"
#include "../lib/regfile.h"

struct batch {
	struct lc_ctx *ctx;
	FILE *file;
	const char *path;
	char *buf;                  /* the logical line being read */
	size_t len;
	unsigned int line_no;       /* physical lines read so far */
	unsigned int first_line;    /* where the current command starts */
	cJSON *results;             /* under -j: one element per command run */
};

/* One physical line appended to b->buf; 1, 0 at the end of the file, or -errno. */
static int read_physical(struct batch *b)
{
	int rc = lineread_physical(b->file, b->buf, &b->len);

	if (rc > 0)
		b->line_no++;
	return rc;
}

static int read_error(struct batch *b, int code, char *msg, size_t msglen)
{
	snprintf(msg, msglen, "cannot read batch file '%s': %s", b->path, strerror(-code));
	return code;
}

/* The next command: 1 with cl filled (maybe no words), 0 at the end, or -errno + msg. */
static int next_command(struct batch *b, struct cmdline *cl, char *msg, size_t msglen)
{
	int rc;

	b->len = 0;
	b->first_line = b->line_no + 1;
	rc = read_physical(b);
	if (rc <= 0)
		return rc < 0 ? read_error(b, rc, msg, msglen) : 0;
	while ((rc = cmdline_split(b->buf, b->len, cl, msg, msglen)) == CMDLINE_CONTINUE) {
		b->len--;           /* the backslash goes; the next line joins directly */
		rc = read_physical(b);
		if (rc < 0)
			return read_error(b, rc, msg, msglen);
		if (rc == 0) {
			snprintf(msg, msglen, "the file ends after a line continuation");
			return -EINVAL;
		}
	}
	return rc ? rc : 1;
}

static cJSON *argv_json(const struct cmdline *cl)
{
	cJSON *words = cJSON_CreateArray();

	for (int i = 0; cl && i < cl->argc; i++)
		cJSON_AddItemToArray(words, out_json_string(cl->argv[i]));
	return words;
}

/* Under -j, one element: {"command": [...], "output": doc-or-null}. */
static cJSON *add_result(struct batch *b, const struct cmdline *cl, cJSON *doc)
{
	cJSON *one;

	if (!b->results) {
		cJSON_Delete(doc);
		return NULL;
	}
	one = cJSON_CreateObject();
	cJSON_AddItemToObject(one, "command", cl ? argv_json(cl) : cJSON_CreateNull());
	cJSON_AddItemToObject(one, "output", doc ? doc : cJSON_CreateNull());
	cJSON_AddItemToArray(b->results, one);
	return one;
}

/* Record the failure of the current command (cl NULL: the line did not split). */
static int batch_fail(struct batch *b, const struct cmdline *cl, int code, const char *why)
{
	char msg[sizeof(b->ctx->err_msg) - 24];     /* room for "line N: " */
	cJSON *one = add_result(b, cl, NULL);

	snprintf(msg, sizeof(msg), "%s", why[0] ? why : "operation failed");
	if (one) {
		cJSON_AddNumberToObject(one, "line", b->first_line);
		cJSON_AddItemToObject(one, "error", out_json_string(msg));
		cJSON_AddStringToObject(one, "code", lc_errc_name(b->ctx->err_class ? b->ctx->err_class : LC_ERRC_INTERNAL));
	}
	snprintf(b->ctx->err_msg, sizeof(b->ctx->err_msg), "line %u: %s", b->first_line, msg);
	return code;
}

static int run_command(struct batch *b, const struct cmdline *cl)
{
	struct lc_ctx *ctx = b->ctx;
	int rc = lc_dispatch(ctx, cl->argc, cl->argv);
	cJSON *doc = out_take(&ctx->out);

	if (exit_is_failure(rc)) {
		cJSON_Delete(doc);  /* a failed command's partial document says nothing */
		return batch_fail(b, cl, rc, ctx->err_msg);
	}
	add_result(b, cl, doc);
	return EXIT_OK;
}

static int run_file(struct batch *b)
{
	struct cmdline cl;
	char msg[256];
	int rc;

	while ((rc = next_command(b, &cl, msg, sizeof(msg))) > 0) {
		rc = cl.argc ? run_command(b, &cl) : EXIT_OK;
		cmdline_free(&cl);
		if (rc != EXIT_OK)
			return rc;
	}
	if (rc < 0) {   /* the line did not split (usage) or could not be read (failure) */
		b->ctx->err_class = rc == -EINVAL ? LC_ERRC_USAGE : lc_errc_from_errno(rc);
		return batch_fail(b, NULL, rc == -EINVAL ? EXIT_USAGE : EXIT_FAILED, msg);
	}
	return EXIT_OK;
}

/* '-' is stdin; anything else must be a regular file (a FIFO would block, a directory fails). */
static FILE *open_batch_file(struct lc_ctx *ctx, const char *path)
{
	char what[PATH_MAX + 16];
	struct lc_err err = { 0 };
	FILE *f;
	int fd;

	if (!strcmp(path, "-"))
		return stdin;
	snprintf(what, sizeof(what), "batch file '%s'", path);
	fd = lc_open_regular(path, what, &err);
	if (fd < 0) {
		cmd_fail_err(ctx, &err);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		cmd_fail(ctx, "cannot open batch file '%s': %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

/* The options of batch file, filled by the rows of its table (below). */
struct batch_file_opts {
	const char *file;
};

static int do_batch_file(struct lc_ctx *ctx, const void *opts)
{
	struct batch b = { .ctx = ctx, .path = ((const struct batch_file_opts *)opts)->file };
	int rc;

	if (ctx->batch_depth > 0)
		return cmd_usage(ctx, "batch files may not nest");
	b.file = open_batch_file(ctx, b.path);
	if (!b.file)
		return EXIT_FAILED;
	b.buf = malloc(LINEREAD_BUF_LEN);
	if (!b.buf) {
		if (b.file != stdin)
			fclose(b.file);
		return cmd_fail(ctx, "out of memory");
	}
	b.results = ctx->out.json ? cJSON_CreateArray() : NULL;
	ctx->batch_depth++;
	ctx->out.collect = true;    /* each command's whole document goes into the array */
	lc_iter_cache_begin();      /* the iterator programs are loaded once for the file */
	rc = run_file(&b);
	lc_iter_cache_end();
	ctx->out.collect = false;
	ctx->batch_depth--;
	out_print_tree(&ctx->out, b.results);
	ctx->doc_printed = ctx->out.json;
	cJSON_Delete(b.results);
	free(b.buf);
	if (b.file != stdin)
		fclose(b.file);
	return rc;
}

static const struct arg_spec batch_file_args[] = {
	ROW_POS(struct batch_file_opts, "FILE", file, VAL_FILE, ARG_REQUIRED),
	{ 0 }
};

const struct cmd batch_verbs[] = {
	{ "file", do_batch_file, batch_file_args,
	  "run the commands in FILE ('-': standard input), one per line; stop at the first failure" },
	{ 0 }
};
