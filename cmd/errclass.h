/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * errclass.h: the closed set of error classes a script branches on ({"error": ...,
 * "code": "busy"}); docs/json.md lists them with their exit codes. A failure's class comes
 * from its errno, mapped here once, or is named where the errno alone is ambiguous.
 */
#ifndef LC_ERRCLASS_H
#define LC_ERRCLASS_H

enum lc_errc {
	LC_ERRC_NONE,
	LC_ERRC_USAGE,          /* the command line is wrong (exit 2) */
	LC_ERRC_NOT_FOUND,      /* no such link, program, device, pin, namespace, process */
	LC_ERRC_BUSY,           /* the hook or object is taken by somebody else */
	LC_ERRC_EXISTS,         /* the pin path or attachment to create is already there */
	LC_ERRC_PERMISSION,     /* missing capability or file permission */
	LC_ERRC_UNSUPPORTED,    /* the kernel or libbpf refused this request as it is */
	LC_ERRC_STALE,          /* the object changed under us (defunct link, old-prog mismatch) */
	LC_ERRC_TIMEOUT,        /* a timeout passed first */
	LC_ERRC_PROTOCOL,       /* the peer of a hand-over broke the protocol or went away */
	LC_ERRC_INTERNAL,       /* anything else: out of memory, I/O, a bug */
};

/* The class of a negative (or positive) errno; libbpf's own error numbers included. */
enum lc_errc lc_errc_from_errno(int code);
/* Its stable name ("not_found"); NULL for LC_ERRC_NONE. */
const char *lc_errc_name(enum lc_errc errc);

#endif
