/* SPDX-License-Identifier: GPL-2.0-only */
/* lineread.h: one bounded reader of physical lines, for batch files and the shell without a tty. */
#ifndef LC_LINEREAD_H
#define LC_LINEREAD_H

#include <stddef.h>
#include <stdio.h>

#include "cmdline.h"

/* What a line buffer for lineread_physical() must hold. */
#define LINEREAD_BUF_LEN (CMDLINE_MAX_LEN + 2)

/*
 * Append one physical line of f to buf[*len..], without its newline (a CR right before
 * the newline, or before the end of input, is part of the line end). The whole physical
 * line is always consumed, but at most CMDLINE_MAX_LEN + 1 bytes are kept: a longer
 * logical line comes back with *len == CMDLINE_MAX_LEN + 1, which cmdline_split() refuses
 * as too long, so no tail of it is ever read as a line of its own. buf[*len] is '\0'.
 * Returns 1, 0 at the end of input (nothing read), or -errno on a read error.
 */
int lineread_physical(FILE *f, char *buf, size_t *len);

#endif
