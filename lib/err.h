/* SPDX-License-Identifier: GPL-2.0-only */
/* err.h: how lib/ hands a failure to cmd/: a negative errno plus a sentence saying what failed. */
#ifndef LC_ERR_H
#define LC_ERR_H

#include <stdarg.h>
#include <stddef.h>

#define LC_ERR_MSG_MAX 512

struct lc_err {
	int code;                   /* negative errno, 0 when nothing failed */
	char msg[LC_ERR_MSG_MAX];   /* complete one-line message, errno text included */
};

/*
 * Record a failure: the message is the formatted text followed by ": <strerror>".
 * Returns code (a negative errno) so callers can write `return lc_err_set(...)`.
 * EPERM from a BPF or netlink call is vague, so lc_err_set_cap() names the capability.
 */
int lc_err_set(struct lc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int lc_err_set_cap(struct lc_err *err, int code, const char *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A failure that errno alone does not describe (bad input, not found): no errno text. */
int lc_err_msg(struct lc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int lc_err_vmsg(struct lc_err *err, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Add a remark to the recorded message ("(link closed: nothing attached)"). */
void lc_err_append(struct lc_err *err, const char *tail);
void lc_err_clear(struct lc_err *err);

/*
 * The static analyzer sees one file at a time and would assume these may return 0 (a
 * failure path taken as success). Under it, they visibly return the code they record.
 */
#if defined(__clang_analyzer__) && !defined(LC_ERR_IMPL)
#define lc_err_set(err, code, ...) \
	({ int lc_code_ = (code); lc_err_set((err), lc_code_, __VA_ARGS__); lc_code_; })
#define lc_err_set_cap(err, code, cap, ...) \
	({ int lc_code_ = (code); lc_err_set_cap((err), lc_code_, (cap), __VA_ARGS__); lc_code_; })
#define lc_err_msg(err, code, ...) \
	({ int lc_code_ = (code); lc_err_msg((err), lc_code_, __VA_ARGS__); lc_code_; })
#define lc_err_vmsg(err, code, fmt, ap) \
	({ int lc_code_ = (code); lc_err_vmsg((err), lc_code_, (fmt), (ap)); lc_code_; })
#endif

/* head then tail into dst[len]; when too long, the middle of head becomes "...". */
void lc_err_fit(char *dst, size_t len, const char *head, const char *tail);

#endif
