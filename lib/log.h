/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log.h: lib/'s debug notes (which path ran, why a fallback happened). lib/ never prints:
 * the notes go to a callback the front end sets (for -d), like libbpf_set_print.
 */
#ifndef LC_LOG_H
#define LC_LOG_H

typedef void (*lc_log_fn)(const char *msg);

/* NULL (the default) drops the notes. */
void lc_log_set(lc_log_fn fn);
void lc_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
