/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * self_iter.h: one device's XDP hooks and one link's reference count, read by BPF task
 * iterators that visit this thread alone (bpf/self_iter.bpf.c): the cost of one verb on
 * one device or link does not grow with the links and processes of the host.
 */
#ifndef LC_SELF_ITER_H
#define LC_SELF_ITER_H

#include <linux/types.h>

#include "err.h"

struct lc_self_hooks {
	__u32 prog_id[3];               /* by XDP mode (skb, drv, hw): what runs; 0: empty */
	__u32 link_id[3];               /* the bpf_link holding the hook; 0: none or unsettled */
	unsigned int links;             /* bit m: a link holds hook m */
};

/*
 * The hooks of the device with ifindex in this thread's network namespace, as the device
 * holds them: exact (no link of another namespace can be taken for one of these). -ENODEV:
 * the program did not find the device; other -errno: it cannot run (err says why; under
 * LINKCTL_BPF_ITER=0 too). Either way the caller reads the hooks another way.
 */
int lc_self_xdp_hooks(__u32 ifindex, struct lc_self_hooks *h, struct lc_err *err);

/*
 * The reference count of the link behind this process's link_fd: one for each file on the
 * link (link_fd's among them) and each pin, and more while the kernel works on it. So
 * refs == 1 + the pins found proves nobody else holds it. -errno: cannot tell.
 */
int lc_self_link_refs(int link_fd, long long *refs, struct lc_err *err);

/* The program kept under lc_iter_cache_begin (lib/iter_cache.h): unload it. */
void lc_self_iter_cache_release(void);

#endif
