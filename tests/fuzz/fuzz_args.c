// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_args.c: the argument grammar (cmd/args.c) against every verb's real table; the
 * first byte picks the verb, the rest are NUL-separated words.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "../../cmd/linkctl.h"

#define MAX_TABLES 128

static const struct arg_spec *tables[MAX_TABLES];
static int n_tables;

static void collect_tables(void)
{
	for (const struct cmd *o = lc_objects; o->name && n_tables < MAX_TABLES; o++) {
		if (o->args)
			tables[n_tables++] = o->args;
		for (const struct cmd *v = o->verbs; v && v->name && n_tables < MAX_TABLES; v++)
			if (v->args)
				tables[n_tables++] = v->args;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *block, *words[FUZZ_MAX_WORDS + 1], msg[512], usage[1024];
	union {
		max_align_t align;
		unsigned char bytes[ARGS_OPTS_MAX];
	} opts;
	int argc, rc;

	if (!n_tables)
		collect_tables();
	if (size < 1 || !n_tables)
		return 0;
	argc = fuzz_words(data + 1, size - 1, &block, words);
	words[argc] = NULL;
	rc = args_parse(tables[data[0] % n_tables], argc, words, &opts, msg, sizeof(msg));
	assert(rc == 0 || memchr(msg, '\0', sizeof(msg)));
	args_usage(tables[data[0] % n_tables], usage, sizeof(usage));
	free(block);
	return 0;
}
