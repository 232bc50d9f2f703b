// SPDX-License-Identifier: GPL-2.0-only
/* err.c: formatting of lib/ failures into struct lc_err. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LC_ERR_IMPL     /* the functions themselves, not their analyzer wrappers */
#include "err.h"

/* libbpf's own error numbers (LIBBPF_ERRNO__*, from 4000), which strerror cannot name. */
static const char *const libbpf_errno_text[] = {
	"libelf cannot read the file",                  /* LIBELF */
	"not a BPF ELF object",                         /* FORMAT */
	"bad or missing 'version' section",             /* KVERSION */
	"the object's byte order is not this machine's",/* ENDIAN */
	"internal error in libbpf",                     /* INTERNAL */
	"relocation failed",                            /* RELOC */
	"the kernel refused to load the program",       /* LOAD */
	"the kernel verifier rejected the program",     /* VERIFY */
	"the program is too big",                       /* PROG2BIG */
	"wrong kernel version in the object",           /* KVER */
	"the kernel does not support this program type",/* PROGTYPE */
	"netlink reply from the wrong pid",             /* WRNGPID */
	"netlink reply out of sequence",                /* INVSEQ */
	"cannot parse the netlink reply",               /* NLPARSE */
};

static const char *errno_text(int code)
{
	unsigned int n;

	/* abs(INT_MIN) is undefined; no errno is beyond the kernel's 4095 anyway */
	if (code < -4095 || code > 4095)
		return "Unknown error";
	n = (unsigned int)abs(code) - 4000;
	if (n < sizeof(libbpf_errno_text) / sizeof(libbpf_errno_text[0]))
		return libbpf_errno_text[n];
	return strerror(abs(code));
}

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
__attribute__((format(printf, 5, 0)))
static int err_vset(struct lc_err *err, int code, const char *cap, int with_errno,
		    const char *fmt, va_list ap)
{
	char head[ERR_FORMAT_MAX], tail[128] = "";
	size_t used = 0;

	err->code = code;
	vsnprintf(head, sizeof(head), fmt, ap);
	if (with_errno && code)
		used = (size_t)snprintf(tail, sizeof(tail), ": %s", errno_text(code));
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

int lc_err_vmsg(struct lc_err *err, int code, const char *fmt, va_list ap)
{
	return err_vset(err, code, NULL, 0, fmt, ap);
}

void lc_err_append(struct lc_err *err, const char *tail)
{
	size_t used = strlen(err->msg);

	snprintf(err->msg + used, sizeof(err->msg) - used, "%s", tail);
}

void lc_err_clear(struct lc_err *err)
{
	err->code = 0;
	err->msg[0] = '\0';
}
