// SPDX-License-Identifier: GPL-2.0-only
/* errclass.c: errno to error class, once for every command. */
#include <errno.h>
#include <stdlib.h>
#include <bpf/libbpf.h>

#include "errclass.h"

#ifndef ENOTSUPP
#define ENOTSUPP 524        /* the kernel's own, leaked to user space by BPF */
#endif

static const char *const errc_names[] = {
	[LC_ERRC_USAGE] = "usage", [LC_ERRC_NOT_FOUND] = "not_found", [LC_ERRC_BUSY] = "busy",
	[LC_ERRC_EXISTS] = "exists", [LC_ERRC_PERMISSION] = "permission",
	[LC_ERRC_UNSUPPORTED] = "unsupported", [LC_ERRC_STALE] = "stale",
	[LC_ERRC_TIMEOUT] = "timeout", [LC_ERRC_PROTOCOL] = "protocol",
	[LC_ERRC_INTERNAL] = "internal",
};

const char *lc_errc_name(enum lc_errc errc)
{
	return errc > LC_ERRC_NONE && errc <= LC_ERRC_INTERNAL ? errc_names[errc] : NULL;
}

/* libbpf's LIBBPF_ERRNO__*: the object file or the load was refused, or libbpf failed. */
static enum lc_errc libbpf_errc(int code)
{
	return code == LIBBPF_ERRNO__INTERNAL ? LC_ERRC_INTERNAL : LC_ERRC_UNSUPPORTED;
}

enum lc_errc lc_errc_from_errno(int code)
{
	code = abs(code);
	if (code >= __LIBBPF_ERRNO__START && code < __LIBBPF_ERRNO__END)
		return libbpf_errc(code);
	switch (code) {
	case 0:
		return LC_ERRC_NONE;
	case ENOENT: case ESRCH: case ENODEV: case ENXIO: case ENOTDIR: case ECONNREFUSED:
		return LC_ERRC_NOT_FOUND;
	case EBUSY: case EAGAIN:
		return LC_ERRC_BUSY;
	case EEXIST: case ENOTEMPTY:
		return LC_ERRC_EXISTS;
	case EPERM: case EACCES: case EROFS:
		return LC_ERRC_PERMISSION;
	case EOPNOTSUPP: case ENOTSUPP: case EINVAL: case E2BIG: case ENOEXEC: case ENOTTY:
	case EXDEV: case EBADF: case ENOSYS: case ERANGE:
		return LC_ERRC_UNSUPPORTED;
	case ENOLINK: case ESTALE:
		return LC_ERRC_STALE;
	case ETIMEDOUT: case ETIME:
		return LC_ERRC_TIMEOUT;
	case EPROTO: case EPROTOTYPE: case EBADMSG: case ECONNRESET: case EPIPE:
	case ENOTCONN: case ENOTSOCK: case ECONNABORTED:
		return LC_ERRC_PROTOCOL;
	default:
		return LC_ERRC_INTERNAL;
	}
}
