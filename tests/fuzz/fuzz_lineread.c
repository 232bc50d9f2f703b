// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_lineread.c: the batch line reader (cmd/lineread.c) with the tokenizer, joined
 * over continuation lines the way cmd/batch.c does: bounded, whatever the input.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../cmd/lineread.h"

static char buf[LINEREAD_BUF_LEN];

/* One command as batch reads it: 1, 0 at the end, negative on a refused line. */
static int next_command(FILE *f)
{
	struct cmdline cl;
	char msg[256];
	size_t len = 0;
	int rc = lineread_physical(f, buf, &len);

	if (rc <= 0)
		return rc;
	for (;;) {
		assert(len <= CMDLINE_MAX_LEN + 1 && buf[len] == '\0');
		rc = cmdline_split(buf, len, &cl, msg, sizeof(msg));
		if (rc != CMDLINE_CONTINUE)
			break;
		len--;
		rc = lineread_physical(f, buf, &len);
		if (rc <= 0)
			return -EINVAL;
	}
	if (rc)
		return rc;
	cmdline_free(&cl);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;
	int rc;

	if (!size)
		return 0;   /* fmemopen refuses an empty buffer */
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	do
		rc = next_command(f);
	while (rc > 0 || rc == -EINVAL);    /* a refused line: the shell reads on */
	fclose(f);
	return 0;
}
