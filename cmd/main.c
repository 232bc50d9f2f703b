// SPDX-License-Identifier: GPL-2.0-only
/* main.c: one command line through the dispatcher (global options included), then exit. */
#include <string.h>

#include "complete.h"
#include "globals.h"
#include "linkctl.h"

int main(int argc, char **argv)
{
	struct lc_ctx ctx = { .bpffs_root = "/sys/fs/bpf" };
	int rc;

	if (argc > 1 && !strcmp(argv[1], "--complete"))
		return lc_complete_main(argc - 2, argv + 2, globals_options());
	out_init(&ctx.out, false, false);
	globals_set_debug(false);
	rc = lc_dispatch(&ctx, argc - 1, argv + 1);
	if (exit_is_failure(rc))
		lc_report_error(&ctx, NULL);
	if (!out_flush(&ctx.out) && !exit_is_failure(rc))
		rc = EXIT_FAILED;
	out_free(&ctx.out);
	return rc;
}
