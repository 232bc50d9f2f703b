/* SPDX-License-Identifier: GPL-2.0-only */
/* netns.h: joining a named network namespace, and naming the one we are in. */
#ifndef LC_NETNS_H
#define LC_NETNS_H

#include "err.h"

/*
 * Join /run/netns/NAME (CLONE_NEWNET only). Unlike `ip netns exec` nothing is
 * remounted, so /sys/fs/bpf stays the bpffs the caller already sees.
 */
int lc_netns_join(const char *name, struct lc_err *err);
/* Inode of the current network namespace (for default pin paths), 0 on failure. */
unsigned long long lc_netns_self_ino(void);

#endif
