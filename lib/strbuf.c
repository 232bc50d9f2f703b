// SPDX-License-Identifier: GPL-2.0-only
/* strbuf.c: appending formatted text to a fixed buffer (see strbuf.h). */
#include <stdarg.h>
#include <stdio.h>

#include "strbuf.h"

void lc_strbuf_init(struct lc_strbuf *sb, char *buf, size_t size)
{
	*sb = (struct lc_strbuf){ .buf = buf, .size = size };
	buf[0] = '\0';
}

void lc_strbuf_addf(struct lc_strbuf *sb, const char *fmt, ...)
{
	size_t room = sb->size - sb->used;
	va_list ap;
	int n;

	if (room <= 1) {
		sb->cut = true;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->used, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {        /* vsnprintf wrote what fit, NUL included */
		sb->used = sb->size - 1;
		sb->cut = true;
		return;
	}
	sb->used += (size_t)n;
}

void lc_strbuf_sep(struct lc_strbuf *sb, const char *sep)
{
	if (sb->used)
		lc_strbuf_addf(sb, "%s", sep);
}
