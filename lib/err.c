// SPDX-License-Identifier: GPL-2.0-only
/* err.c: formatting of lib/ failures into struct lc_err. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	unsigned int n = (unsigned int)abs(code) - 4000;

	if (n < sizeof(libbpf_errno_text) / sizeof(libbpf_errno_text[0]))
		return libbpf_errno_text[n];
	return strerror(abs(code));
}

/* Appends ": <errno text>" and, for EPERM with a known capability, which one is missing. */
static int err_vset(struct lc_err *err, int code, const char *cap, int with_errno,
		    const char *fmt, va_list ap)
{
	size_t used;

	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	used = strlen(err->msg);
	if (with_errno && code)
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", errno_text(code));
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
