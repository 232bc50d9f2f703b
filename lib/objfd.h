/* SPDX-License-Identifier: GPL-2.0-only */
/* objfd.h: what kind of BPF object an fd refers to, and opening pins of one kind only. */
#ifndef LC_OBJFD_H
#define LC_OBJFD_H

#include <linux/types.h>

#include "err.h"

enum lc_obj_kind { LC_OBJ_NONE, LC_OBJ_LINK, LC_OBJ_PROG, LC_OBJ_MAP, LC_OBJ_OTHER };

/* Kind of fd in process pid (0 = ourselves), from its /proc fd symlink. */
enum lc_obj_kind lc_fd_kind(int pid, int fd);
/* Kind from an fd symlink target ("anon_inode:bpf_link" ...). */
enum lc_obj_kind lc_fd_kind_from_target(const char *target);
const char *lc_obj_kind_str(enum lc_obj_kind kind);

/*
 * Open the object pinned at path and check it is of kind want; any other kind is
 * refused (and closed) with a message naming what is there. Returns an fd (O_CLOEXEC).
 */
int lc_obj_get_kind(const char *path, enum lc_obj_kind want, struct lc_err *err);

/* The ID of a link/prog/map fd (0 on failure). */
__u32 lc_obj_id(int fd, enum lc_obj_kind kind);

#endif
