/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmdline.h: splits one command line into words, for batch files and the shell.
 * Quoting follows the shell's (and bpftool's batch) conventions; no I/O here.
 */
#ifndef LC_CMDLINE_H
#define LC_CMDLINE_H

#include <stddef.h>

/* Longest logical line (continuations included), in bytes, newline excluded. */
#define CMDLINE_MAX_LEN 65536

/* cmdline_split() result besides 0 and -EINVAL: the line ends in a continuation. */
#define CMDLINE_CONTINUE 1

struct cmdline {
	int argc;
	char **argv;    /* argc words, then NULL; the words live in one block argv owns */
};

/*
 * Split line[0..len) into words:
 *   - blanks separate words; '#' at the start of a word comments out the rest;
 *   - '...' keeps everything literally; "..." keeps everything but \" and \\;
 *   - outside quotes a backslash takes the next character literally;
 *   - quoted and unquoted parts next to each other make one word ("" is an empty word).
 * Returns 0 (cl filled; free it with cmdline_free), CMDLINE_CONTINUE when the line
 * ends in an unquoted backslash (join the next line without the backslash and split
 * again), or a negative errno with a one-line reason in msg (-EINVAL: NUL byte,
 * unterminated quote, too long). On anything but 0, cl holds nothing to free.
 */
int cmdline_split(const char *line, size_t len, struct cmdline *cl, char *msg, size_t msglen);
void cmdline_free(struct cmdline *cl);

#endif
