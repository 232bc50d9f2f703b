/* SPDX-License-Identifier: GPL-2.0-only */
/* regfile.h: open a file that must be a regular one, never blocking on a FIFO or device. */
#ifndef LC_REGFILE_H
#define LC_REGFILE_H

#include "err.h"

/*
 * Open path read-only if it is a regular file: looked at with stat first (a device is
 * never opened), then opened with O_NONBLOCK (a FIFO swapped in meanwhile does not
 * block) and checked again on the fd. Returns the fd or -errno with err saying
 * "cannot open <what>: <why>" (what: e.g. "batch file 'x'").
 */
int lc_open_regular(const char *path, const char *what, struct lc_err *err);

struct bpf_object;

/*
 * libbpf's bpf_object__open_file on a path checked by lc_open_regular (through
 * /proc/self/fd, so the file checked is the file read), named as libbpf names it.
 * NULL with err filled on failure.
 */
struct bpf_object *lc_bpf_object_open(const char *path, struct lc_err *err);

#endif
