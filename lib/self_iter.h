/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * self_iter.h: one device's XDP hooks and one link's reference count, read by BPF task
 * iterators that visit this thread alone (bpf/self_hook.bpf.c, bpf/self_links.bpf.c): the
 * cost of one verb on one device or link does not grow with the links and processes of
 * the host.
 */
#ifndef LC_SELF_ITER_H
#define LC_SELF_ITER_H

#include <stdbool.h>
#include <linux/types.h>

#include "err.h"
#include "link_iter.h"
#include "pins.h"

struct lc_self_hooks {
	__u32 prog_id[3];               /* by XDP mode (skb, drv, hw): what runs; 0: empty */
	__u32 link_id[3];               /* the bpf_link holding the hook; 0: none or unsettled */
	unsigned int links;             /* bit m: a link holds hook m */
};

/*
 * The hooks of the device with ifindex in this thread's network namespace, as the device
 * holds them: exact (no link of another namespace can be taken for one of these). -ENODEV:
 * the program did not find the device; other -errno: it cannot run (err says why; under
 * LINKCTL_BPF_ITER=0 or LINKCTL_SELF_ITER=0 too). Either way the caller reads the hooks
 * another way.
 */
int lc_self_xdp_hooks(__u32 ifindex, struct lc_self_hooks *h, struct lc_err *err);

/*
 * The reference count of link link_id, read through this process's fds on it (fd is one),
 * and how many distinct files those fds are: the count holds one for each file on the
 * link and each pin, and more while the kernel works on it. So refs == own_files + the
 * pinned files proves nobody else holds it. -errno: cannot tell.
 */
int lc_self_link_refs(__u32 link_id, int fd, long long *refs, unsigned int *own_files,
		      struct lc_err *err);

/*
 * The device of link link_id as the link holds it (ifindex, network namespace, detached or
 * not, its XDP hook: the link iterator's record of it, with prog_id as the caller gives
 * it), read through fd, the caller's on it (-1: one is opened here): the same cost
 * whatever the host holds. -errno: it cannot run (LINKCTL_SELF_ITER=0 or
 * LINKCTL_BPF_ITER=0 too), or not a device link.
 */
int lc_self_link_dev(__u32 link_id, int fd, __u32 prog_id, struct lc_link_rec *rec,
		     struct lc_err *err);

/*
 * Whether nothing but its pins holds link link_id (pins: a scan of every bpffs, any kinds):
 * its reference count, read through fd (the caller's on it; -1: one is opened here), is
 * our files' plus one per pinned file (a file linked under two names is one reference).
 * false: someone may hold it, or the count could not be read, or LINKCTL_OWNERS_PROC asks
 * for /proc: the caller looks.
 */
bool lc_link_held_by_pins_only(__u32 link_id, int fd, const struct lc_pins *pins);

/* Whether the self iterators may run at all (LINKCTL_SELF_ITER, LINKCTL_BPF_ITER). */
bool lc_self_iter_on(void);

/* The program kept under lc_iter_cache_begin (lib/iter_cache.h): unload it. */
void lc_self_iter_cache_release(void);

#endif
