/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * audit.h: every attachment of the node, and the findings a CI job gates on: each with a
 * stable code and the object it names. One source is one row of lib/audit.c's table.
 */
#ifndef LC_AUDIT_H
#define LC_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "owners.h"
#include "pins.h"
#include "xdp_node.h"

enum lc_audit_code {
	LC_AUDIT_XDP_NETLINK,       /* an XDP program attached via netlink: no owner */
	LC_AUDIT_PIN_DIR_WRITABLE,  /* a link kept only by pins another user can remove */
	LC_AUDIT_PIN_DEFUNCT,       /* a pin of a detached link */
	LC_AUDIT_PIN_NETNS_GONE,    /* a holderless detached link pinned for a namespace now gone */
	LC_AUDIT_CODES,
};

/* The stable name of a code ("xdp-netlink"), and back (-1 when unknown). */
const char *lc_audit_code_str(enum lc_audit_code code);
int lc_audit_code_parse(const char *name);

struct lc_audit_finding {
	enum lc_audit_code code;
	/* xdp-netlink: the hook */
	const struct lc_netns *ns;
	__u32 ifindex, prog_id;
	int mode;
	char devname[16];
	/* pin-*: the link and the pin */
	__u32 link_id;
	const char *pin_path;       /* into audit->pins */
	unsigned long long netns_ino;   /* pin-netns-gone: the namespace the pin was made for */
	char why[LC_ERR_MSG_MAX + 64];
};

struct lc_audit {
	unsigned int ignore;        /* bit set of (1 << code) not looked for */
	struct lc_xdp_node node;
	struct lc_pins pins;
	struct lc_owners owners;
	size_t xdp_hooks, links;
	struct lc_audit_finding *v;
	size_t n, cap;
};

/* Read the node once (namespaces, XDP hooks, link-iterator pass, pins, owners) and run
 * every source not in a->ignore (set it before). A failure leaves nothing to free. */
int lc_audit_run(struct lc_audit *a, struct lc_err *err);
void lc_audit_free(struct lc_audit *a);

#endif
