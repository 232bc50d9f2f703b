/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nsfs_fds_iter.h: every fd on a namespace (nsfs) that a process holds, read in one pass
 * inside the kernel by a BPF task_file iterator (bpf/nsfs_fds_iter.bpf.c) instead of a
 * readlink of every fd under /proc.
 */
#ifndef LC_NSFS_FDS_ITER_H
#define LC_NSFS_FDS_ITER_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

struct lc_nsfs_fd {
	pid_t pid;
	int fd;
	unsigned long long ino;     /* the namespace's inode (any namespace type) */
	char comm[16];
};

struct lc_nsfs_fds {
	struct lc_nsfs_fd *v;       /* in the kernel's task order (by pid), then by fd */
	size_t n, cap;
};

/*
 * Every nsfs fd of every process but this one. self_ino is a namespace this process holds
 * an fd on: its record proves the kernel's pids are ours. Any failure (no BTF, no
 * privilege, LINKCTL_BPF_ITER=0, another pid namespace) returns -errno and leaves f
 * empty: the caller reads /proc instead.
 */
int lc_nsfs_fds_read(struct lc_nsfs_fds *f, unsigned long long self_ino, struct lc_err *err);
void lc_nsfs_fds_free(struct lc_nsfs_fds *f);

#endif
