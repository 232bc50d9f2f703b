/* SPDX-License-Identifier: GPL-2.0-only */
/* print_netns.h: a network namespace as a field of whatever lives in it (links, -A, audit). */
#ifndef LC_PRINT_NETNS_H
#define LC_PRINT_NETNS_H

#include <stdbool.h>

#include "out.h"
#include "../lib/netns_all.h"

/* JSON key: {"ino", "name", "pid", "comm", "mount", "fd_holder"} (null where unknown); no text. */
void print_netns_obj(struct out *o, const char *key, const struct lc_netns *ns);
/* Text "netns LABEL" (blue, pid 4242 (comm), /mount/path, pid 4243 (comm) fd 3); nothing in JSON. */
void print_netns_text(struct out *o, const struct lc_netns *ns);
/*
 * The namespace of inode ino, described by ns when the node's list has it: JSON "netns"
 * as print_netns_obj (name, pid and comm null when ns is NULL; null when ino is 0); with
 * text, "  netns LABEL" (or "  netns ino N") when ino is known.
 */
void print_netns_ref(struct out *o, unsigned long long ino, const struct lc_netns *ns, bool text);

#endif
