/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * audit_findings.h: every attachment of the node, and the findings a CI job gates on: each with a
 * stable code and the object it names. One source is one row of lib/audit_findings.c's table.
 */
#ifndef LC_AUDIT_FINDINGS_H
#define LC_AUDIT_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "tcx.h"
#include "owners.h"
#include "pins.h"
#include "xdp_node.h"

enum lc_audit_code {
	LC_AUDIT_XDP_NETLINK,       /* an XDP program attached via netlink: no owner */
	LC_AUDIT_PIN_DIR_WRITABLE,  /* a link kept only by pins another user can remove */
	LC_AUDIT_PIN_DEFUNCT,       /* a pin of a detached link */
	LC_AUDIT_PIN_NETNS_GONE,    /* a holderless detached link pinned for a namespace now gone */
	LC_AUDIT_CGROUP_PROG_ATTACH, /* a program attached to a cgroup by BPF_PROG_ATTACH: no owner */
	LC_AUDIT_TC_CLS_BPF,        /* a tc cls_bpf filter on clsact: tc holds it, no owner */
	LC_AUDIT_TCX_PROG_ATTACH,   /* a tcx entry attached by BPF_PROG_ATTACH: no link, no owner */
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
	/* cgroup-prog-attach: the cgroup and the attach type (prog_id above) */
	char *cgroup_path;          /* the cgroup's directory (owned) */
	__u64 cgroup_id;
	__u32 attach_type, attach_flags;
	/* tc-cls-bpf: ns, ifindex, devname, prog_id above, and the filter */
	enum lc_tcx_dir dir;
	struct lc_tc_filter filter;
	/* tcx-prog-attach: ns, ifindex, devname, dir, prog_id above, and its place (1-based) */
	size_t position;
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
	size_t xdp_hooks, links, tcx_links;
	/*
	 * what the cgroup, tc and tcx sources read; -1 when their code is ignored (not looked
	 * at) or, for tcx_progs, when the kernel has no tcx (tcx_unsupported)
	 */
	long cgroups, cgroup_progs, tc_filters, tcx_progs;
	bool tcx_unsupported;
	struct lc_audit_finding *v;
	size_t n, cap;
};

/* Read the node once (namespaces, XDP hooks, link-iterator pass, pins, owners) and run
 * every source not in a->ignore (set it before). A failure leaves nothing to free. */
int lc_audit_run(struct lc_audit *a, struct lc_err *err);
void lc_audit_free(struct lc_audit *a);

/* For the sources: one more finding (zeroed but for code), NULL on ENOMEM (err says so). */
struct lc_audit_finding *lc_audit_add(struct lc_audit *a, enum lc_audit_code code,
				      struct lc_err *err);
/* lib/audit_findings_unowned.c: the sources of cgroup-prog-attach, tc-cls-bpf and tcx-prog-attach. */
int lc_audit_find_cgroup_prog_attach(struct lc_audit *a, struct lc_err *err);
int lc_audit_find_tc_cls_bpf(struct lc_audit *a, struct lc_err *err);
int lc_audit_find_tcx_prog_attach(struct lc_audit *a, struct lc_err *err);

#endif
