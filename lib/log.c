// SPDX-License-Identifier: GPL-2.0-only
/* log.c: hand lib/'s debug notes to the callback the front end set, if any. */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

/* Process-wide like libbpf's print callback: set once by main, read by every command. */
static lc_log_fn log_fn;

void lc_log_set(lc_log_fn fn)
{
	log_fn = fn;
}

void lc_log(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!log_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_fn(msg);
}
