/* SPDX-License-Identifier: GPL-2.0-only */
/* strbuf.h: build a list like "prog 7, prog 9" in a caller's fixed buffer, cut but never overrun. */
#ifndef LC_STRBUF_H
#define LC_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct lc_strbuf {
	char *buf;
	size_t size;                /* of buf, terminating NUL included */
	size_t used;                /* bytes of text in buf, < size */
	bool cut;                   /* some text did not fit */
};

/* Start an empty string in buf (size > 0). */
void lc_strbuf_init(struct lc_strbuf *sb, char *buf, size_t size);
void lc_strbuf_addf(struct lc_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* sep unless the string is still empty: call it before each item of a list. */
void lc_strbuf_sep(struct lc_strbuf *sb, const char *sep);

#endif
