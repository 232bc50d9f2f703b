// SPDX-License-Identifier: GPL-2.0-only
/* lineread.c: read physical lines with a bound, however long the input's lines are. */
#include <errno.h>
#include <stdbool.h>

#include "lineread.h"

int lineread_physical(FILE *f, char *buf, size_t *len)
{
	size_t n = *len;        /* bytes of the logical line so far, kept or not */
	bool any = false, last_cr = false;
	int c;

	while ((c = getc(f)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (n <= CMDLINE_MAX_LEN)
			buf[n] = (char)c;
		if (n <= CMDLINE_MAX_LEN + 1)   /* past that, the line is too long already */
			n++;
		last_cr = c == '\r';
	}
	if (ferror(f))
		return errno ? -errno : -EIO;
	if (!any)
		return 0;
	if (last_cr)
		n--;                            /* CRLF: the CR belongs to the line end */
	if (n > CMDLINE_MAX_LEN + 1)
		n = CMDLINE_MAX_LEN + 1;
	*len = n;
	buf[n] = '\0';
	return 1;
}
