/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * link_exec.h: exec a command that takes over a bpf_link, in the style of systemd socket
 * activation: the link is fd 3, LISTEN_FDS=1 and LISTEN_PID name it, and when the
 * command exits (its last reference gone) the attachment goes with it.
 */
#ifndef LC_LINK_EXEC_H
#define LC_LINK_EXEC_H

#include <stddef.h>

#include "err.h"

#define LC_HANDOFF_FD 3     /* SD_LISTEN_FDS_START */

/*
 * The executable argv0 names: itself when it contains a '/', otherwise the first match
 * along $PATH. Lets callers refuse an unknown command before they reach the point of no
 * return (an ack sent, a pin removed).
 */
int lc_handoff_resolve(const char *argv0, char *path, size_t len, struct lc_err *err);

/*
 * Replace this process with argv (NULL-terminated) holding link_fd as fd 3, with
 * LISTEN_FDS=1, LISTEN_PID=<our pid, which exec keeps>, LISTEN_FDNAMES=bpf_link,
 * LINKCTL_LINK_ID=<id> and LINKCTL_LINK_FD=3 in its environment. Every other fd above
 * stderr is marked close-on-exec first, so the command inherits stdio and fd 3 only.
 * Returns only on failure: link_fd is then still open and fd 3 is as it was (so the
 * caller can put the link back, re-pin it, before giving up); the five variables are
 * removed from the environment and fds above 3 stay close-on-exec.
 */
int lc_handoff_exec(int link_fd, char *const argv[], struct lc_err *err);

#endif
