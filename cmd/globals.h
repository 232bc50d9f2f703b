/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * globals.h: the global options (-j, -p, -n NS, ...), read wherever they stand on a
 * command line (before the object, between object and verb, among the verb's keywords,
 * as bpftool accepts them), applied for one command and undone after it (the shell and
 * batch run many commands in one process).
 */
#ifndef LC_GLOBALS_H
#define LC_GLOBALS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

struct lc_ctx;

/* The global options of one command line. */
struct lc_globals {
	bool json, pretty, debug, nomount, no_owners;
	bool all_netns;             /* -A: read-only verbs cover every network namespace */
	bool help, version;
	const char *netns_name;     /* -n NAME */
	const char *bpffs_root;     /* --bpffs DIR */
};

/* What a command line changed in the context, to put back when the command ends. */
struct lc_globals_saved {
	bool applied;
	bool debug, nomount, no_owners, all_netns;
	const char *bpffs_root, *netns_name;
	int netns_fd;               /* the namespace before -n, or -1 */
};

/* The option table in getopt's form, terminated by a zeroed row (bash completion reads it). */
const struct option *globals_options(void);
/*
 * Option i of the table for help: its spelling ("-n, --netns NAME", "--bpffs DIR") into
 * spelling, its help line in *help; false past the last one.
 */
bool globals_option_help(size_t i, char *spelling, size_t len, const char **help);

/* Whether word is spelled as an option ("-x", "--xx"); "-" and "--" are not. */
bool globals_is_option(const char *word);

/*
 * Read the option at argv[0] (and its value, argv[1] or after '='). Returns the words
 * it took (1 or 2), or -EINVAL with a one-line msg (unknown option, missing value,
 * -n given twice).
 */
int globals_parse(struct lc_globals *g, int argc, char **argv, char *msg, size_t len);

/*
 * Apply g to ctx for one command (-n joins the namespace, -j/-p switch the output on);
 * -1 to go on, or an exit code with the failure recorded in ctx. globals_restore puts
 * back all but the output format, which the caller restores after its flush.
 */
int globals_apply(struct lc_ctx *ctx, const struct lc_globals *g, struct lc_globals_saved *s);
void globals_restore(struct lc_ctx *ctx, struct lc_globals_saved *s);

/* libbpf's log on stderr (-d) or silenced. */
void globals_set_debug(bool debug);

#endif
