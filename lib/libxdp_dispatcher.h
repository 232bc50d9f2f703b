/* SPDX-License-Identifier: GPL-2.0-only */
/* libxdp_dispatcher.h: recognise libxdp's multi-program dispatcher on an XDP hook, and its component programs. */
#ifndef LC_LIBXDP_DISPATCHER_H
#define LC_LIBXDP_DISPATCHER_H

#include <limits.h>
#include <stdbool.h>
#include <linux/types.h>

#include "err.h"

/* libxdp's prog_dispatcher.h: the ABI of the dispatcher's .rodata config, version 2. */
#define LC_XDP_DISPATCHER_MAGIC   236
#define LC_XDP_DISPATCHER_SLOTS   10

/* One slot of the dispatcher: the program an freplace link puts there, and its config. */
struct lc_xdp_component {
	__u32 slot;                 /* progN: the order of the calls */
	__u32 prog_id;              /* 0: no freplace link fills the slot */
	__u32 link_id;
	__u32 run_prio;
	__u32 chain_call_actions;   /* bit set of XDP actions that go on to the next slot */
};

struct lc_xdp_dispatcher {
	__u32 prog_id;
	__u32 version;              /* dispatcher_version of the config */
	__u32 num_progs_enabled;
	bool config_read;           /* false: the config map could not be read (priorities unknown) */
	struct lc_xdp_component slots[LC_XDP_DISPATCHER_SLOTS];
	__u32 n_slots;              /* slots shown: num_progs_enabled, or those with a link */
	__u32 n_linked;             /* slots an freplace link fills */
	char pin_dir[PATH_MAX];     /* libxdp's BPFFS/xdp/dispatch-IFINDEX-PROGID, "" if none is seen */
};

/*
 * Whether prog_id is a libxdp dispatcher (an XDP program named xdp_dispatcher whose .rodata
 * carries the dispatcher magic): 1 and d filled, 0 if not, -errno. Its components are the
 * freplace (tracing) links whose target is the dispatcher, placed by the BTF name of the
 * function they replace (prog0..prog9). ifindex locates libxdp's pin directory.
 */
int lc_xdp_dispatcher_read(__u32 prog_id, __u32 ifindex, struct lc_xdp_dispatcher *d,
			   struct lc_err *err);

/* "xdp_dispatcher" by name alone: the cheap test before lc_xdp_dispatcher_read. */
bool lc_xdp_dispatcher_name(const char *prog_name);

/* "prog 51 (slot 0, prio 10), prog 52 (slot 1, prio 20)" for refusals. */
void lc_xdp_dispatcher_describe(const struct lc_xdp_dispatcher *d, char *buf, size_t len);

#endif
