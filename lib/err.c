// SPDX-License-Identifier: GPL-2.0-only
/* err.c: formatting of lib/ failures into struct lc_err. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

/* Appends ": <errno text>" and, for EPERM with a known capability, which one is missing. */
static int err_vset(struct lc_err *err, int code, const char *cap, int with_errno,
		    const char *fmt, va_list ap)
{
	size_t used;

	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	used = strlen(err->msg);
	if (with_errno && code)
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", strerror(abs(code)));
	used = strlen(err->msg);
	if (cap && (code == -EPERM || code == -EACCES))
		snprintf(err->msg + used, sizeof(err->msg) - used, " (needs %s)", cap);
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
