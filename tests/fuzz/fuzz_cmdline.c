// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_cmdline.c: the command-line tokenizer of batch files and the shell (cmd/cmdline.c). */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "../../cmd/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmdline cl;
	char msg[256];
	int rc = cmdline_split((const char *)data, size, &cl, msg, sizeof(msg));

	assert(rc == 0 || rc == CMDLINE_CONTINUE || rc == -EINVAL || rc == -ENOMEM);
	if (rc) {
		assert(rc == CMDLINE_CONTINUE || memchr(msg, '\0', sizeof(msg)));
		return 0;
	}
	assert(cl.argc >= 0 && cl.argv[cl.argc] == NULL);
	for (int i = 0; i < cl.argc; i++)     /* every word is the line's bytes, no more */
		assert(strlen(cl.argv[i]) <= size);
	cmdline_free(&cl);
	return 0;
}
