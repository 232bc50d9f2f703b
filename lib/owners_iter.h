/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * owners_iter.h: who holds each bpf_link, read in one pass inside the kernel by a BPF
 * task_file iterator (bpf/owners_iter.bpf.c): per link fd, no readlink, fd copy or info
 * call from user space.
 * It is the fast path: bench/link-list measures it against the /proc walk (lib/owners.c).
 */
#ifndef LC_OWNERS_ITER_H
#define LC_OWNERS_ITER_H

#include "owners.h"

/*
 * Append to o (unsorted) every (pid, fd, comm) holding a link, this process excluded.
 * The iterator is itself a link while it runs: its ID goes to *scanner_link_id so a
 * listing can leave it out. Any failure (no BTF, no privilege, a kernel without the
 * iterator, LINKCTL_BPF_ITER=0, a pid namespace the kernel's pids don't match) returns -errno and adds
 * nothing: the caller falls back to /proc.
 * only_link_id non-zero: that link's holders only (the kernel leaves the others out).
 */
int lc_owners_iter_links(struct lc_owners *o, __u32 only_link_id, __u32 *scanner_link_id,
			 struct lc_err *err);
/* The program lc_owners_iter_links keeps under lc_iter_cache_begin: unload it. */
void lc_owners_iter_cache_release(void);

#endif
