// SPDX-License-Identifier: GPL-2.0-only
/* err.c: formatting of lib/ failures into struct lc_err. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LC_ERR_IMPL     /* the functions themselves, not their analyzer wrappers */
#include "err.h"

/* Longest message before it is fitted into struct lc_err (two PATH_MAX paths and words). */
#define ERR_FORMAT_MAX (2 * 4096 + 512)

void lc_err_fit(char *dst, size_t len, const char *head, const char *tail)
{
	static const char cut[] = "...";
	size_t head_len = strlen(head), tail_len = strlen(tail), keep, front;

	if (!len)
		return;
	if (head_len + tail_len < len) {
		snprintf(dst, len, "%s%s", head, tail);
		return;
	}
	if (tail_len + sizeof(cut) + 16 > len) {  /* no room for both: the tail still ends it */
		snprintf(dst, len, "%s", tail + tail_len - (len - 1 < tail_len ? len - 1 : tail_len));
		return;
	}
	keep = len - 1 - tail_len - (sizeof(cut) - 1);     /* bytes of head we keep, front + back */
	front = keep / 2;
	snprintf(dst, len, "%.*s%s%s%s", (int)front, head, cut, head + head_len - (keep - front), tail);
}

/*
 * Appends ": <errno text>" and, for EPERM with a known capability, which one is missing;
 * a message too long for err->msg loses the middle of its text, never its errno.
 */
static int err_vset(struct lc_err *err, int code, const char *cap, int with_errno,
		    const char *fmt, va_list ap)
{
	char head[ERR_FORMAT_MAX], tail[128] = "";
	size_t used = 0;

	err->code = code;
	vsnprintf(head, sizeof(head), fmt, ap);
	/* abs(INT_MIN) is undefined; no errno is beyond the kernel's 4095 anyway */
	if (with_errno && code)
		used = (size_t)snprintf(tail, sizeof(tail), ": %s", code < -4095 || code > 4095
					? "Unknown error" : strerror(abs(code)));
	if (cap && (code == -EPERM || code == -EACCES) && used < sizeof(tail))
		snprintf(tail + used, sizeof(tail) - used, " (needs %s)", cap);
	lc_err_fit(err->msg, sizeof(err->msg), head, tail);
	return code;
}

int lc_err_set(struct lc_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, NULL, 1, fmt, ap);
	va_end(ap);
	return code;
}

int lc_err_set_cap(struct lc_err *err, int code, const char *cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, cap, 1, fmt, ap);
	va_end(ap);
	return code;
}

int lc_err_msg(struct lc_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, NULL, 0, fmt, ap);
	va_end(ap);
	return code;
}

void lc_err_clear(struct lc_err *err)
{
	err->code = 0;
	err->msg[0] = '\0';
}
