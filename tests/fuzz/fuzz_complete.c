// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_complete.c: completion (cmd/complete.c) over the real tables: NUL-separated
 * words, the last one the word being completed. Live values (IDs, devices, files) are
 * read from this machine as bash completion would.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "../../cmd/complete.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lc_ctx ctx = { .bpffs_root = "/nonexistent/linkctl-fuzz-bpffs" };
	struct complete_list list = { 0 };
	char *block, *words[FUZZ_MAX_WORDS + 1];
	int n = fuzz_words(data, size, &block, words);

	if (n > 0) {
		lc_complete(&ctx, lc_objects, n - 1, words, words[n - 1], &list);
		for (size_t i = 0; i < list.n; i++)     /* every candidate completes the word */
			assert(!strncmp(list.v[i], words[n - 1], strlen(words[n - 1])) || list.filenames);
	}
	complete_list_free(&list);
	free(block);
	return 0;
}
